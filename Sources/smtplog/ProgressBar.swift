import Dispatch
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// A progress bar on stderr for runs that take more than a second: bytes read of the total,
/// rate and time left. Only when stderr is a terminal, so it never lands in a cron mail, a
/// pipe or a log; stdout, where the report goes, is never touched.
final class ProgressBar: @unchecked Sendable {
    private let progress: ReadProgress
    private let timer: DispatchSourceTimer
    private let started = ProgressBar.monotonicSeconds()
    /// Touched only on the timer's serial queue, and by `stop` after the timer is cancelled.
    private var drawn = false
    private let queue = DispatchQueue(label: "smtplog.progress")

    /// Nil when stderr is not a terminal or there is nothing to measure against.
    static func start(_ progress: ReadProgress) -> ProgressBar? {
        guard isatty(2) == 1, progress.total > 0 else { return nil }
        return ProgressBar(progress)
    }

    private init(_ progress: ReadProgress) {
        self.progress = progress
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .seconds(1), repeating: .milliseconds(250))
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    func stop() {
        timer.cancel()
        queue.sync {
            // Erase the bar so that warnings and the shell prompt start on a clean line.
            if drawn { Terminal.write("\r\u{1B}[K", fd: 2) }
            drawn = false
        }
    }

    private func draw() {
        let done = min(progress.completed, progress.total)
        let elapsed = max(0.001, ProgressBar.monotonicSeconds() - started)
        let rate = Double(done) / elapsed
        let fraction = Double(done) / Double(progress.total)
        let width = 24
        let filled = Int(fraction * Double(width))
        var line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
        line += "\(ProgressBar.bytes(done)) of \(ProgressBar.bytes(progress.total)) (\(Int(fraction * 100))%), "
        line += "\(ProgressBar.bytes(Int(rate)))/s"
        if rate > 0, done < progress.total {
            line += ", \(ProgressBar.duration(Double(progress.total - done) / rate)) left"
        }
        Terminal.write(line + "\u{1B}[K", fd: 2)
        drawn = true
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : (value < 10 ? "\((value * 10).rounded() / 10)" : "\(Int(value.rounded()))") + " " + units[unit]
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return whole < 60 ? "\(whole) s" : "\(whole / 60) min \(whole % 60) s"
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
