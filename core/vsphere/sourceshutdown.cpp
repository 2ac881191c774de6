#include "sourceshutdown.h"

#include "objectproperties.h"
#include "soapfault.h"
#include "soapsession.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString poweredOff = u"poweredOff"_s;

// One shutdown in flight; owned by the callbacks that continue it.
struct Shutdown : std::enable_shared_from_this<Shutdown>
{
    SoapSession *session = nullptr;
    ManagedObjectRef vm;
    QString name;
    SourceShutdown::Options options;
    SourceShutdown::Callback done;
    ShutdownOutcome outcome;
    QElapsedTimer clock;
    QElapsedTimer waited;
    bool guestAsked = false;

    void start();
    void askGuest(const QString &tools);
    void pollGuest();
    void powerOff(const QString &why);
    void pollTask(const ManagedObjectRef &task);
    void confirmOff(const QString &action, const Error &otherwise);
    void later(std::chrono::milliseconds delay, std::function<void()> step);
    bool cancelled();
    void log(const QString &line) const;
    void finish(std::optional<Error> error = std::nullopt);
};

QString powerStateOf(const ObjectContent &content)
{
    const XmlElement *state = content.property(u"runtime.powerState"_s);
    return state ? state->text().trimmed() : QString();
}

// "the guest OS did not respond (ToolsUnavailable: ...)" from a fault Error.
QString faultText(const Error &error)
{
    return error.details().isEmpty() ? error.message() : error.details();
}

void Shutdown::log(const QString &line) const
{
    if (options.log)
        options.log(line);
}

bool Shutdown::cancelled()
{
    if (!options.cancelled || !options.cancelled->load())
        return false;
    finish(Error(ErrorCode::Cancelled,
                 u"cancelled while shutting %1 down; it is %2 and was not powered on again"_s.arg(
                     name, outcome.stateAfter.isEmpty() ? u"in an unknown state"_s : outcome.stateAfter)));
    return true;
}

void Shutdown::later(std::chrono::milliseconds delay, std::function<void()> step)
{
    auto self = shared_from_this();
    QTimer::singleShot(delay, session, [self, step = std::move(step)] { step(); });
}

void Shutdown::finish(std::optional<Error> error)
{
    outcome.seconds = double(clock.elapsed()) / 1000.0;
    outcome.error = std::move(error);
    auto callback = std::exchange(done, {});
    if (callback)
        callback(outcome);
}

void Shutdown::start()
{
    clock.start();
    auto self = shared_from_this();
    ObjectProperties::read(session, vm, {u"runtime.powerState"_s, u"guest.toolsRunningStatus"_s}, [self](Result<ObjectContent> content) {
        if (!content)
            return self->finish(content.error().prefixed(u"cannot read the power state of "_s + self->name));
        self->outcome.stateBefore = self->outcome.stateAfter = powerStateOf(*content);
        const XmlElement *tools = content->property(u"guest.toolsRunningStatus"_s);
        const QString &state = self->outcome.stateBefore;
        if (state == poweredOff)
            return self->finish();
        if (state == u"suspended")
            return self->finish(Error(ErrorCode::Unsupported,
                                      u"%1 is suspended: Ferry does not resume a VM to shut it down; resume it and shut it down "
                                      "yourself, or accept a crash-consistent copy"_s.arg(self->name)));
        if (state != u"poweredOn")
            return self->finish(Error(ErrorCode::Protocol, u"%1 has an unknown power state '%2'"_s.arg(self->name, state)));
        self->askGuest(tools ? tools->text().trimmed() : QString());
    });
}

void Shutdown::askGuest(const QString &tools)
{
    if (cancelled())
        return;
    // Without Tools ESXi answers ShutdownGuest with ToolsUnavailable: say it plainly.
    if (!tools.isEmpty() && tools != u"guestToolsRunning")
        return powerOff(u"VMware Tools are not running in the guest (%1)"_s.arg(tools));
    auto self = shared_from_this();
    session->invoke(u"ShutdownGuest"_s, vm, {}, [self](Result<XmlElement> response) {
        if (!response)
            return self->powerOff(u"the guest shutdown was refused: "_s + faultText(response.error()));
        self->guestAsked = true;
        self->log(u"%1: asked the guest to shut down through VMware Tools; waiting up to %2 s"_s.arg(self->name)
                      .arg(self->options.timeout.count()));
        self->waited.start();
        self->later(self->options.pollInterval, [self] { self->pollGuest(); });
    });
}

