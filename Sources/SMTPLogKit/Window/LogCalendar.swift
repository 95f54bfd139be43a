#if canImport(Glibc)
import Glibc
#endif

/// Calendar arithmetic on wall-clock times, on a zone-free clock so that a day is always 24
/// hours long here: the log writes wall-clock times, and a DST change must not shift a window
/// by an hour.
public enum LogCalendar {
    /// `yyyymmdd` of the day after.
    public static func nextDay(_ dayKey: Int) -> Int { addDays(dayKey, 1) }

    public static func addDays(_ dayKey: Int, _ days: Int) -> Int {
        let seconds = wallSeconds(LogTime(packed: dayKey * 1_000_000)) + days * 86_400
        return wallTime(seconds).dayKey
    }

    /// Seconds of a wall-clock time counted as if it were UTC: differences are real durations
    /// except across a DST change, which the log's own stamps do not mark either.
    public static func wallSeconds(_ time: LogTime) -> Int { time.epochSeconds }

    public static func wallTime(_ seconds: Int) -> LogTime {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        return LogTime(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                       hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    /// The machine's local wall-clock time at `epoch`: what "now" is in the log's terms.
    public static func localTime(epoch: Int) -> LogTime {
        var value = time_t(epoch)
        var parts = tm()
        localtime_r(&value, &parts)
        return LogTime(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                       hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }
}
