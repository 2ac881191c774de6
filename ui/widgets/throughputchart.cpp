#include "throughputchart.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kFlushIntervalMs = 160;    // ~6 repaints a second, whatever the sample rate
constexpr int kLegendConnectionsMax = 8; // above this, one legend entry stands for all
constexpr qint64 kMinimumSpanMs = 10000;
constexpr int kScrollStepsPerWindow = 30; // the time axis moves in steps, not on every flush
constexpr double kMegabyte = 1e6;

// 1, 2 or 5 times a power of ten, at least value: axis maxima and steps that read well.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

// QValueAxis redoes its layout on every setTickInterval, even to the same value.
void setTickInterval(QValueAxis *axis, double interval)
{
    if (!qFuzzyCompare(axis->tickInterval(), interval))
        axis->setTickInterval(interval);
}

} // namespace

// The points of one series: one per bucket, the average of the bucket's samples.
struct ThroughputChart::Buffer
{
    QList<QPointF> points;
    qint64 openBucket = -1;
    double openSum = 0;
    int openCount = 0;
};

struct ThroughputChart::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QValueAxis *timeAxis = nullptr;
    QValueAxis *rateAxis = nullptr;
    QLineSeries *total = nullptr;
    QList<QLineSeries *> connections;
    Buffer totalBuffer;
    std::vector<Buffer> connectionBuffers;
    QTimer *flushTimer = nullptr;
    QLabel *bottleneck = nullptr;
    QLineSeries *count = nullptr; // created once the count changes
    QValueAxis *countAxis = nullptr;
    QList<QPointF> countPoints; // steps: each change adds (t, old) and (t, new)
    int lastCount = 0;
    int mostCount = 0;
    double windowSeconds = 300;
    qint64 bucketMs = 500;
    qint64 scrollStepMs = 10000;
    qint64 offsetMs = 0; // time of earlier meters (before a resume)
    qint64 lastElapsedMs = 0;
    qint64 nowMs = 0;
    bool dirty = false;
};

ThroughputChart::ThroughputChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    d->chart = new QChart;
    d->chart->setAnimationOptions(QChart::NoAnimation); // animations would redo the geometry per frame
    d->chart->legend()->setAlignment(Qt::AlignBottom);
    d->chart->setMargins(QMargins(4, 4, 4, 4));

    d->timeAxis = new QValueAxis(d->chart);
    d->timeAxis->setTitleText(tr("Seconds"));
    d->timeAxis->setLabelFormat(u"%.0f"_s);
    d->timeAxis->setTickType(QValueAxis::TicksDynamic); // whole 1-2-5 steps from 0, not fifths
    d->timeAxis->setTickAnchor(0);
    d->rateAxis = new QValueAxis(d->chart);
    d->rateAxis->setTitleText(tr("MB/s"));
    d->rateAxis->setLabelFormat(u"%g"_s);
    d->rateAxis->setTickType(QValueAxis::TicksDynamic);
    d->rateAxis->setTickAnchor(0);
    d->chart->addAxis(d->timeAxis, Qt::AlignBottom);
    d->chart->addAxis(d->rateAxis, Qt::AlignLeft);

    d->total = new QLineSeries(d->chart);
    d->total->setName(tr("Total"));
    QPen pen = d->total->pen();
    pen.setWidthF(2.5);
    d->total->setPen(pen);
    d->chart->addSeries(d->total);
    d->total->attachAxis(d->timeAxis);
    d->total->attachAxis(d->rateAxis);

    d->view = new QChartView(d->chart, this); // takes ownership of the chart
    d->view->setObjectName(u"throughputChartView"_s);
    d->view->setRenderHint(QPainter::Antialiasing, false);
    d->view->setMinimumHeight(180);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(d->view);
    d->bottleneck = new QLabel(this);
    d->bottleneck->setObjectName(u"bottleneckLabel"_s);
    d->bottleneck->setWordWrap(true);
    d->bottleneck->hide();
    layout->addWidget(d->bottleneck);

    d->flushTimer = new QTimer(this);
    d->flushTimer->setSingleShot(true);
    d->flushTimer->setInterval(kFlushIntervalMs);
    connect(d->flushTimer, &QTimer::timeout, this, &ThroughputChart::flush);
    setWindow(300);
}

ThroughputChart::~ThroughputChart() = default;

void ThroughputChart::setWindow(double seconds, int maxPointsPerSeries)
{
    d->windowSeconds = std::max(1.0, seconds);
    d->bucketMs = std::max<qint64>(1, qint64(d->windowSeconds * 1000) / std::max(10, maxPointsPerSeries));
    d->scrollStepMs = std::max<qint64>(1, qRound64(niceCeiling(d->windowSeconds / kScrollStepsPerWindow) * 1000));
    updateAxes();
}

double ThroughputChart::windowSeconds() const
{
    return d->windowSeconds;
}

