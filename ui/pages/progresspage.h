#pragma once

#include "controllers/migrationcontroller.h"
#include "fetch/throughputsample.h"
#include "plan/migrationreport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QWizardPage>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Ferry {

class ThroughputChart;
class WizardState;

// Page 7: runs the migration the summary page committed to. Per-VM and per-disk
// progress with rate and ETA, the live throughput chart, a bounded log, and Pause/Resume
// and Cancel. Complete when every VM has a final result; each result goes to
// WizardState::addReport for the done page.
//
// The copy runs in a MigrationController (worker thread); this page only reacts to its
// signals, so the GUI thread never waits for it.
class ProgressPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ProgressPage(WizardState *state, QWidget *parent = nullptr);
    ~ProgressPage() override;

    void initializePage() override;
    bool isComplete() const override;

    MigrationController *controller() const;

private:
    // Rate and ETA of one row (a disk, or a VM as the sum of its disks).
    struct Progress
    {
        qint64 done = 0;
        qint64 total = 0;
        qint64 lastDone = -1;
        qint64 lastMs = 0;
        double rate = 0; // bytes/s, exponentially smoothed
    };
    struct Row
    {
        QTreeWidgetItem *item = nullptr;
        QProgressBar *bar = nullptr;
        Progress progress;
    };

    QWidget *createButtons();
    void buildRows();
    Row addRow(QTreeWidgetItem *item, qint64 total);
    void onDiskProgressed(const QString &vm, int diskIndex, qint64 bytesDone, qint64 bytesTotal);
    void onVmStep(const QString &vm, const QString &step);
    static QString stepText(const QString &step);
    void onSampled(const ThroughputSample &sample);
    void onVmFinished(const MigrationReport &report, const QString &reportPath);
    void onStateChanged(MigrationController::State state);
    void onFinished(int succeeded, int failed);
    void appendLog(const QString &line);
    void updateRow(Row &row, qint64 done, qint64 total, qint64 nowMs);
    void resetRates();
    // Rate and ETA columns emptied (a pause or the end): no number stays that is no longer true.
    void clearRates();
    void pauseOrResume();
    void confirmCancel();
    void openLogFile();

    WizardState *m_state;
    MigrationController *m_controller;
    QTreeWidget *m_tree;
    QLabel *m_overall;
    ThroughputChart *m_chart;
    QPlainTextEdit *m_log;
    QPushButton *m_pauseButton;
    QPushButton *m_cancelButton;
    QHash<QString, Row> m_vmRows;
    QHash<QString, QList<Row>> m_diskRows;
    QSet<QString> m_finishedVms;       // VMs with a final result
    QHash<QString, QString> m_vmSteps; // the step after the copy each VM is in
    QElapsedTimer m_clock;             // for rates
    double m_overallEta = -1;          // seconds, from the last sample; bounds every row's ETA
    QString m_runRecord;               // UnfinishedRuns record of this run
    std::unique_ptr<QFile> m_logFile;
};

} // namespace Ferry
