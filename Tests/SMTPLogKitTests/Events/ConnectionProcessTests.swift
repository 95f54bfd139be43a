import Foundation
import Testing
@testable import SMTPLogKit

/// A Postfix connection line's process (the pid that joins `connect from` to `disconnect
/// from`), read by the extractor where it makes the fact; every other line has none.
@Suite("Connection lines' process")
struct ConnectionProcessTests {
    static func process(_ text: String) -> String? {
        let parser = LineParser(years: .startingYear(2026))
        return Array(text.utf8).withUnsafeBufferPointer { line in
            let parsed = parser.parse(line)
            return parsed.traffic?.process.map { String(decoding: line[$0], as: UTF8.self) }
        }
    }

    @Test("connect and disconnect lines name their pid, whatever the service's path and the line's end")
    func connectionsHaveTheirPid() {
        #expect(ConnectionProcessTests.process("Nov 22 06:25:01 mx postfix/smtpd[4242]: connect from mail.example.net[198.51.100.7]") == "4242")
        #expect(ConnectionProcessTests.process("Nov 22 06:25:04 mx postfix/submission/smtpd[77]: disconnect from unknown[203.0.113.9] ehlo=1 quit=1 commands=2") == "77")
        #expect(ConnectionProcessTests.process("Nov 22 06:25:04 mx postfix-out/smtpd[123456789]: disconnect from unknown[203.0.113.9] commands=0,,,,") == "123456789")
        #expect(ConnectionProcessTests.process("2026-11-22T06:25:01.123456+01:00 mx postfix/smtpd[9]: connect from unknown[192.0.2.1]") == "9")
    }

    @Test("lines that are no connection, or whose tag has no pid, have no process")
    func othersHaveNone() {
        let lines = [
            "Nov 22 06:25:02 mx postfix/smtpd[4242]: 3F2A1B4C5D: client=mail.example.net[198.51.100.7]",
            "Nov 22 06:25:02 mx postfix/smtpd[4242]: warning: hostname x.example does not resolve to address 192.0.2.1",
            "Nov 22 06:25:02 mx postfix/qmgr[11]: 3F2A1B4C5D: removed",
            "Nov 22 06:25:02 mx postfix/smtpd: connect from mail.example.net[198.51.100.7]",
            "Nov 22 06:25:02 mx postfix/smtpd[]: connect from mail.example.net[198.51.100.7]",
        ]
        for line in lines { #expect(ConnectionProcessTests.process(line) == nil, "\(line)") }
        // The two without a pid are still connections, counted but never timed.
        let parser = LineParser(years: .startingYear(2026))
        for line in lines.suffix(2) {
            let kind = Array(line.utf8).withUnsafeBufferPointer { parser.parse($0).traffic?.kind }
            #expect(kind == .connect, "\(line)")
        }
    }

    @Test("lines without a reply are counted as understood and read, and the newest stamp is theirs")
    func understoodLines() throws {
        let summary = try TrafficTests.summary("""
            Nov 22 06:25:01 mx postfix/smtpd[4242]: connect from mail.example.net[198.51.100.7]
            Nov 22 06:25:02 mx postfix/qmgr[11]: 3F2A1B4C5D: removed
            Nov 22 06:25:03 mx postfix/smtpd[4242]: warning: hostname x.example does not resolve to address 192.0.2.1
            Nov 22 06:25:09 mx postfix/smtpd[4242]: disconnect from mail.example.net[198.51.100.7] quit=1 commands=1

            """)
        #expect(summary.lines.read == 4 && summary.lines.understood == 4 && summary.lines.events == 0)
        #expect(summary.newestLine == LogTime(year: 2026, month: 11, day: 22, hour: 6, minute: 25, second: 9))
    }
}
