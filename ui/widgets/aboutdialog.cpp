#include "aboutdialog.h"

#include "base/version.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"aboutDialog"_s);
    // Qt appends the application display name: "About — Ferry", not "About Ferry — Ferry".
    setWindowTitle(tr("About"));
    auto *layout = new QVBoxLayout(this);
    auto *icon = new QLabel(this);
    icon->setPixmap(windowIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    auto *text = new QLabel(this);
    text->setObjectName(u"aboutText"_s);
    text->setTextFormat(Qt::RichText);
    text->setAlignment(Qt::AlignCenter);
    text->setText(tr("<h2>Ferry %1</h2>"
                     "<p>Migrates virtual machines from VMware ESXi and vCenter to KVM (libvirt):<br>"
                     "many connections, byte-exact verified disks, resumable copies.</p>"
                     "<p>Built with Qt %2, running on Qt %3.</p>")
                      .arg(QString::fromLatin1(versionString), QString::fromLatin1(QT_VERSION_STR), QString::fromLatin1(qVersion())));
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Ferry
