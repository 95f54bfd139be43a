/// Byte-level parsers for the timestamps mail logs start with. No regular expression and no
/// allocation: every line of the input passes through here.
enum TimestampParser {
    struct Parsed {
        var time: LogTime
        /// Offset just past the timestamp.
        var end: Int
    }

    @inline(__always)
    static func digit(_ byte: UInt8) -> Int? {
        let value = Int(byte) &- 0x30
        return value >= 0 && value <= 9 ? value : nil
    }

    @inline(__always)
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ width: Int) -> Int? {
        guard at + width <= bytes.count else { return nil }
        var value = 0
        for index in at..<(at + width) {
            guard let d = digit(bytes[index]) else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// `hh:mm:ss` at `at`.
    @inline(__always)
    static func clock(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> (Int, Int, Int)? {
        guard at + 8 <= bytes.count, bytes[at + 2] == 0x3A, bytes[at + 5] == 0x3A,
              let h = number(bytes, at, 2), let m = number(bytes, at + 3, 2), let s = number(bytes, at + 6, 2),
              h < 24, m < 60, s <= 60 else { return nil }
        return (h, m, s)
    }

    /// Traditional syslog `Nov  2 06:25:01`, and `Nov 2 06:25:01` as some daemons and tools
    /// write it without padding; the year is left 0 for the caller to infer. The month may be
    /// named in another language (`Mär  2`, `févr. 02`, `Απρ 2`, see `MonthNames`).
    static func syslog(in bytes: UnsafeBufferPointer<UInt8>, from at: Int) -> Parsed? {
        englishSyslog(in: bytes, from: at) ?? foreignSyslog(in: bytes, from: at)
    }

    /// A stamp with an English month: the one every line of most logs has, so it is read apart
    /// from the others, with nothing added to its path.
    @inline(__always)
    static func englishSyslog(in bytes: UnsafeBufferPointer<UInt8>, from at: Int) -> Parsed? {
        guard at + 14 <= bytes.count, bytes[at + 3] == 0x20,
              let month = monthNumber(bytes[at], bytes[at + 1], bytes[at + 2]) else { return nil }
        return dayAndClock(in: bytes, month: month, from: at + 4)
    }

    /// A stamp whose month is named in another language, looked up only when the first three
    /// bytes are not an English month.
    @inline(never)
    static func foreignSyslog(in bytes: UnsafeBufferPointer<UInt8>, from at: Int) -> Parsed? {
        guard let foreign = MonthNames.month(in: bytes, at: at), foreign.end + 11 <= bytes.count else { return nil }
        return dayAndClock(in: bytes, month: foreign.month, from: foreign.end + 1)
    }

    /// ` 2 06:25:01`, `2 06:25:01` or `22 06:25:01` from `at`, just past the month and its
    /// space; the caller has checked that 10 bytes follow `at`.
    @inline(__always)
    private static func dayAndClock(in bytes: UnsafeBufferPointer<UInt8>, month: Int, from at: Int) -> Parsed? {
        var cursor = at
        if bytes[cursor] == 0x20 { cursor += 1 }
        guard let first = digit(bytes[cursor]) else { return nil }
        var day = first
        cursor += 1
        if cursor < bytes.count, let second = digit(bytes[cursor]) {
            day = day * 10 + second
            cursor += 1
        }
        guard day >= 1, day <= 31, cursor < bytes.count, bytes[cursor] == 0x20,
              let (h, m, s) = clock(bytes, cursor + 1) else { return nil }
        return Parsed(time: LogTime(year: 0, month: month, day: day, hour: h, minute: m, second: s), end: cursor + 9)
    }

    /// `2026-11-22T06:25:01[.fraction](Z|±hh:mm|±hhmm)` when `separator` is `T`, or Exim's
    /// `2026-11-22 06:25:01[.fraction][ ±hhmm]` when it is a space.
    static func iso(in bytes: UnsafeBufferPointer<UInt8>, from at: Int) -> Parsed? {
        guard at + 19 <= bytes.count, bytes[at + 4] == 0x2D, bytes[at + 7] == 0x2D,
              let year = number(bytes, at, 4), let month = number(bytes, at + 5, 2), let day = number(bytes, at + 8, 2),
              month >= 1, month <= 12, day >= 1, day <= 31,
              bytes[at + 10] == 0x54 || bytes[at + 10] == 0x20,
              let (h, m, s) = clock(bytes, at + 11) else { return nil }
        return Parsed(time: LogTime(year: year, month: month, day: day, hour: h, minute: m, second: s),
                      end: isoEnd(in: bytes, from: at))
    }

    /// Where an ISO stamp whose first 19 bytes (`yyyy-mm-dd hh:mm:ss` or with `T`) are at `at`
    /// ends: after its fraction of a second and its zone, if any. Apart from `iso`, so that a
    /// line whose first 19 bytes are the line before's reads only this.
    @inline(__always)
    static func isoEnd(in bytes: UnsafeBufferPointer<UInt8>, from at: Int) -> Int {
        var end = at + 19
        if end < bytes.count, bytes[end] == 0x2E || bytes[end] == 0x2C {
            var cursor = end + 1
            while cursor < bytes.count, digit(bytes[cursor]) != nil { cursor += 1 }
            if cursor > end + 1 { end = cursor }
        }
        if bytes[at + 10] == 0x54 {
            // RFC 3339 requires a zone; older `journalctl -o short-iso` writes +0100.
            if end < bytes.count, bytes[end] == 0x5A || bytes[end] == 0x7A {
                end += 1
            } else if let zoneEnd = zone(bytes, end) {
                end = zoneEnd
            }
        } else if end + 1 < bytes.count, bytes[end] == 0x20, let zoneEnd = zone(bytes, end + 1) {
            end = zoneEnd
        }
        return end
    }

    /// `±hh:mm` or `±hhmm`, returning the offset past it.
    @inline(__always)
    static func zone(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        guard at + 5 <= bytes.count, bytes[at] == 0x2B || bytes[at] == 0x2D,
              number(bytes, at + 1, 2) != nil else { return nil }
        if bytes[at + 3] == 0x3A {
            return number(bytes, at + 4, 2) != nil ? at + 6 : nil
        }
        return number(bytes, at + 3, 2) != nil ? at + 5 : nil
    }

    @inline(__always)
    static func monthNumber(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        // Case-sensitive, as syslog writes them; a packed compare is cheaper than a table walk.
        switch (UInt32(a) << 16) | (UInt32(b) << 8) | UInt32(c) {
        case 0x4A616E: return 1   // Jan
        case 0x466562: return 2   // Feb
        case 0x4D6172: return 3   // Mar
        case 0x417072: return 4   // Apr
        case 0x4D6179: return 5   // May
        case 0x4A756E: return 6   // Jun
        case 0x4A756C: return 7   // Jul
        case 0x417567: return 8   // Aug
        case 0x536570: return 9   // Sep
        case 0x4F6374: return 10  // Oct
        case 0x4E6F76: return 11  // Nov
        case 0x446563: return 12  // Dec
        default: return nil
        }
    }
}
