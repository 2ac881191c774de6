#include "mainwindow.h"

#include "version.h"

#include <QLabel>

namespace Ferry {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Ferry %1").arg(QString::fromLatin1(versionString)));
    auto *label = new QLabel(tr("The migration wizard is not built yet.\n"
                                "Use ferry-cli, which runs the same engine: ferry-cli --help"),
                             this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    setMinimumSize(640, 400);
}

} // namespace Ferry
