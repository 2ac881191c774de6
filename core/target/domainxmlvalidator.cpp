#include "domainxmlvalidator.h"

#include "process/childprocess.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace Ferry {

DomainXmlValidator::DomainXmlValidator(int timeoutMs)
    : m_timeoutMs(timeoutMs)
{
}

Result<void> DomainXmlValidator::validateFile(const QString &path) const
{
    const QString program = QStandardPaths::findExecutable(u"virt-xml-validate"_s);
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"virt-xml-validate was not found; install the libvirt-clients package."_s);
    QProcess process;
    ChildProcess::prepare(process);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, {path, u"domain"_s});
    if (!process.waitForStarted(m_timeoutMs))
        return fail(ErrorCode::Process, u"virt-xml-validate could not start: %1"_s.arg(process.errorString()));
    if (!process.waitForFinished(m_timeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        return fail(ErrorCode::Process, u"virt-xml-validate did not finish within %1 s."_s.arg(m_timeoutMs / 1000));
    }
    const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return {};
    // The first line that names a problem; "fails to validate" is only the summary.
    QString first;
    for (const QString &line : output.split(u'\n')) {
        if (!line.contains(u"fails to validate"_s) && !line.trimmed().isEmpty()) {
            first = line.trimmed();
            break;
        }
    }
    return fail(ErrorCode::Usage, u"The domain XML %1 does not match libvirt's schema: %2"_s.arg(path, first.isEmpty() ? output : first),
                output);
}

Result<void> DomainXmlValidator::validate(const QString &xml) const
{
    QTemporaryFile file(u"%1/ferry-domain-XXXXXX.xml"_s.arg(QDir::tempPath()));
    if (!file.open())
        return fail(ErrorCode::Io, u"Cannot create a temporary file to validate domain XML: %1"_s.arg(file.errorString()));
    const QByteArray bytes = xml.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.flush())
        return fail(ErrorCode::Io, u"Cannot write %1: %2"_s.arg(file.fileName(), file.errorString()));
    return validateFile(file.fileName());
}

} // namespace Ferry
