/// The stretch of log time a report covers (`--day`, `--since`, `--until`), in the log's own
/// local time as its lines write it: syslog stamps carry no zone, and "yesterday" means the
/// server's day, so times are compared as written and never converted.
public struct TimeWindow: Sendable, Equatable, CustomStringConvertible {
    /// Inclusive; nil means from the beginning of the log.
    public var start: LogTime?
    /// Exclusive; nil means to the end of the log.
    public var end: LogTime?

    public init(start: LogTime? = nil, end: LogTime? = nil) {
        self.start = start
        self.end = end
    }

    /// A whole calendar day, `yyyymmdd`.
    public static func day(_ dayKey: Int) -> TimeWindow {
        let start = LogTime(packed: dayKey * 1_000_000)
        return TimeWindow(start: start, end: LogTime(packed: LogCalendar.nextDay(dayKey) * 1_000_000))
    }

    public var isUnbounded: Bool { start == nil && end == nil }

    @inline(__always)
    public func contains(_ time: LogTime) -> Bool {
        if let start, time.packed < start.packed { return false }
        if let end, time.packed >= end.packed { return false }
        return true
    }

    /// Whether anything between `first` and `last` (inclusive) can fall inside.
    public func overlaps(first: LogTime, last: LogTime) -> Bool {
        if let start, last.packed < start.packed { return false }
        if let end, first.packed >= end.packed { return false }
        return true
    }

    /// `2026-11-22 00:00:00 to 2026-11-23 00:00:00`, or `the whole day 2026-11-22`.
    public var description: String {
        if let start, let end, start.packed % 1_000_000 == 0, end.packed % 1_000_000 == 0,
           LogCalendar.nextDay(start.dayKey) == end.dayKey {
            return "the day \(LogTime.dayString(start.dayKey))"
        }
        let from = start.map { "from \(LogTime.spaced($0))" }
        let to = end.map { "until \(LogTime.spaced($0))" }
        return [from, to].compactMap { $0 }.joined(separator: " ")
    }
}
