#include "labpower.h"

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

const QString poweredOn = u"poweredOn"_s;
const QString poweredOff = u"poweredOff"_s;

SoapFault invalidPowerState(const QString &existing)
{
    return SoapFault{"InvalidPowerState", u"The attempted operation cannot be performed in the current state (%1)."_s.arg(existing),
                     "<requestedState>poweredOn</requestedState><existingState>" + SoapWriter::escape(existing) + "</existingState>"};
}

DataNode powerStateNode(const QString &state)
{
    return DataNode::scalar("VirtualMachinePowerState", state);
}

} // namespace

LabPower::LabPower(const ObjectTable &objects, int guestShutdownMs)
    : m_objects(objects)
    , m_guestShutdownMs(guestShutdownMs)
{
}

QString LabPower::stateLocked(const QString &vm) const
{
    const auto down = m_goingDown.constFind(vm);
    if (down != m_goingDown.cend() && QDateTime::currentDateTimeUtc() >= *down) {
        m_states.insert(vm, poweredOff);
        m_goingDown.erase(down);
    }
    if (const auto state = m_states.constFind(vm); state != m_states.cend())
        return *state;
    const LabObject *object = m_objects.object(vm);
    const DataNode *node = object ? object->find(u"runtime.powerState"_s) : nullptr;
    return node ? node->text() : QString();
}

std::optional<DataNode> LabPower::property(const QString &moref, const QString &path) const
{
    std::lock_guard lock(m_mutex);
    if (const auto task = m_tasks.constFind(moref); task != m_tasks.cend()) {
        if (path == u"info")
            return *task;
        if (const DataNode *field = path.startsWith(u"info.") ? task->find(QStringView(path).mid(5)) : nullptr)
            return *field;
        return std::nullopt;
    }
    if (path != u"runtime.powerState" && path != u"summary.runtime.powerState")
        return std::nullopt;
    const LabObject *object = m_objects.object(moref);
    if (!object || object->type != "VirtualMachine")
        return std::nullopt;
    return powerStateNode(stateLocked(moref));
}

QByteArray LabPower::typeOf(const QString &moref) const
{
    std::lock_guard lock(m_mutex);
    return m_tasks.contains(moref) ? QByteArray("Task") : QByteArray();
}

std::optional<SoapFault> LabPower::checkVm(const QString &vm) const
{
    const LabObject *object = m_objects.object(vm);
    if (!object || object->type != "VirtualMachine")
        return SoapFault{"ManagedObjectNotFound",
                         u"The object 'vim.VirtualMachine:%1' has already been deleted or has not been completely created"_s.arg(vm),
                         SoapWriter::reference("obj", "VirtualMachine", vm)};
    return std::nullopt;
}

std::expected<void, SoapFault> LabPower::shutdownGuest(const QString &vm)
{
    if (auto fault = checkVm(vm))
        return std::unexpected(*fault);
    std::lock_guard lock(m_mutex);
    const QString state = stateLocked(vm);
    if (state != poweredOn)
        return std::unexpected(invalidPowerState(state));
    if (!m_goingDown.contains(vm))
        m_goingDown.insert(vm, QDateTime::currentDateTimeUtc().addMSecs(m_guestShutdownMs));
    return {};
}

std::expected<QString, SoapFault> LabPower::powerOff(const QString &vm)
{
    if (auto fault = checkVm(vm))
        return std::unexpected(*fault);
    std::lock_guard lock(m_mutex);
    const QString state = stateLocked(vm);
    if (state == poweredOff)
        return std::unexpected(invalidPowerState(state));
    m_goingDown.remove(vm);
    m_states.insert(vm, poweredOff);
    const QString task = u"haTask-%1-vim.VirtualMachine.powerOff-%2"_s.arg(vm).arg(m_nextTask++);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    m_tasks.insert(task,
                   DataNode::object("TaskInfo")
                       .add("key", DataNode::string(task))
                       .add("task", DataNode::reference("Task", task))
                       .add("name", DataNode::string(u"vim.VirtualMachine.powerOff"_s))
                       .add("descriptionId", DataNode::string(u"VirtualMachine.powerOff"_s))
                       .add("entity", DataNode::reference("VirtualMachine", vm))
                       .add("state", DataNode::scalar("TaskInfoState", u"success"_s))
                       .add("cancelled", DataNode::boolean(false))
                       .add("cancelable", DataNode::boolean(false))
                       .add("queueTime", DataNode::dateTime(now))
                       .add("startTime", DataNode::dateTime(now))
                       .add("completeTime", DataNode::dateTime(now)));
    return task;
}

} // namespace Ferry::Lab
