#include "version.h"
#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QString::fromLatin1(Ferry::applicationName));
    QApplication::setApplicationVersion(QString::fromLatin1(Ferry::versionString));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    Ferry::MainWindow window;
    window.show();
    return QApplication::exec();
}
