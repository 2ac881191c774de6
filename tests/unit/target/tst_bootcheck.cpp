#include "target/bootcheck.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

using Kind = BootCheck::ConsoleVerdict::Kind;

class TestBootCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loginPromptPasses()
    {
        // As the VMware-shaped Debian guest prints it on ttyS0 (escapes and CRs included).
        const QString console = u"[    2.104] systemd[1]: Reached target multi-user.target\r\n\x1b[0;1;39m\x1b[0m\r\n"
                                "Debian GNU/Linux 12 vmware-debian ttyS0\r\n\r\nvmware-debian login: "_s;
        const auto verdict = BootCheck::readConsole(console);
        QCOMPARE(verdict.kind, Kind::LoginPrompt);
        QCOMPARE(verdict.line, u"vmware-debian login:"_s);
    }

    void bootFailuresFail_data()
    {
        QTest::addColumn<QString>("console");
        QTest::newRow("initramfs-tools") << u"Gave up waiting for root file system device.\r\nALERT!  UUID=46455259 does not exist.  "
                                            "Dropping to a shell!\r\n\r\nBusyBox v1.35.0\r\n(initramfs) "_s;
        QTest::newRow("panic") << u"[    3.2] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\r\n"_s;
        QTest::newRow("dracut") << u"Generating \"/run/initramfs/rdsosreport.txt\"\r\ndracut:/# "_s;
        QTest::newRow("emergency") << u"You are in emergency mode. After logging in, type \"journalctl -xb\"\r\n"_s;
    }

    void bootFailuresFail()
    {
        QFETCH(QString, console);
        const auto verdict = BootCheck::readConsole(console);
        QCOMPARE(verdict.kind, Kind::Failure);
        QVERIFY(!verdict.line.isEmpty());
    }

    void theLastWordWins()
    {
        // A login prompt after an emergency shell was left (and the other way round).
        QCOMPARE(BootCheck::readConsole(u"You are in emergency mode.\nhost login: "_s).kind, Kind::LoginPrompt);
        QCOMPARE(BootCheck::readConsole(u"host login: \n[ 9.1] Kernel panic - not syncing: Attempted to kill init!\n"_s).kind,
                 Kind::Failure);
    }

    void nothingYet()
    {
        QCOMPARE(BootCheck::readConsole(QString()).kind, Kind::Nothing);
        QCOMPARE(BootCheck::readConsole(u"Loading Linux 6.1.0-18-amd64 ...\nLoading initial ramdisk ...\n"_s).kind, Kind::Nothing);
        // "login:" inside a message is no prompt.
        QCOMPARE(BootCheck::readConsole(u"Started systemd-logind.service - User Login Management: login: ok\n"_s).kind, Kind::Nothing);
    }

    void tailAndJson()
    {
        QCOMPARE(BootCheck::tail(u"a\r\n\x1b[0mb\n\n c \n"_s, 2), u"b\nc"_s);
        BootCheckReport report = BootCheckReport::skipped(u"the domain was not started (--start not given)"_s);
        QCOMPARE(report.toJson().value(u"result"_s).toString(), u"skipped"_s);
        QVERIFY(report.toJson().contains(u"reason"_s));
        report.result = u"passed"_s;
        report.reason.clear();
        report.method = u"serial-console"_s;
        report.seconds = 41.26;
        report.seen = u"vmware-debian login:"_s;
        report.consoleLog = u"/r/vm/console.log"_s;
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(u"seconds"_s).toDouble(), 41.3);
        QCOMPARE(json.value(u"console_log"_s).toString(), u"/r/vm/console.log"_s);
        QVERIFY(!json.contains(u"reason"_s));
        QVERIFY(report.passed());
    }
};

QTEST_GUILESS_MAIN(TestBootCheck)
#include "tst_bootcheck.moc"
