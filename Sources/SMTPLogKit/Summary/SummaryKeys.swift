/// The keys the summary counts under, as types: a report asks "how many 550s went out on
/// 2026-11-22", and no reader of the summary decodes a packed integer to ask it. Each key keeps
/// one integer inside, because the summary updates some of them for every event.

/// A reply code and who sent it.
public struct ReplyKey: Hashable, Comparable, Sendable {
    public var code: Int
    public var direction: Direction

    public init(code: Int, direction: Direction) {
        self.code = code
        self.direction = direction
    }

    public var replyClass: ReplyClass? { ReplyClass(code: code) }

    /// By code, then inbound before outbound.
    public static func < (lhs: ReplyKey, rhs: ReplyKey) -> Bool {
        lhs.code != rhs.code ? lhs.code < rhs.code : lhs.direction < rhs.direction
    }
}

/// A calendar day as the log writes it, in its own local time.
public struct LogDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `yyyymmdd`.
    public let key: Int

    public init(key: Int) { self.key = key }
    public init(_ time: LogTime) { key = time.dayKey }

    public var year: Int { key / 10_000 }
    public var month: Int { key / 100 % 100 }
    public var day: Int { key % 100 }
    /// Midnight at the start of the day.
    public var start: LogTime { LogTime(packed: key * 1_000_000) }

    /// `2026-11-22`.
    public var description: String { LogTime.dayString(key) }
    public static func < (lhs: LogDay, rhs: LogDay) -> Bool { lhs.key < rhs.key }
}

/// One hour of one day, in the log's own local time.
public struct LogHour: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `yyyymmddhh`.
    public let key: Int

    public init(key: Int) { self.key = key }
    public init(_ time: LogTime) { key = time.hourKey }

    public var day: LogDay { LogDay(key: key / 100) }
    public var hour: Int { key % 100 }
    /// The first second of the hour.
    public var start: LogTime { LogTime(packed: key * 10_000) }

    /// `2026-11-22 06:00`.
    public var description: String { LogTime.hourString(key) }
    public static func < (lhs: LogHour, rhs: LogHour) -> Bool { lhs.key < rhs.key }
}

/// An RFC 3463 enhanced status code, `class.subject.detail` (`5.7.1`).
public struct EnhancedCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `class * 1_000_000 + subject * 1_000 + detail`: subject and detail have at most three digits.
    public let packed: Int

    public init(packed: Int) { self.packed = packed }

    public init(klass: Int, subject: Int, detail: Int) {
        packed = klass * 1_000_000 + subject * 1_000 + detail
    }

    /// Reads `5.7.1` from a line; the range was validated as an enhanced code by the extractor
    /// (one class digit, then one to three digits twice), so no part can overflow.
    @inline(__always)
    init(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        var parts = (0, 0, 0)
        var part = 0
        for index in range {
            let byte = line[index]
            if byte == 0x2E { part += 1; continue }
            let digit = Int(byte) &- 0x30
            switch part {
            case 0: parts.0 = parts.0 * 10 + digit
            case 1: parts.1 = parts.1 * 10 + digit
            default: parts.2 = parts.2 * 10 + digit
            }
        }
        packed = parts.0 * 1_000_000 + parts.1 * 1_000 + parts.2
    }

    /// Parses `5.7.1`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let klass = Int(parts[0]), [2, 4, 5].contains(klass),
              let subject = Int(parts[1]), let detail = Int(parts[2]),
              (0...999).contains(subject), (0...999).contains(detail),
              parts[1].count <= 3, parts[2].count <= 3 else { return nil }
        self.init(klass: klass, subject: subject, detail: detail)
    }

    public var klass: Int { packed / 1_000_000 }
    public var subject: Int { packed / 1_000 % 1_000 }
    public var detail: Int { packed % 1_000 }

    public var description: String { "\(klass).\(subject).\(detail)" }
    public static func < (lhs: EnhancedCode, rhs: EnhancedCode) -> Bool { lhs.packed < rhs.packed }
}
