#pragma once

#include <QString>

#include <vector>

namespace Ferry {

// Decides how many connections `--connections auto` uses, from one observation a
// second: the total rate, the 503 answers and the response latency. Pure logic (no
// clock, no Qt objects), so tests feed it synthetic rate sequences.
//
// It starts with a few connections and adds more while each step still delivers a
// useful share of the gain a per-connection cap would promise (going from n to n + k
// connections promises k / n more); the first step that does not is undone and the
// count before it, the knee, is held. Each count is measured over a window of whole
// seconds after a settling time (TLS handshakes, TCP slow start), so one noisy second
// decides nothing. Steps grow with the count (a third of it); when a step of more than
// one fails, one more than the best is measured before settling. While holding nothing changes, so the count does not oscillate.
//
// A 503 storm (the server says "slow down") halves the count at once, makes the count
// that stormed a ceiling for the rest of the run, and blocks any increase for a
// cooldown. Latency that rises well above the knee's without more rate (the server
// queues requests it cannot serve faster), in two measured windows in a row, takes one
// connection away the same way.
// Seconds without enough work for every connection (the end of a copy) are ignored.
class ConnectionTuner
{
public:
    struct Config
    {
        int start = 2;
        int minimum = 1;
        int maximum = 16;          // also what the memory budget allows
        int settleSeconds = 1;     // observations ignored after every change
        int measureSeconds = 2;    // observations averaged for one count
        double usefulShare = 0.5;  // share of the proportional gain a step must deliver
        int stormResponses = 3;    // 503 answers within one second that make a storm
        int cooldownSeconds = 10;  // no increase after a back-off
        double latencyRise = 2.0;  // latency this many times the knee's is "rising"...
        double latencyRiseMs = 50; // ... and at least this much more (a few ms are jitter)
    };

    struct Observation
    {
        double bytesPerSecond = 0;
        int responses503 = 0;
        double latencyMs = -1; // time to the first body byte, mean; < 0 when unknown
        bool saturated = true; // every connection had work queued for it
    };

    enum class Phase { Probing, Holding, Cooldown };

    explicit ConnectionTuner(Config config);

    // The count to use now.
    int connections() const;
    Phase phase() const;
    // The highest count still allowed (lowered by 503 storms and rising latency).
    int ceiling() const;
    // Why the count last changed, one line for the log ("3 -> 4: 31.2 MB/s at 3 grew
    // 48% over 2"); empty before the first change.
    QString lastReason() const;

    // Feeds one second; returns the count to use from now on.
    int observe(const Observation &observation);

private:
    struct Measured
    {
        int connections = 0;
        double bytesPerSecond = 0;
        double latencyMs = -1;
    };

    void probe(const Measured &now);
    void hold(const Measured &now);
    void stepUp();
    void backOff(int to, const QString &why);
    void change(int to, const QString &why);

    Config m_config;
    int m_connections;
    int m_ceiling;
    Phase m_phase = Phase::Probing;
    int m_settle;
    int m_cooldown = 0;
    int m_stormGrace = 0;
    int m_latencyStrikes = 0; // measured windows in a row with risen latency
    bool m_refining = false;  // measuring one more than the best after a larger step failed
    std::vector<Observation> m_window;
    Measured m_best; // the best count so far while probing; the knee while holding
    QString m_reason;
};

} // namespace Ferry
