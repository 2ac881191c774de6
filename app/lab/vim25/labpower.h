#pragma once

#include "datastore/datanode.h"
#include "objecttable.h"
#include "soapwriter.h"

#include <QDateTime>
#include <QHash>

#include <expected>
#include <mutex>
#include <optional>

namespace Ferry::Lab {

// Power changes of the lab's VMs over the read-only object table: ShutdownGuest (the
// guest goes down guestShutdownMs later, as a real one takes its time) and PowerOffVM_Task
// (a Task that has already succeeded). Answers runtime.powerState and
// summary.runtime.powerState of VMs and info / info.state / info.error of its tasks for
// the collector. Nothing powers a VM on. Thread-safe.
class LabPower
{
public:
    static constexpr int defaultGuestShutdownMs = 2000;

    explicit LabPower(const ObjectTable &objects, int guestShutdownMs = defaultGuestShutdownMs);

    // A value replacing the object table's for this path, or nullopt.
    std::optional<DataNode> property(const QString &moref, const QString &path) const;
    // "Task" for a task this started, else empty.
    QByteArray typeOf(const QString &moref) const;

    std::expected<void, SoapFault> shutdownGuest(const QString &vm);
    // The task's moref.
    std::expected<QString, SoapFault> powerOff(const QString &vm);

private:
    QString stateLocked(const QString &vm) const;
    std::optional<SoapFault> checkVm(const QString &vm) const;

    const ObjectTable &m_objects;
    const int m_guestShutdownMs;
    mutable std::mutex m_mutex;
    mutable QHash<QString, QString> m_states;      // VM moref -> its power state, once changed
    mutable QHash<QString, QDateTime> m_goingDown; // VM moref -> when its guest is down
    QHash<QString, DataNode> m_tasks;              // task moref -> TaskInfo
    int m_nextTask = 1;
};

} // namespace Ferry::Lab