void Shutdown::pollGuest()
{
    if (cancelled())
        return;
    auto self = shared_from_this();
    ObjectProperties::read(session, vm, {u"runtime.powerState"_s}, [self](Result<ObjectContent> content) {
        if (content) {
            self->outcome.stateAfter = powerStateOf(*content);
            if (self->outcome.stateAfter == poweredOff) {
                self->outcome.action = u"graceful"_s;
                self->log(u"%1: the guest shut down after %2 s"_s.arg(self->name).arg(self->waited.elapsed() / 1000));
                return self->finish();
            }
        }
        const auto waitedFor = std::chrono::milliseconds(self->waited.elapsed());
        if (waitedFor >= self->options.timeout)
            return self->powerOff(u"the guest was still running %1 s after it was asked to shut down"_s.arg(self->options.timeout.count()));
        self->later(self->options.pollInterval, [self] { self->pollGuest(); });
    });
}

void Shutdown::powerOff(const QString &why)
{
    if (cancelled())
        return;
    outcome.gracefulFailure = why;
    log(u"%1: %2; powering it off"_s.arg(name, why));
    auto self = shared_from_this();
    session->invoke(u"PowerOffVM_Task"_s, vm, {}, [self](Result<XmlElement> response) {
        const Error refused(ErrorCode::Unsupported,
                            u"cannot shut %1 down: %2, and powering it off failed"_s.arg(self->name, self->outcome.gracefulFailure),
                            response ? QString() : faultText(response.error()));
        if (!response)
            return self->confirmOff(self->guestAsked ? u"graceful"_s : u"none"_s, refused);
        const ManagedObjectRef task = ManagedObjectRef::fromElement(response->child(u"returnval"));
        if (task.isNull())
            return self->finish(Error(ErrorCode::Protocol, u"the server started no task to power %1 off"_s.arg(self->name)));
        self->waited.start();
        self->pollTask(task);
    });
}

void Shutdown::pollTask(const ManagedObjectRef &task)
{
    if (cancelled())
        return;
    auto self = shared_from_this();
    ObjectProperties::read(session, task, {u"info.state"_s, u"info.error"_s}, [self, task](Result<ObjectContent> content) {
        if (!content)
            return self->finish(content.error().prefixed(u"cannot follow the power-off task of "_s + self->name));
        const XmlElement *state = content->property(u"info.state"_s);
        const QString text = state ? state->text().trimmed() : QString();
        if (text == u"success")
            return self->confirmOff(u"forced"_s,
                                    Error(ErrorCode::Protocol, u"%1 is not off after its power-off task succeeded"_s.arg(self->name)));
        if (text == u"error") {
            const XmlElement *error = content->property(u"info.error"_s);
            const QString message = error ? error->childText(u"localizedMessage") : QString();
            const QString type = error && error->child(u"fault") ? error->child(u"fault")->xsiType() : QString();
            return self->confirmOff(u"forced"_s,
                                    Error(ErrorCode::Unsupported,
                                          u"cannot shut %1 down: %2, and powering it off failed"_s.arg(self->name,
                                                                                                       self->outcome.gracefulFailure),
                                          QString(type + u": "_s + message).trimmed()));
        }
        if (std::chrono::milliseconds(self->waited.elapsed()) >= self->options.powerOffTimeout)
            return self->finish(Error(ErrorCode::Timeout,
                                      u"%1 was not powered off within %2 s"_s.arg(self->name).arg(self->options.powerOffTimeout.count())));
        self->later(std::chrono::milliseconds(500), [self, task] { self->pollTask(task); });
    });
}

// The last word is the VM's power state: off means done (the guest may have gone down by
// itself meanwhile), anything else is `otherwise`.
void Shutdown::confirmOff(const QString &action, const Error &otherwise)
{
    auto self = shared_from_this();
    ObjectProperties::read(session, vm, {u"runtime.powerState"_s}, [self, action, otherwise](Result<ObjectContent> content) {
        if (content)
            self->outcome.stateAfter = powerStateOf(*content);
        if (self->outcome.stateAfter != poweredOff)
            return self->finish(otherwise);
        self->outcome.action = action;
        if (action == u"forced")
            self->log(u"%1: powered off"_s.arg(self->name));
        self->finish();
    });
}

} // namespace

void SourceShutdown::run(SoapSession *session, const ManagedObjectRef &vm, const QString &name, const Options &options, Callback done)
{
    auto shutdown = std::make_shared<Shutdown>();
    shutdown->session = session;
    shutdown->vm = vm;
    shutdown->name = name;
    shutdown->options = options;
    shutdown->done = std::move(done);
    shutdown->start();
}

} // namespace Ferry
