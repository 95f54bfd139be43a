#if canImport(Glibc)
import Glibc
#endif

/// Gives syslog stamps (`Nov  2 06:25:01`, no year) their year.
///
/// From a file's modification time: a line cannot be newer than the file, so a month later
/// than the mtime's belongs to the year before. That rule needs no state, so a December file
/// rotated in January, or a file holding both, dates every line right. With `--year Y` the log
/// is taken to start in Y and moves to the next year when the months wrap around.
public struct YearInference: Sendable {
    public enum Policy: Sendable, Equatable {
        /// The reference time, seconds since the epoch (the file's mtime, or now for a pipe).
        case modificationTime(Int)
        /// The year of the log's first line (`--year`). With the first line's month known, the
        /// rule is stateless (months before it belong to the next year), so that chunks of one
        /// file read on different cores date their lines alike; without it, wrap-arounds are
        /// counted as lines go by.
        case startingYear(Int, firstMonth: Int? = nil)
    }

    private let policy: Policy
    private let referenceYear: Int
    private let referenceMonth: Int
    private var lastMonth = 0
    private var yearsWrapped = 0

    public init(_ policy: Policy) {
        self.policy = policy
        switch policy {
        case .modificationTime(let seconds):
            var time = time_t(seconds)
            var parts = tm()
            localtime_r(&time, &parts)
            referenceYear = Int(parts.tm_year) + 1900
            referenceMonth = Int(parts.tm_mon) + 1
        case .startingYear(let year, let firstMonth):
            referenceYear = year
            referenceMonth = firstMonth ?? 0
        }
    }

    /// Called for every syslog-stamped line in order, so that wrap-arounds are seen.
    @inline(__always)
    public mutating func year(forMonth month: Int) -> Int {
        switch policy {
        case .modificationTime:
            return month > referenceMonth ? referenceYear - 1 : referenceYear
        case .startingYear(_, firstMonth: .some):
            return month < referenceMonth ? referenceYear + 1 : referenceYear
        case .startingYear:
            // A drop of more than half a year is a new year, not a clock step back.
            if lastMonth - month > 6 { yearsWrapped += 1 }
            lastMonth = month
            return referenceYear + yearsWrapped
        }
    }
}
