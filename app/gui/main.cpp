#include "base/version.h"
#include "process/secrets.h"
#include "run/stalesweep.h"
#include "wizard/ferrywizard.h"
#include "wizard/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    Ferry::Secrets::forbidCoreDumps(); // the wizard holds the password and session cookie
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
    // What a killed earlier run left (mounts, loop and NBD devices, private directories).
    for (const QString &failure : Ferry::StaleSweep::run().failures)
        qWarning("%s", qPrintable(failure));
    Ferry::FerryWizard wizard;
    if (parser.isSet(profile))
        wizard.selectProfile(parser.value(profile));
    wizard.show();
    return QApplication::exec();
}