void ThroughputChart::addSample(const ThroughputSample &sample)
{
    // A new meter (a resumed transfer) starts at zero again: keep the axis going.
    if (sample.elapsedMs < d->lastElapsedMs)
        d->offsetMs += d->lastElapsedMs;
    d->lastElapsedMs = sample.elapsedMs;
    const qint64 ms = d->offsetMs + sample.elapsedMs;
    d->nowMs = std::max(d->nowMs, ms);

    const QString limit = describe(sample.bottleneck);
    if (limit != d->bottleneck->text()) {
        d->bottleneck->setText(limit);
        d->bottleneck->setVisible(!limit.isEmpty());
    }

    addCount(ms, sample.connections);
    if (int(d->connectionBuffers.size()) != sample.connectionBytesPerSecond.size())
        setConnectionCount(int(sample.connectionBytesPerSecond.size()));
    addPoint(d->totalBuffer, ms, sample.bytesPerSecond / kMegabyte);
    for (qsizetype i = 0; i < sample.connectionBytesPerSecond.size(); ++i)
        addPoint(d->connectionBuffers[size_t(i)], ms, sample.connectionBytesPerSecond.at(i) / kMegabyte);
    trim();
    d->dirty = true;
    if (!d->flushTimer->isActive())
        d->flushTimer->start();
}

QString ThroughputChart::describe(const Bottleneck &verdict)
{
    const auto megabytes = [](double bytesPerSecond) { return QString::number(bytesPerSecond / kMegabyte, 'f', 0); };
    switch (verdict.kind) {
    case Bottleneck::Kind::SourcePerConnection:
        return tr("Limited by the source: each connection at ~%1 MB/s - more connections help")
            .arg(megabytes(verdict.perConnectionBytesPerSecond));
    case Bottleneck::Kind::Source:
        return tr("Limited by the source or the network (~%1 MB/s in total)").arg(megabytes(verdict.totalBytesPerSecond));
    case Bottleneck::Kind::Target:
        return tr("Limited by the target disk: writing takes %1% of the time").arg(qRound(verdict.targetShare * 100));
    case Bottleneck::Kind::Cpu:
        return tr("Limited by this machine's CPU (Ferry uses %1 cores)").arg(QString::number(verdict.processCores, 'f', 1));
    case Bottleneck::Kind::Unknown:
        break;
    }
    return {};
}

QString ThroughputChart::bottleneckText() const
{
    return d->bottleneck->text();
}

void ThroughputChart::addCount(qint64 ms, int connections)
{
    if (connections <= 0)
        return;
    const double seconds = ms / 1000.0;
    if (d->lastCount == 0) {
        d->countPoints = {QPointF(seconds, connections)};
    } else if (connections != d->lastCount) {
        // At most a few dozen changes in a copy: a bounded list, no buckets needed.
        if (d->countPoints.size() > 400)
            d->countPoints.remove(0, 2);
        d->countPoints << QPointF(seconds, d->lastCount) << QPointF(seconds, connections);
    }
    d->lastCount = connections;
    d->mostCount = std::max(d->mostCount, connections);
}

void ThroughputChart::showCounts()
{
    if (d->countPoints.size() < 2 && !d->count)
        return; // a fixed count: the connection lines say it all
    if (!d->count) {
        d->countAxis = new QValueAxis(d->chart);
        d->countAxis->setTitleText(tr("Connections"));
        d->countAxis->setLabelFormat(u"%.0f"_s);
        d->countAxis->setTickType(QValueAxis::TicksDynamic);
        d->countAxis->setTickAnchor(0);
        d->chart->addAxis(d->countAxis, Qt::AlignRight);
        d->count = new QLineSeries(d->chart);
        d->count->setName(tr("Connections in use"));
        QPen pen(QColor(200, 90, 40));
        pen.setWidthF(2.0);
        pen.setStyle(Qt::DashLine);
        d->count->setPen(pen);
        d->chart->addSeries(d->count);
        d->count->attachAxis(d->timeAxis);
        d->count->attachAxis(d->countAxis);
    }
    QList<QPointF> points = d->countPoints;
    if (!points.isEmpty())
        points << QPointF(std::max(points.last().x(), d->nowMs / 1000.0), d->lastCount); // the count holds until now
    d->count->replace(points);
    const double top = d->mostCount + 1;
    if (!qFuzzyCompare(d->countAxis->max(), top))
        d->countAxis->setRange(0, top);
    setTickInterval(d->countAxis, top > 10 ? 2 : 1);
}

QList<QPointF> ThroughputChart::connectionCountPoints() const
{
    return d->count ? d->count->points() : QList<QPointF>();
}

void ThroughputChart::addPoint(Buffer &buffer, qint64 ms, double megabytesPerSecond)
{
    const double seconds = ms / 1000.0;
    const qint64 bucket = ms / d->bucketMs;
    if (bucket == buffer.openBucket && !buffer.points.isEmpty()) {
        buffer.openSum += megabytesPerSecond;
        ++buffer.openCount;
        buffer.points.last() = QPointF(seconds, buffer.openSum / buffer.openCount);
        return;
    }
    buffer.openBucket = bucket;
    buffer.openSum = megabytesPerSecond;
    buffer.openCount = 1;
    buffer.points.append(QPointF(seconds, megabytesPerSecond));
}

