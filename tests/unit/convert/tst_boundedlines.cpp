// BoundedLines: virt-v2v's output split into lines, none held longer than its cap.

#include "convert/boundedlines.h"

#include <QTest>

using namespace Ferry;

class TestBoundedLines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsAcrossReads()
    {
        BoundedLines lines(16);
        QCOMPARE(lines.add("one\ntw"), (QList<QByteArray>{"one"}));
        QCOMPARE(lines.add("o\n\nthree"), (QList<QByteArray>{"two", ""}));
        QCOMPARE(lines.finish(), (QList<QByteArray>{"three"}));
        QCOMPARE(lines.finish(), QList<QByteArray>());
        QCOMPARE(lines.cutLines(), 0);
    }

    void exactlyTheCapIsNotCut()
    {
        BoundedLines lines(4);
        QCOMPARE(lines.add("abcd"), QList<QByteArray>());
        QCOMPARE(lines.add("\nef\n"), (QList<QByteArray>{"abcd", "ef"}));
        QCOMPARE(lines.cutLines(), 0);
    }

    // A line without a newline in 1 MiB pieces: never more than the cap is held, its head
    // comes out once, and the next line is whole again.
    void endlessLineIsCutOnce()
    {
        BoundedLines lines(64 * 1024);
        const QByteArray piece(1024 * 1024, 'x');
        QList<QByteArray> out = lines.add(piece);
        QCOMPARE(out.size(), 1);
        QCOMPARE(out.first().size(), 64 * 1024);
        for (int i = 0; i < 8; ++i)
            QVERIFY(lines.add(piece).isEmpty());
        QCOMPARE(lines.add("tail\nnext line\n"), (QList<QByteArray>{"next line"}));
        QCOMPARE(lines.cutLines(), 1);
        QVERIFY(lines.add(QByteArray(64 * 1024 + 1, 'y')).size() == 1);
        QCOMPARE(lines.finish(), QList<QByteArray>());
        QCOMPARE(lines.cutLines(), 2);
    }
};

QTEST_GUILESS_MAIN(TestBoundedLines)
#include "tst_boundedlines.moc"
