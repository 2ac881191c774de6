#include "base/version.h"
#include "wizard/ferrywizard.h"
#include "wizard/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ferry"));
    QApplication::setApplicationDisplayName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QString::fromLatin1(Ferry::versionString));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    // The application id: the .desktop file, the AppStream id and the theme icon's name.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.ferryproject.Ferry"));
    QIcon fallback;
    for (int size : {32, 64, 256})
        fallback.addFile(QStringLiteral(":/icons/ferry-%1.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.ferryproject.Ferry"), fallback));
    Ferry::Translations::install(&app);
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Migrate VMware ESXi and vCenter VMs to KVM."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QCoreApplication::translate("main", "Open the wizard with this saved profile chosen."),
                                     QStringLiteral("FILE"));
    parser.addOption(profile);
    parser.process(app);
    Ferry::FerryWizard wizard;
    if (parser.isSet(profile))
        wizard.selectProfile(parser.value(profile));
    wizard.show();
    return QApplication::exec();
}
