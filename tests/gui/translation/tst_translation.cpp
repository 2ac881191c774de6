// The German translation is complete, built into the program and used: the wizard
// shows the strings of translations/ferry_de.ts, Qt's own strings (QWizard's buttons)
// come from Qt's German catalogue, and plural forms follow the count.
#include "pages/summarypage.h"
#include "plan/preflight.h"
#include "vsphere/sourceaddress.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/translations.h"

#include <QAbstractButton>
#include <QFile>
#include <QLibraryInfo>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or one per numerus form
    bool unfinished = false;
};

QList<TsMessage> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<TsMessage> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (xml.readNextStartElement() || !xml.atEnd()) {
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name")
            context = xml.readElementText();
        else if (xml.name() == u"message")
            messages.append(TsMessage{context, {}, {}, false});
        else if (xml.name() == u"source" && !messages.isEmpty())
            messages.last().source = xml.readElementText();
        else if (xml.name() == u"translation" && !messages.isEmpty()) {
            messages.last().unfinished = xml.attributes().value(u"type"_s) == u"unfinished";
            // Plain text, or <numerusform> children (read by the branch below).
            if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
                messages.last().translations << xml.text().toString();
        } else if (xml.name() == u"numerusform" && !messages.isEmpty())
            messages.last().translations << xml.readElementText();
    }
    return messages;
}

QString tsPath()
{
    return QStringLiteral(FERRY_SOURCE_DIR "/translations/ferry_de.ts");
}

} // namespace

class TestTranslation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyMessageIsTranslated();
    void theWizardSpeaksGerman();
    void pluralsFollowTheCount();
    void noParenthesisPlurals();
    void coreMessagesTheWizardShows();
};

void TestTranslation::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(Translations::install(qApp, QLocale()), "ferry_de.qm is not built into the program");
}

void TestTranslation::everyMessageIsTranslated()
{
    const QList<TsMessage> messages = readTs(tsPath());
    QVERIFY(messages.size() > 100);
    for (const TsMessage &message : messages) {
        const QString where = message.context + u": "_s + message.source;
        QVERIFY2(!message.unfinished, qPrintable(u"unfinished: "_s + where));
        QVERIFY2(!message.translations.isEmpty(), qPrintable(u"empty: "_s + where));
        for (const QString &translation : message.translations) {
            for (const QString &placeholder : {u"%1"_s, u"%2"_s, u"%3"_s, u"%n"_s}) {
                QVERIFY2(message.source.contains(placeholder) == translation.contains(placeholder)
                             || (placeholder == u"%n" && message.translations.size() > 1),
                         qPrintable(u"placeholder %1 differs: "_s.arg(placeholder) + where));
            }
        }
    }
}

void TestTranslation::theWizardSpeaksGerman()
{
    QString expected;
    for (const TsMessage &message : readTs(tsPath())) {
        if (message.context == u"Ferry::StartPage" && message.source == u"Welcome to Ferry")
            expected = message.translations.value(0);
    }
    QVERIFY(!expected.isEmpty());
    QVERIFY(expected != u"Welcome to Ferry");
    FerryWizard wizard;
    wizard.show();
    QCOMPARE(wizard.page(StartPageId)->title(), expected);
    QVERIFY(wizard.page(SummaryPageId)->buttonText(QWizard::CommitButton) != u"&Start migration");
    if (!QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) + u"/qtbase_de.qm"_s))
        QSKIP("Qt's German catalogue (qt6-translations-l10n) is not installed");
    QVERIFY(!wizard.buttonText(QWizard::NextButton).contains(u"Next"_s));
}

void TestTranslation::pluralsFollowTheCount()
{
    const QString one = QCoreApplication::translate("Ferry::TuningPage", "&Use %n connection(s)", nullptr, 1);
    const QString many = QCoreApplication::translate("Ferry::TuningPage", "&Use %n connection(s)", nullptr, 8);
    QVERIFY(!one.contains(u"(s)"_s));
    QVERIFY(!many.contains(u"(s)"_s));
    QVERIFY(one.contains(u'1') && many.contains(u'8'));
    QVERIFY(QString(one).remove(u'1') != QString(many).remove(u'8'));
}

void TestTranslation::noParenthesisPlurals()
{
    // "VM(s)" only in a source text with %n, which both catalogues turn into real forms.
    const QList<TsMessage> english = readTs(QStringLiteral(FERRY_SOURCE_DIR "/translations/ferry_en.ts"));
    QSet<QString> englishPlurals;
    for (const TsMessage &message : english) {
        englishPlurals.insert(message.context + u'\n' + message.source);
        for (const QString &form : message.translations)
            QVERIFY2(!form.contains(u"(s)"_s), qPrintable(message.source));
    }
    for (const TsMessage &message : readTs(tsPath())) {
        const QString where = message.context + u": "_s + message.source;
        if (message.source.contains(u"(s)"_s)) {
            QVERIFY2(message.source.contains(u"%n"_s) && message.translations.size() > 1, qPrintable(u"no %n plural: "_s + where));
            QVERIFY2(englishPlurals.contains(message.context + u'\n' + message.source), qPrintable(u"no English forms: "_s + where));
        }
        for (const QString &translation : message.translations)
            QVERIFY2(!translation.contains(u"(s)"_s) && !translation.contains(u"(e)"_s) && !translation.contains(u"(n)"_s),
                     qPrintable(u"parenthesis plural in German: "_s + where));
    }
    // The Done page's summary at two counts, in German.
    const QString one = QCoreApplication::translate("Ferry::DonePage", "%n failed", nullptr, 1);
    const QString two = QCoreApplication::translate("Ferry::DonePage", "%n VM(s) migrated", nullptr, 2);
    QCOMPARE(one, u"1 fehlgeschlagen"_s);
    QCOMPARE(two, u"2 VMs migriert"_s);
}

void TestTranslation::coreMessagesTheWizardShows()
{
    // A preflight blocker on the VMs page and an address error on the source page.
    const auto expected = [](const QString &context, const QString &source) {
        for (const TsMessage &message : readTs(tsPath())) {
            if (message.context == context && message.source == source)
                return message.translations.value(0);
        }
        return QString();
    };
    VmInfo vm;
    vm.name = u"web01"_s;
    const QList<Finding> findings = preflight(vm);
    QVERIFY(hasBlocker(findings));
    const QString noDisks = expected(u"Ferry::Preflight"_s, u"%1 has no virtual disks to copy"_s);
    QVERIFY(!noDisks.isEmpty());
    QCOMPARE(findings.first().message, noDisks.arg(vm.name));
    const auto address = parseSourceAddress(QString());
    QVERIFY(!address.has_value());
    QCOMPARE(address.error().message(),
             expected(u"Ferry::SourceAddress"_s, u"enter the host name or address of the ESXi host or vCenter"_s));
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