QPair<qint64, qint64> ThroughputChart::visibleRangeMs() const
{
    // The right edge moves in whole scroll steps: between two steps only the series
    // change, so a flush does not also redo every series' geometry for a new axis.
    const qint64 windowMs = qint64(d->windowSeconds * 1000);
    const qint64 endMs = (d->nowMs + d->scrollStepMs - 1) / d->scrollStepMs * d->scrollStepMs;
    if (endMs <= windowMs)
        return {0, std::max(endMs, std::min(windowMs, kMinimumSpanMs))};
    return {endMs - windowMs, endMs};
}

void ThroughputChart::trim()
{
    const double oldest = visibleRangeMs().first / 1000.0;
    const auto trimBuffer = [oldest](Buffer &buffer) {
        const auto first = std::find_if(buffer.points.cbegin(), buffer.points.cend(),
                                        [oldest](const QPointF &point) { return point.x() >= oldest; });
        buffer.points.erase(buffer.points.cbegin(), first);
    };
    trimBuffer(d->totalBuffer);
    for (Buffer &buffer : d->connectionBuffers)
        trimBuffer(buffer);
}

void ThroughputChart::setConnectionCount(int count)
{
    while (d->connections.size() > count) {
        QLineSeries *series = d->connections.takeLast();
        d->chart->removeSeries(series);
        delete series;
    }
    while (d->connections.size() < count) {
        auto *series = new QLineSeries(d->chart);
        d->chart->addSeries(series);
        series->attachAxis(d->timeAxis);
        series->attachAxis(d->rateAxis);
        d->connections.append(series);
    }
    // A connection that is new has no past; one that went away takes its past along.
    d->connectionBuffers.resize(size_t(count));
    updateLegend();
}

void ThroughputChart::updateLegend()
{
    const qsizetype count = d->connections.size();
    const bool grouped = count > kLegendConnectionsMax;
    const QColor groupColor(120, 144, 176);
    for (qsizetype i = 0; i < count; ++i) {
        QLineSeries *series = d->connections.at(i);
        series->setName(grouped ? tr("Connections 1 to %1").arg(count) : tr("Connection %1").arg(i + 1));
        QPen pen = series->pen();
        pen.setWidthF(1.0);
        if (grouped)
            pen.setColor(groupColor);
        series->setPen(pen);
        for (QLegendMarker *marker : d->chart->legend()->markers(series))
            marker->setVisible(!grouped || i == 0);
    }
}

void ThroughputChart::flush()
{
    d->flushTimer->stop();
    if (!d->dirty)
        return;
    d->dirty = false;
    // One replace per series: a single geometry update each, not one per point.
    d->total->replace(d->totalBuffer.points);
    for (qsizetype i = 0; i < d->connections.size(); ++i)
        d->connections.at(i)->replace(d->connectionBuffers[size_t(i)].points);
    showCounts();
    updateAxes();
}

void ThroughputChart::updateAxes()
{
    const auto [startMs, endMs] = visibleRangeMs();
    const double start = startMs / 1000.0;
    const double end = endMs / 1000.0;
    if (!qFuzzyCompare(d->timeAxis->min() + 1, start + 1) || !qFuzzyCompare(d->timeAxis->max(), end))
        d->timeAxis->setRange(start, end);
    setTickInterval(d->timeAxis, niceCeiling((end - start) / 6));
    double highest = 0;
    const auto scan = [&highest](const Buffer &buffer) {
        for (const QPointF &point : buffer.points)
            highest = std::max(highest, point.y());
    };
    scan(d->totalBuffer);
    for (const Buffer &buffer : d->connectionBuffers)
        scan(buffer);
    const double top = niceCeiling(std::max(1.0, highest * 1.1));
    d->rateAxis->setRange(0, top);
    setTickInterval(d->rateAxis, niceCeiling(top / 6));
}

void ThroughputChart::clear()
{
    setConnectionCount(0);
    d->totalBuffer = {};
    if (d->count) {
        d->chart->removeSeries(d->count);
        delete d->count;
        d->count = nullptr;
        d->chart->removeAxis(d->countAxis);
        delete d->countAxis;
        d->countAxis = nullptr;
    }
    d->countPoints.clear();
    d->lastCount = 0;
    d->mostCount = 0;
    d->offsetMs = 0;
    d->lastElapsedMs = 0;
    d->nowMs = 0;
    d->bottleneck->clear();
    d->bottleneck->hide();
    d->dirty = true;
    flush();
}

int ThroughputChart::seriesCount() const
{
    return int(d->chart->series().size());
}

int ThroughputChart::connectionCount() const
{
    return int(d->connections.size());
}

QList<QPointF> ThroughputChart::totalPoints() const
{
    return d->total->points();
}

QList<QPointF> ThroughputChart::connectionPoints(int connection) const
{
    if (connection < 0 || connection >= d->connections.size())
        return {};
    return d->connections.at(connection)->points();
}

QPointF ThroughputChart::timeRange() const
{
    return QPointF(d->timeAxis->min(), d->timeAxis->max());
}

QPointF ThroughputChart::rateRange() const
{
    return QPointF(d->rateAxis->min(), d->rateAxis->max());
}

} // namespace Ferry
