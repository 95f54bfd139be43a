/// Times in the generated log: microseconds since 1970-01-01 00:00:00 of the log's own wall
/// clock. The log writes wall-clock times and the truth dates each line by the day it writes,
/// so no time zone is ever applied.
typealias Micros = Int64

let microsPerSecond: Micros = 1_000_000
let microsPerDay: Micros = 86_400 * microsPerSecond

/// A civil date and time of day, proleptic Gregorian.
struct CivilTime: Equatable {
    var year: Int, month: Int, day: Int
    var hour: Int, minute: Int, second: Int, micro: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, micro: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second; self.micro = micro
    }

    init(_ time: Micros) {
        let days = time >= 0 ? time / microsPerDay : (time - microsPerDay + 1) / microsPerDay
        let rest = time - days * microsPerDay
        (year, month, day) = CivilTime.civil(fromDays: days)
        let seconds = Int(rest / microsPerSecond)
        hour = seconds / 3600; minute = seconds / 60 % 60; second = seconds % 60
        micro = Int(rest % microsPerSecond)
    }

    var micros: Micros {
        let days = CivilTime.days(year: year, month: month, day: day)
        return days * microsPerDay + Micros(hour * 3600 + minute * 60 + second) * microsPerSecond + Micros(micro)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month), d = Int64(day)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How a line's time is written.
public enum TimestampStyle: String, Sendable, CaseIterable {
    /// `Nov 21 06:25:01`, as syslog writes it: no year, the day padded with a space.
    case syslog
    /// `2026-11-21T06:25:01.123456+00:00`, as rsyslog's high-precision format writes it.
    case rfc3339
    /// `2026-11-21 06:25:01`, Exim's own.
    case exim
}

/// Writes line stamps, reusing the formatted second while lines share it (most do).
struct StampWriter {
    let style: TimestampStyle
    private var cachedSecond: Int64 = .min
    private var cached: [UInt8] = []

    init(style: TimestampStyle) { self.style = style }

    /// The stamp's length in bytes, the same for every line of a style.
    var length: Int {
        switch style {
        case .syslog: return 15
        case .rfc3339: return 32
        case .exim: return 19
        }
    }

    private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    mutating func write(_ time: Micros, into out: inout [UInt8]) {
        let second = time >= 0 ? time / microsPerSecond : (time - microsPerSecond + 1) / microsPerSecond
        if second != cachedSecond {
            cachedSecond = second
            cached.removeAll(keepingCapacity: true)
            let c = CivilTime(second * microsPerSecond)
            switch style {
            case .syslog:
                cached += StampWriter.months[c.month - 1]
                cached.append(0x20)
                cached.append(c.day < 10 ? 0x20 : UInt8(0x30 + c.day / 10))
                cached.append(UInt8(0x30 + c.day % 10))
                cached.append(0x20)
            case .rfc3339, .exim:
                appendDigits(c.year, 4, &cached); cached.append(0x2D)
                appendDigits(c.month, 2, &cached); cached.append(0x2D)
                appendDigits(c.day, 2, &cached)
                cached.append(style == .exim ? 0x20 : 0x54)
            }
            appendDigits(c.hour, 2, &cached); cached.append(0x3A)
            appendDigits(c.minute, 2, &cached); cached.append(0x3A)
            appendDigits(c.second, 2, &cached)
        }
        out += cached
        if style == .rfc3339 {
            out.append(0x2E)
            appendDigits(Int(time - second * microsPerSecond), 6, &out)
            out += StampWriter.utcSuffix
        }
    }

    private static let utcSuffix: [UInt8] = Array("+00:00".utf8)
}

/// `value` in exactly `width` decimal digits, zero-padded (value must fit).
func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
        out.append(UInt8(0x30 + rest / divisor % 10))
        rest %= divisor
        divisor /= 10
    }
}

/// `YYYY-MM-DD` of a day number.
func dayString(_ day: Int64) -> String {
    let (y, m, d) = CivilTime.civil(fromDays: day)
    var bytes: [UInt8] = []
    appendDigits(y, 4, &bytes); bytes.append(0x2D); appendDigits(m, 2, &bytes); bytes.append(0x2D); appendDigits(d, 2, &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// `2026-11-21T06:25:01.123456+00:00`, as the truth writes its first and last line times.
func isoString(_ time: Micros) -> String {
    var bytes: [UInt8] = []
    var writer = StampWriter(style: .rfc3339)
    writer.write(time, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}
