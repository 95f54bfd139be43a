import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// The clock `--format prometheus` shows: when the run ended, from the wall clock, and how
/// long it took, from the monotonic clock (a wall clock set back during the run must not give
/// a negative duration). The report holds no clock, so the renderer is given these.
struct MetricsClock {
    private let started = MetricsClock.seconds(CLOCK_MONOTONIC)

    /// The run as of now, with the counters to show: the state's totals plus this run's, or
    /// nil without `--state` (the file then describes this run alone).
    func run(counters: [String: Int]?) -> PrometheusRenderer.Run {
        PrometheusRenderer.Run(finished: MetricsClock.seconds(CLOCK_REALTIME),
                               duration: MetricsClock.seconds(CLOCK_MONOTONIC) - started, counters: counters)
    }

    private static func seconds(_ clock: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(clock, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
