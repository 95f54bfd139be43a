/// A time as the log line writes it, in the log's own local time.
///
/// Dates are never converted to UTC: an administrator reading "yesterday" means the server's
/// day, and syslog stamps carry no zone anyway. The offset, when the line writes one, is kept
/// for display only.
public struct LogTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// `yyyymmddhhmmss` in one integer: this value travels with every line, and one word
    /// copies, compares and hashes faster than six.
    public private(set) var packed: Int

    /// From `packed` (`yyyymmddhhmmss`).
    public init(packed: Int) {
        self.packed = packed
    }

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        packed = ((((year * 100 + month) * 100 + day) * 100 + hour) * 100 + minute) * 100 + second
    }

    public var year: Int {
        @inline(__always) get { packed / 10_000_000_000 }
        set { packed = packed % 10_000_000_000 + newValue * 10_000_000_000 }
    }
    public var month: Int { packed / 100_000_000 % 100 }
    public var day: Int { packed / 1_000_000 % 100 }
    public var hour: Int { packed / 10_000 % 100 }
    public var minute: Int { packed / 100 % 100 }
    public var second: Int { packed % 100 }

    /// `yyyymmdd`, the key of `by_day`.
    @inline(__always) public var dayKey: Int { packed / 1_000_000 }
    /// `yyyymmddhh`, the key of `by_hour`.
    @inline(__always) public var hourKey: Int { packed / 10_000 }

    public static func < (lhs: LogTime, rhs: LogTime) -> Bool { lhs.packed < rhs.packed }

    /// ISO 8601 without a zone: `2026-11-22T06:25:01`.
    public var description: String {
        "\(LogTime.dayString(dayKey))T\(pad2(hour)):\(pad2(minute)):\(pad2(second))"
    }

    /// `2026-11-22 06:25:01`, as reports show times.
    public static func spaced(_ time: LogTime) -> String {
        "\(dayString(time.dayKey)) \(pad2(time.hour)):\(pad2(time.minute)):\(pad2(time.second))"
    }

    public static func dayString(_ dayKey: Int) -> String {
        let year = dayKey / 10_000, month = dayKey / 100 % 100, day = dayKey % 100
        return "\(pad4(year))-\(pad2(month))-\(pad2(day))"
    }

    public static func hourString(_ hourKey: Int) -> String {
        "\(dayString(hourKey / 100)) \(pad2(hourKey % 100)):00"
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let bytes = Array(text.utf8)
        guard let parsed = bytes.withUnsafeBufferPointer({ TimestampParser.iso(in: $0, from: 0) }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time: \(text)"))
        }
        self = parsed.time
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

@inline(__always) func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
func pad4(_ value: Int) -> String {
    let text = "\(value)"
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
