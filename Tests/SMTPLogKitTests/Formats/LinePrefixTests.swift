import Glibc
import Testing
@testable import SMTPLogKit

@Suite("Line prefixes and timestamps")
struct LinePrefixTests {
    struct Case: Sendable, CustomStringConvertible {
        let line: String
        let format: TimestampFormat
        let time: LogTime?
        let program: String
        let message: String
        var description: String { line }
    }

    static func time(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> LogTime {
        LogTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    static let cases: [Case] = [
        Case(line: "Nov  2 06:25:01 mx1 postfix/smtpd[123]: connect from x[1.2.3.4]", format: .syslog,
             time: time(0, 11, 2, 6, 25, 1), program: "postfix/smtpd", message: "connect from x[1.2.3.4]"),
        Case(line: "Mar 7 02:09:33 server postfix/smtpd[27246]: x", format: .syslog,
             time: time(0, 3, 7, 2, 9, 33), program: "postfix/smtpd", message: "x"),
        Case(line: "2026-11-22T06:25:01.123456+01:00 mx1 postfix/submission/smtpd[9]: hi", format: .rfc3339,
             time: time(2026, 11, 22, 6, 25, 1), program: "postfix/submission/smtpd", message: "hi"),
        Case(line: "2026-11-22T06:25:01Z mx1 postfix-incoming/smtpd[9]: hi", format: .rfc3339,
             time: time(2026, 11, 22, 6, 25, 1), program: "postfix-incoming/smtpd", message: "hi"),
        Case(line: "2026-11-22T06:25:01+0100 mx1 postfix/postscreen[9]: hi", format: .rfc3339,
             time: time(2026, 11, 22, 6, 25, 1), program: "postfix/postscreen", message: "hi"),
        Case(line: "2026-11-22 06:25:01 1tAbCd-000XyZ-9Q <= a@b.example H=x [1.2.3.4]", format: .exim,
             time: time(2026, 11, 22, 6, 25, 1), program: "", message: "1tAbCd-000XyZ-9Q <= a@b.example H=x [1.2.3.4]"),
        Case(line: "2026-11-22 06:25:01.123 +0100 [4242] Start queue run: pid=4242", format: .exim,
             time: time(2026, 11, 22, 6, 25, 1), program: "", message: "Start queue run: pid=4242"),
        Case(line: "2026-11-22 06:25:01 [77] Start queue run: pid=77", format: .exim,
             time: time(2026, 11, 22, 6, 25, 1), program: "", message: "Start queue run: pid=77"),
        Case(line: "Nov 22 06:25:01 mx1 exim[77]: 2026-11-22 06:25:00 Start queue run: pid=77", format: .syslog,
             time: time(2026, 11, 22, 6, 25, 0), program: "exim", message: "Start queue run: pid=77"),
        Case(line: "Nov 22 06:25:01 mx1 exim4[77]: Start queue run: pid=77", format: .syslog,
             time: time(0, 11, 22, 6, 25, 1), program: "exim4", message: "Start queue run: pid=77"),
        Case(line: "Oct 14 19:45:05 [exim] LOGIN authenticator failed", format: .syslog,
             time: time(0, 10, 14, 19, 45, 5), program: "exim", message: "LOGIN authenticator failed"),
        Case(line: "Nov 22 06:25:01 mx1 dovecot: imap-login: Login", format: .syslog,
             time: time(0, 11, 22, 6, 25, 1), program: "dovecot", message: "imap-login: Login"),
    ]

    @Test("recognises every layout", arguments: cases)
    func parses(_ c: Case) throws {
        var bytes = Array(c.line.utf8)
        try bytes.withUnsafeMutableBufferPointer { mutable in
            let line = UnsafeBufferPointer(mutable)
            let prefix = try #require(LinePrefix.parse(line))
            #expect(prefix.format == c.format)
            #expect(prefix.time == c.time)
            #expect(line.string(prefix.program) == c.program)
            #expect(line.string(prefix.message..<line.count) == c.message)
        }
    }

    @Test("services of every Postfix program name form")
    func services() {
        func service(_ program: String) -> MailProgram {
            var bytes = Array("Nov 22 06:25:01 mx1 \(program)[1]: x".utf8)
            return bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0))!.mail }
        }
        #expect(service("postfix/smtpd") == .postfix(.smtpd))
        #expect(service("postfix/submission/smtpd") == .postfix(.smtpd))
        #expect(service("postfix-incoming/smtpd") == .postfix(.smtpd))
        #expect(service("postfix/postscreen") == .postfix(.postscreen))
        #expect(service("postfix/smtp") == .postfix(.smtp))
        #expect(service("postfix/lmtp") == .postfix(.lmtp))
        #expect(service("postfix/cleanup") == .postfix(.cleanup))
        #expect(service("postfix/error") == .postfix(.error))
        #expect(service("postfix/qmgr") == .postfix(.qmgr))
        #expect(service("postfix") == .postfix(.other))
        #expect(service("sendmail") == .other)
        #expect(service("sm-mta") == .other)
    }

    @Test("lines that are not log lines have no prefix")
    func rejects() {
        for text in ["", "Envelope-from: <a@b>", "  by mx.example", "Nov 99 06:25:01 x y: z", "2026-13-01 00:00:00 x",
                     "Foo 22 06:25:01 mx1 postfix/smtpd[1]: x", "2026-11-22T25:00:00Z h p: x"] {
            var bytes = Array(text.utf8)
            let prefix = bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0)) }
            #expect(prefix == nil, "\(text)")
        }
    }

    /// The pid's `]` is looked for in one eight-byte word first, then byte by byte up to 32 bytes
    /// after the `[`: every pid length around those bounds, with the line cut at every byte from
    /// the `[` on (a word must never be read past the line's end, nor a `]` found beyond it).
    @Test("a pid of any length, in a line cut anywhere, is read within 32 bytes of its bracket")
    func pidBracketAtEveryLength() {
        let head = "Nov 22 06:25:01 mx1 postfix/smtpd["
        var checked = 0
        for length in 0...40 {
            for filler in ["1", "x"] {
                let full = head + String(repeating: filler, count: length) + "]: [9] a]b"
                let open = head.utf8.count - 1
                let close = open + 1 + length
                for cut in (open + 1)...full.utf8.count {
                    var bytes = Array(full.utf8.prefix(cut))
                    let prefix = bytes.withUnsafeMutableBufferPointer { LinePrefix.parse(UnsafeBufferPointer($0)) }
                    // The tag ends `]:` within 32 bytes of the `[`; the message after `: `.
                    if close - open < 32, cut > close + 1 {
                        #expect(prefix?.mail == .postfix(.smtpd), "pid of \(length), cut at \(cut)")
                        #expect(prefix?.program == 20..<(open), "pid of \(length), cut at \(cut)")
                        #expect(prefix?.message == min(close + 3, cut), "pid of \(length), cut at \(cut)")
                    } else {
                        #expect(prefix == nil, "pid of \(length), cut at \(cut)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 1_000)
    }
}

@Suite("Year inference")
struct YearInferenceTests {
    static func epoch(_ y: Int, _ m: Int, _ d: Int) -> Int {
        var parts = tm()
        parts.tm_year = Int32(y - 1900); parts.tm_mon = Int32(m - 1); parts.tm_mday = Int32(d); parts.tm_hour = 12
        return Int(mktime(&parts))
    }

    @Test("from the modification time: a month after it belongs to the year before")
    func fromModificationTime() {
        var years = YearInference(.modificationTime(YearInferenceTests.epoch(2027, 1, 3)))
        #expect(years.year(forMonth: 12) == 2026)
        #expect(years.year(forMonth: 1) == 2027)
        var november = YearInference(.modificationTime(YearInferenceTests.epoch(2026, 11, 23)))
        #expect(november.year(forMonth: 11) == 2026)
        #expect(november.year(forMonth: 12) == 2025)
    }

    @Test("--year: the log starts in that year and moves on when December wraps to January")
    func fromStartingYear() {
        var years = YearInference(.startingYear(2026))
        #expect([11, 12, 12, 1, 2].map { years.year(forMonth: $0) } == [2026, 2026, 2026, 2027, 2027])
    }

    @Test("the parser gives lines of one stamp the year it gave the line before, across wraps and back")
    func repeatedStampsKeepTheirYear() {
        let parser = LineParser(years: .startingYear(2026))
        let stamps = ["Dec 31 23:59:59", "Dec 31 23:59:59", "Jan  1 00:00:00", "Jan  1 00:00:00", "Dec 31 23:59:59",
                      "Jan  1 00:00:00", "Jun 30 12:00:00", "Dec 31 23:59:59", "Dec 31 23:59:59", "Jan  1 00:00:00"]
        let years = stamps.map { stamp in
            Array("\(stamp) mx1 postfix/qmgr[2]: 4F2A81C0B5: removed".utf8).withUnsafeBufferPointer { parser.parse($0).time?.year }
        }
        // What the inference gives when asked for every line: each December to January is a
        // new year, a step back to December is not.
        var reference = YearInference(.startingYear(2026))
        let months = [12, 12, 1, 1, 12, 1, 6, 12, 12, 1]
        #expect(years == months.map { reference.year(forMonth: $0) })
        #expect(years == [2026, 2026, 2027, 2027, 2027, 2028, 2028, 2028, 2028, 2029])
    }
}
