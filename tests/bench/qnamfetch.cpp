// The benchmark's QNetworkAccessManager peer (issue 16, item 4): the same job as
// Ferry's fetch side without its own HTTP client. One manager per worker thread,
// HTTP/2 off, N connections in all (each manager gets N / W concurrent requests, so it
// opens that many HTTP/1.1 connections), one Range GET per request, bounded read
// buffers, positional writes into one output file. No hashing and no zero detection:
// it measures the HTTP/TLS side only, like curl and aria2c.
//
//   ferry-bench-qnam URL OUTPUT SIZE --user USER --password-file FILE
//                    [--connections N] [--threads W] [--chunk BYTES]
// Certificates are not checked (the bench talks to its own ferry-lab on loopback).
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QThread>

#include <atomic>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kReadBuffer = 1 << 20;

struct Shared
{
    QUrl url;
    QByteArray authorization;
    qint64 size = 0;
    qint64 chunk = 32ll << 20;
    int fd = -1;
    std::atomic<qint64> next{0};
    std::atomic<bool> failed{false};
};

// One thread's manager and its share of the connections.
class Worker : public QObject
{
public:
    Worker(Shared &shared, int slots)
        : m_shared(shared)
        , m_slots(slots)
    {
    }

    void begin()
    {
        m_manager = new QNetworkAccessManager(this);
        for (int i = 0; i < m_slots; ++i)
            startNext();
    }

private:
    void startNext()
    {
        const qint64 offset = m_shared.next.fetch_add(m_shared.chunk);
        if (offset >= m_shared.size || m_shared.failed) {
            if (--m_slots == 0)
                thread()->quit();
            return;
        }
        const qint64 last = std::min(offset + m_shared.chunk, m_shared.size) - 1;
        QNetworkRequest request(m_shared.url);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setRawHeader("Range", "bytes=" + QByteArray::number(offset) + '-' + QByteArray::number(last));
        request.setRawHeader("Authorization", m_shared.authorization);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
        QNetworkReply *reply = m_manager->get(request);
        reply->setReadBufferSize(kReadBuffer);
        auto position = std::make_shared<qint64>(offset);
        connect(reply, &QNetworkReply::readyRead, this, [this, reply, position] { drain(reply, *position); });
        connect(reply, &QNetworkReply::finished, this, [this, reply, position, last] {
            drain(reply, *position);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() != QNetworkReply::NoError || status != 206 || *position != last + 1) {
                std::fprintf(stderr, "ferry-bench-qnam: range ending at %lld failed: %d %s\n", last, status,
                             qPrintable(reply->errorString()));
                m_shared.failed = true;
            }
            reply->deleteLater();
            startNext();
        });
    }

    void drain(QNetworkReply *reply, qint64 &position)
    {
        while (reply->bytesAvailable() > 0) {
            const qint64 n = reply->read(m_buffer.data(), m_buffer.size());
            if (n <= 0)
                return;
            if (::pwrite(m_shared.fd, m_buffer.constData(), size_t(n), off_t(position)) != n)
                m_shared.failed = true;
            position += n;
        }
    }

    Shared &m_shared;
    int m_slots;
    QNetworkAccessManager *m_manager = nullptr;
    QByteArray m_buffer = QByteArray(256 * 1024, Qt::Uninitialized);
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"url"_s, u"https URL of the file"_s);
    parser.addPositionalArgument(u"output"_s, u"output file"_s);
    parser.addPositionalArgument(u"size"_s, u"bytes to fetch"_s);
    const QCommandLineOption user(u"user"_s, u"user"_s, u"USER"_s);
    const QCommandLineOption passwordFile(u"password-file"_s, u"file with the password"_s, u"FILE"_s);
    const QCommandLineOption connections(u"connections"_s, u"connections in all"_s, u"N"_s, u"8"_s);
    const QCommandLineOption threads(u"threads"_s, u"threads, one manager each"_s, u"W"_s, u"2"_s);
    const QCommandLineOption chunk(u"chunk"_s, u"bytes per Range GET"_s, u"BYTES"_s, QString::number(32 << 20));
    parser.addOptions({user, passwordFile, connections, threads, chunk});
    parser.process(app);
    if (parser.positionalArguments().size() != 3) {
        std::fprintf(stderr, "usage: ferry-bench-qnam URL OUTPUT SIZE --user U --password-file F\n");
        return 2;
    }
    Shared shared;
    shared.url = QUrl(parser.positionalArguments().at(0));
    shared.size = parser.positionalArguments().at(2).toLongLong();
    shared.chunk = parser.value(chunk).toLongLong();
    QFile secret(parser.value(passwordFile));
    if (!secret.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "ferry-bench-qnam: cannot read the password file\n");
        return 2;
    }
    const QByteArray password = secret.readAll().trimmed();
    shared.authorization = "Basic " + QByteArray(parser.value(user).toUtf8() + ':' + password).toBase64();
    shared.fd = ::open(QFile::encodeName(parser.positionalArguments().at(1)).constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (shared.fd < 0 || ::ftruncate(shared.fd, shared.size) != 0) {
        std::fprintf(stderr, "ferry-bench-qnam: cannot create the output\n");
        return 2;
    }
    const int workerCount = std::max(1, parser.value(threads).toInt());
    const int total = std::max(workerCount, parser.value(connections).toInt());
    std::vector<std::unique_ptr<QThread>> pool;
    std::vector<std::unique_ptr<Worker>> workers;
    for (int w = 0; w < workerCount; ++w) {
        auto thread = std::make_unique<QThread>();
        auto worker = std::make_unique<Worker>(shared, total / workerCount + (w < total % workerCount ? 1 : 0));
        worker->moveToThread(thread.get());
        thread->start();
        QMetaObject::invokeMethod(worker.get(), &Worker::begin, Qt::QueuedConnection);
        pool.push_back(std::move(thread));
        workers.push_back(std::move(worker));
    }
    for (auto &thread : pool)
        thread->wait();
    ::close(shared.fd);
    return shared.failed ? 1 : 0;
}
