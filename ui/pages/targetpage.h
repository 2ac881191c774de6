#pragma once

#include "controllers/directoryprobe.h"
#include "controllers/targetprobe.h"
#include "plan/migrationplan.h"
#include "target/outputdirectorystatus.h"

#include <QWizardPage>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace Ferry {

class WizardState;

// Page 4: where the VMs go — the local libvirt, another libvirt URI or an output
// directory — with the storage pool (and its free space), disk format, domain type
// (optionally another pool per disk) and the mapping of source networks to libvirt networks or bridges. libvirt is read
// by a TargetProbe off the GUI thread.
class TargetPage : public QWizardPage
{
    Q_OBJECT

public:
    enum class Choice { LocalLibvirt, OtherLibvirt, Directory };

    explicit TargetPage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    // Why Next is disabled (empty when it is not); the wizard shows it next to Next.
    Q_INVOKABLE QString incompleteReason() const;

private:
    QWidget *makeTargetBox();
    QWidget *makeOptionsBox();
    Choice choice() const;
    QString targetText() const;
    void targetChanged();
    void browseDirectory();
    void offerReceived(const TargetOffer &offer);
    void fillPools(const QList<StoragePoolInfo> &pools);
    void fillNetworkTable(const QStringList &targets, const QStringList &labels);
    // One row per disk of the selected VMs; pools empty (no libvirt yet): rows disabled.
    void fillDiskPoolTable(const QStringList &pools);
    QMap<QString, QString> diskPoolsFromTable() const;
    void updateSpaceNote();
    QMap<QString, QString> networkMapFromTable() const;
    void setStatus(const QString &text);
    // Output directory: writable, free space, per-VM folders of earlier runs; checked by
    // m_directoryProbe off the GUI thread, after a typing pause.
    void checkDirectory(int delayMs = 300);
    void directoryChecked(const QString &path, const OutputDirectoryStatus &status);
    QString directoryPath() const;
    bool directoryIsCurrent() const; // m_directoryStatus is about the path shown
    void fillExistingTable();
    // Resume / Overwrite (asked first) / Skip for each existing per-VM folder.
    bool applyExistingChoices(MigrationPlan &plan);
    void createDefaultPool();
    void updateNetworkWarning();

    WizardState *m_state;
    TargetProbe *m_probe;
    TargetOffer m_offer;
    QButtonGroup *m_choices;
    QLineEdit *m_uri;
    QLineEdit *m_directory;
    QComboBox *m_pool;
    QComboBox *m_format;
    QComboBox *m_virtType;
    QTableWidget *m_networks;
    QTableWidget *m_diskPools; // per-disk overrides of m_pool; plan().diskPools
    QLabel *m_status;
    QLabel *m_space;
    QPushButton *m_createPool;
    QLabel *m_networkWarning;
    QTableWidget *m_existing; // per-VM folders of earlier runs, with what to do about each
    DirectoryProbe *m_directoryProbe;
    OutputDirectoryStatus m_directoryStatus;
    QString m_checkedDirectory; // the path m_directoryStatus is about; empty: none yet
    QTimer *m_slowDirectory;    // says so when a check takes long (a hung mount)
    bool m_creatingPool = false;
};

} // namespace Ferry
