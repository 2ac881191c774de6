#include "version.h"
#include "wizard/ferrywizard.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ferry"));
    QApplication::setApplicationDisplayName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QString::fromLatin1(Ferry::versionString));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    Ferry::FerryWizard wizard;
    wizard.show();
    return QApplication::exec();
}
