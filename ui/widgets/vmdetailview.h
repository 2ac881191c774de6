#pragma once

#include <QTextBrowser>

namespace Ferry {

struct VmInfo;

// The VMs page's detail pane: where the current VM sits (datacenter, cluster, host,
// folder, vmx path), its power state, guest OS and firmware, and a row per disk
// (datastore path, capacity, controller) and per NIC (model, MAC, port group).
// Read-only; showVm(nullptr) shows a hint instead.
class VmDetailView final : public QTextBrowser
{
    Q_OBJECT

public:
    explicit VmDetailView(QWidget *parent = nullptr);

    void showVm(const VmInfo *vm);
    // The pane's HTML for vm; pure, for tests and for showVm().
    static QString html(const VmInfo &vm);
};

} // namespace Ferry
