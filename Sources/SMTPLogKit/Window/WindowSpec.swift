/// Reads `--day`, `--since` and `--until` into a `TimeWindow`.
///
/// Every form is a wall-clock time in the log's own terms (`now` is the machine's local time,
/// which is what a syslog stamp on the same machine writes). A bare date means its midnight,
/// as `journalctl --since/--until` reads it, so `--since 2026-11-20 --until 2026-11-22` covers
/// two whole days.
public enum WindowSpec {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// - Parameters:
    ///   - day: `today`, `yesterday` or `YYYY-MM-DD`; excludes `since` and `until`.
    ///   - since: inclusive start: a date, a date and time, or a span back from now (`24h`, `7d`).
    ///   - until: exclusive end, in the same forms.
    public static func window(day: String?, since: String?, until: String?, now: LogTime) throws -> TimeWindow? {
        if let day {
            guard since == nil && until == nil else {
                throw ParseError(description: "--day cannot be combined with --since or --until")
            }
            let dayKey: Int
            switch day.lowercased() {
            case "today": dayKey = now.dayKey
            case "yesterday": dayKey = LogCalendar.addDays(now.dayKey, -1)
            default:
                guard let parsed = parse(day, now: now), parsed.packed % 1_000_000 == 0, !day.contains(":") else {
                    throw ParseError(description: "--day takes today, yesterday or a date such as 2026-11-22, not '\(day)'")
                }
                dayKey = parsed.dayKey
            }
            return TimeWindow.day(dayKey)
        }
        guard since != nil || until != nil else { return nil }
        var window = TimeWindow()
        if let since {
            guard let start = parse(since, now: now) else { throw invalid("--since", since) }
            window.start = start
        }
        if let until {
            guard let end = parse(until, now: now) else { throw invalid("--until", until) }
            window.end = end
        }
        if let start = window.start, let end = window.end, end.packed <= start.packed {
            throw ParseError(description: "--until (\(LogTime.spaced(end))) must be later than --since (\(LogTime.spaced(start)))")
        }
        return window
    }

    private static func invalid(_ option: String, _ value: String) -> ParseError {
        ParseError(description: "\(option) takes a date (2026-11-22), a date and time (2026-11-22 06:00 or 2026-11-22T06:00:00), today, yesterday, or a span back from now (90m, 24h, 7d, 2w), not '\(value)'")
    }

    /// One time: `today`, `yesterday`, `now`, a span back from now, `YYYY-MM-DD`,
    /// `YYYY-MM-DD[ T]HH:MM[:SS]`.
    static func parse(_ text: String, now: LogTime) -> LogTime? {
        let text = text.trimmingSpaces
        switch text.lowercased() {
        case "now": return now
        case "today": return LogTime(packed: now.dayKey * 1_000_000)
        case "yesterday": return LogTime(packed: LogCalendar.addDays(now.dayKey, -1) * 1_000_000)
        default: break
        }
        if let seconds = span(text) {
            return LogCalendar.wallTime(LogCalendar.wallSeconds(now) - seconds)
        }
        return dateTime(text)
    }

    /// `90m`, `24h`, `7d`, `2w`, `30s`: seconds.
    static func span(_ text: String) -> Int? {
        guard let unit = text.last, let value = Int(text.dropLast()), value >= 0, value <= 100_000 else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3_600
        case "d": return value * 86_400
        case "w": return value * 7 * 86_400
        default: return nil
        }
    }

    static func dateTime(_ text: String) -> LogTime? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        if bytes.count > 10 {
            guard bytes[10] == 0x20 || bytes[10] == 0x54, bytes.count == 16 || bytes.count == 19,
                  bytes[13] == 0x3A, let h = number(11, 2), let m = number(14, 2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if bytes.count == 19 {
                guard bytes[16] == 0x3A, let s = number(17, 2), s < 60 else { return nil }
                second = s
            }
        }
        return LogTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
