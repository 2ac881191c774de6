// TransferEngine against govmomi's simulator (ferry-vcsim), a peer nobody here
// wrote: Go's http.FileServer behind /folder, nested datacenter paths ("F0/DC1"),
// thin disks with holes. Every disk of both models is copied byte for byte.

#include "data/rawfilesink.h"
#include "data/sha256.h"
#include "fetch/transferengine.h"
#include "fixtures/vcsim/vcsimprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry;
using Ferry::Test::VcsimProcess;

namespace {

QString fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Sha256 sha;
    while (!file.atEnd())
        sha.update(file.read(4 << 20));
    return sha.finalHex();
}

} // namespace

class TestTransferVcsim : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<VcsimProcess> m_esx;
    std::unique_ptr<VcsimProcess> m_vc;
    QTemporaryDir m_out;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_out.isValid());
        m_esx = std::make_unique<VcsimProcess>(VcsimProcess::Model::Esx);
        m_vc = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc);
        for (VcsimProcess *server : {m_esx.get(), m_vc.get()}) {
            const auto started = server->start();
            QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
        }
    }

    // All disks of a model in one batch on one pool, as a multi-VM migration does.
    void copiesEveryDisk_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("esx") << u"esx"_s;
        QTest::newRow("vc") << u"vc"_s;
    }

    void copiesEveryDisk()
    {
        QFETCH(QString, model);
        const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
        const SourceEndpoint source = server.endpoint();
        TransferSettings settings;
        settings.connections = 4;
        settings.chunkSize = 8 << 20;
        TransferEngine engine(settings, source);
        std::vector<std::unique_ptr<RawFileSink>> sinks;
        QStringList expectedFiles;
        for (const QJsonValue &vm : server.expected().value(u"vms"_s).toArray()) {
            for (const QJsonValue &value : vm.toObject().value(u"disks"_s).toArray()) {
                const QJsonObject disk = value.toObject();
                const qint64 capacity = disk.value(u"capacity"_s).toInteger();
                const QString output = m_out.filePath(u"%1-%2.raw"_s.arg(model).arg(sinks.size()));
                sinks.push_back(std::make_unique<RawFileSink>(output));
                QVERIFY(sinks.back()->open(capacity, Sink::OpenMode::Create));
                DiskTransferSpec spec;
                spec.label = disk.value(u"fileName"_s).toString();
                spec.url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                            disk.value(u"flatPath"_s).toString());
                spec.capacity = capacity;
                spec.sink = sinks.back().get();
                engine.addDisk(spec);
                expectedFiles << disk.value(u"localFile"_s).toString();
            }
        }
        QVERIFY(!sinks.empty());
        QSignalSpy finished(&engine, &TransferEngine::finished);
        QSignalSpy diskFinished(&engine, &TransferEngine::diskFinished);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300'000);
        const auto error = finished.at(0).at(0).value<std::optional<Error>>();
        QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));
        QCOMPARE(diskFinished.count(), int(sinks.size()));
        for (size_t i = 0; i < sinks.size(); ++i) {
            QVERIFY(sinks[i]->commit());
            QCOMPARE(fileSha256(m_out.filePath(u"%1-%2.raw"_s.arg(model).arg(i))), fileSha256(expectedFiles[qsizetype(i)]));
        }
    }

    void cleanupTestCase()
    {
        m_esx.reset();
        m_vc.reset();
    }
};

QTEST_GUILESS_MAIN(TestTransferVcsim)
#include "tst_transfervcsim.moc"
