#pragma once

#include "fetch/throughputsample.h"

#include <QList>
#include <QPair>
#include <QPointF>
#include <QWidget>

#include <memory>

class QTimer;

namespace Ferry {

// The live throughput chart: total and per-connection MB/s (10^6 bytes) over the
// transfer's seconds, in a sliding window. The only QtCharts user in Ferry; QtCharts
// types stay out of this header.
//
// Samples (~10/s) go into bounded point buffers (one point per bucket of
// window / maxPoints, the average of its samples, older points dropped); the series
// and axes are updated from those buffers at most ~6 times a second with one
// QXYSeries::replace per series, so the cost per sample does not grow with the
// window or the connection count. The time axis scrolls in steps of 1/30 of the window,
// so most flushes leave the axes alone. A sample whose elapsed time goes back (a resumed
// transfer starts a new meter) continues the time axis where it stopped.
//
// When the number of connections changes during the copy (--connections auto), a step
// line on a second axis shows the count over time.
//
// Under the chart, one line names what limits the copy (the sample's Bottleneck, once a
// second): "Limited by the source: each connection at ~25 MB/s - more connections help".
//
// Thread affinity: GUI thread.
class ThroughputChart : public QWidget
{
    Q_OBJECT

public:
    explicit ThroughputChart(QWidget *parent = nullptr);
    ~ThroughputChart() override;

    // The sliding window (default 300 s) and the points a series keeps in it (default 600).
    void setWindow(double seconds, int maxPointsPerSeries = 600);
    double windowSeconds() const;

    void addSample(const Ferry::ThroughputSample &sample);
    void clear();
    // Applies pending samples to the series and axes now (the repaint timer calls it).
    void flush();

    // Read accessors for tests; they show the state after the last flush().
    int seriesCount() const;
    int connectionCount() const;
    QList<QPointF> totalPoints() const;
    QList<QPointF> connectionPoints(int connection) const;
    QPointF timeRange() const;      // x: min, y: max, in seconds
    QPointF rateRange() const;      // x: min, y: max, in MB/s
    QString bottleneckText() const; // the line under the chart; empty while unknown
    // The step line of the connection count (empty while the count never changed).
    QList<QPointF> connectionCountPoints() const;

    // The wizard's line for a verdict; empty for Kind::Unknown.
    static QString describe(const Ferry::Bottleneck &verdict);

private:
    struct Buffer;

    void setConnectionCount(int count);
    void addPoint(Buffer &buffer, qint64 ms, double megabytesPerSecond);
    QPair<qint64, qint64> visibleRangeMs() const;
    void trim();
    void updateAxes();
    void updateLegend();
    void addCount(qint64 ms, int connections);
    void showCounts();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
