/// Reads the code at the start of a reply text: `550 5.1.1 <x>: ...`, `451-4.3.0 ...`, `250 ok`.
///
/// Hand-written because it runs on every candidate line and its rules are simple: three
/// digits whose first is 2 to 5, then a space, a dash or the end; then an optional RFC 3463
/// code whose class digit must agree with the reply's. A first digit outside 2–5 (Exim's
/// test suite writes `850 NONSENSE`) is not a reply code.
enum ReplyText {
    struct Parsed {
        var code: Int
        var enhanced: Range<Int>?
        /// Where the text after the codes starts.
        var textStart: Int
    }

    @inline(__always)
    static func code(in line: UnsafeBufferPointer<UInt8>, at start: Int, end: Int? = nil) -> Parsed? {
        let end = end ?? line.count
        guard start + 3 <= end,
              let a = TimestampParser.digit(line[start]), (2...5).contains(a),
              let b = TimestampParser.digit(line[start + 1]), let c = TimestampParser.digit(line[start + 2]) else { return nil }
        var cursor = start + 3
        if cursor < end {
            let separator = line[cursor]
            guard separator == 0x20 || separator == 0x2D else { return nil }
            cursor += 1
        }
        let code = a * 100 + b * 10 + c
        var enhanced: Range<Int>?
        if let status = enhancedStatus(in: line, at: cursor, end: end), line[status.lowerBound] == line[start] {
            enhanced = status
            cursor = status.upperBound
            if cursor < end, line[cursor] == 0x20 { cursor += 1 }
        }
        return Parsed(code: code, enhanced: enhanced, textStart: cursor)
    }

    /// `c.sss.ddd` (RFC 3463: class 2, 4 or 5; subject and detail of 1 to 3 digits), followed by
    /// a space, a separator or the end.
    @inline(__always)
    static func enhancedStatus(in line: UnsafeBufferPointer<UInt8>, at start: Int, end: Int? = nil) -> Range<Int>? {
        let end = end ?? line.count
        guard start + 5 <= end else { return nil }
        let first = line[start]
        guard first == 0x32 || first == 0x34 || first == 0x35, line[start + 1] == 0x2E else { return nil }
        var cursor = start + 2
        for part in 0..<2 {
            let digitsStart = cursor
            while cursor < end, cursor - digitsStart < 4, TimestampParser.digit(line[cursor]) != nil { cursor += 1 }
            let digits = cursor - digitsStart
            guard digits >= 1, digits <= 3 else { return nil }
            if part == 0 {
                guard cursor < end, line[cursor] == 0x2E else { return nil }
                cursor += 1
            }
        }
        if cursor < end {
            let next = line[cursor]
            guard next == 0x20 || next == 0x3B || next == 0x2C || next == 0x29 || next == 0x3A else { return nil }
        }
        return start..<cursor
    }

    /// Whether a server's reply text refuses to relay: a relay host that does not trust us
    /// answers as our server answers strangers. Case varies between servers.
    static func refusesRelay(_ line: UnsafeBufferPointer<UInt8>, _ text: Range<Int>) -> Bool {
        relayPhrases.firstMatch(in: UnsafeBufferPointer(rebasing: line[text])) != nil
    }

    /// The same, read only for refusals (a 250 refuses nothing).
    @inline(__always)
    static func refusesRelay(code: Int, _ line: UnsafeBufferPointer<UInt8>, _ text: Range<Int>) -> Bool {
        code >= 400 && refusesRelay(line, text)
    }

    private static let relayPhrases = NeedleSet<Bool>([
        ("relay access denied", true), ("relay not permitted", true), ("relaying denied", true),
        ("not permitted to relay", true), ("relay not allowed", true), ("relaying not allowed", true),
        ("unable to relay", true), ("we do not relay", true),
    ])

    /// The code a reply carrying only an enhanced status implies: what Postfix sends for a
    /// milter or header_checks rejection without its own code (550 permanent, 451 temporary).
    @inline(__always)
    static func impliedCode(forEnhancedClass classDigit: UInt8) -> Int? {
        switch classDigit {
        case 0x35: 550
        case 0x34: 451
        case 0x32: 250
        default: nil
        }
    }
}
