import Foundation
import Testing
@testable import SMTPLogKit

/// `LineParser.parse(_:into:)` writes each line into storage the line loop keeps from line to
/// line: nothing of the line before may show through (a traffic fact, a program, a time).
@Suite("Parsing into reused storage")
struct ParseIntoTests {
    /// Every line of the fixture files, comments included (they are lines a parser meets too).
    static func fixtureLines() throws -> [[UInt8]] {
        let folder = AnnotatedFixtureTests.folder
        var lines: [[UInt8]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".log") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            lines += data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        }
        return lines
    }

    @Test("one storage for all lines gives what a fresh value gives, in file order and reversed")
    func reusedStorageMatchesFreshValues() throws {
        let lines = try ParseIntoTests.fixtureLines()
        #expect(lines.count > 500)
        for order in [lines, lines.reversed()] {
            let fresh = LineParser(years: .startingYear(2026))
            let reusing = LineParser(years: .startingYear(2026))
            var storage = ParsedLine(kind: .blank, time: nil, format: .none)
            var withTraffic = 0
            for bytes in order {
                bytes.withUnsafeBufferPointer { line in
                    let expected = fresh.parse(line)
                    reusing.parse(line, into: &storage)
                    if expected.traffic != nil { withTraffic += 1 }
                    #expect(String(describing: storage) == String(describing: expected),
                            "\(String(decoding: line, as: UTF8.self))")
                }
            }
            // The fixtures must hold lines with and without traffic facts for the check to mean anything.
            #expect(withTraffic > 50 && withTraffic < order.count - 50)
        }
    }

    /// Hands every line to the test as the loop lent it.
    final class RecordingSink: LineSink {
        var seen: [(number: Int, parsed: String)] = []
        var oversized: [Int] = []
        func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: inout ParsedLine) {
            seen.append((number, String(describing: parsed)))
        }
        func consumeOversized(number: Int) { oversized.append(number) }
    }

    /// `LineLoop.run` keeps one parsed line for the whole run: each line must reach the sink as a
    /// parser of its own would give it, whatever the line before left in that storage. The lines
    /// are read through a small buffer (lines cut across reads), with an oversized line among them.
    @Test("the line loop's one storage gives the sink what a fresh parse gives, line after line")
    func loopStorageMatchesFreshValues() throws {
        let fixtures = try ParseIntoTests.fixtureLines()
        let long = Array(repeating: UInt8(ascii: "x"), count: 2_100)
        var lines = fixtures + fixtures.reversed()
        lines.insert(long, at: lines.count / 2)
        let sink = RecordingSink()
        let loop = LineLoop(reader: LineReader(bufferSize: 512, maxLineLength: 2_000), parser: LineParser(years: .startingYear(2026)))
        let bytes = Array(lines.joined(separator: [0x0A])) + [0x0A]
        let result = loop.run(MemorySource(bytes, chunk: 300), into: sink)
        #expect(result.error == nil)
        #expect(result.lastLine == lines.count)
        #expect(sink.oversized == [lines.count / 2 + 1])
        let fresh = LineParser(years: .startingYear(2026))
        var expected: [(number: Int, parsed: String)] = []
        for (index, line) in lines.enumerated() where line.count <= 2_000 {
            // The reader gives a line without its `\r`.
            let read = line.last == 0x0D ? Array(line.dropLast()) : line
            expected.append((index + 1, read.withUnsafeBufferPointer { String(describing: fresh.parse($0)) }))
        }
        #expect(sink.seen.count == expected.count)
        for (got, want) in zip(sink.seen, expected) {
            #expect(got.number == want.number)
            #expect(got.parsed == want.parsed, "line \(want.number)")
        }
    }

    @Test("a prefix keeps its time, program and message offsets through its packed storage")
    func packedPrefixFields() throws {
        let text = "Nov 21 06:25:01 mx1 postfix/submission/smtpd[12345]: connect from unknown[192.0.2.1]"
        let prefix = try #require(Array(text.utf8).withUnsafeBufferPointer { LinePrefix.parse($0) })
        #expect(prefix.time == LogTime(year: 0, month: 11, day: 21, hour: 6, minute: 25, second: 1))
        #expect(prefix.program == 20..<44)
        #expect(prefix.message == 53)
        #expect(prefix.mail == .postfix(.smtpd))
        #expect(prefix.format == .syslog)
        let bare = "postfix/qmgr[7]: ABC123: removed"
        let unstamped = try #require(Array(bare.utf8).withUnsafeBufferPointer { LinePrefix.parse($0) })
        #expect(unstamped.time == nil)
        #expect(unstamped.program == 0..<12)
        #expect(unstamped.message == 17)
    }
}

/// The prefix memo may take an ISO stamp's time from the line before, and skips the try at a
/// syslog tag after it where no Postfix or Exim tag can be: what it gives must be what a
/// parse without memo gives, line after line.
@Suite("ISO stamps with the prefix memo")
struct ISOPrefixMemoTests {
    static let lines = [
        "2026-11-21 00:00:00 SMTP connection from [45.253.141.170]:6668 (TCP/IP connection count = 5)",
        "2026-11-21 00:00:00 1vXYZa-000123-AB <= alice@example.org H=mail.example.org [192.0.2.1] P=esmtps S=1234",
        "2026-11-21 00:00:00 plain authenticator failed for h (User) [192.0.2.7]:6668: 535 Incorrect authentication data",
        "2026-11-21 00:00:00 [1234] 1vXYZa-000123-AB => bob@example.net R=dnslookup T=remote_smtp",
        "2026-11-21 00:00:00 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]",
        "2026-11-21 00:00:00 mx1 exim[8003]: 2026-11-21 00:00:00 [8003] 1vXYZa-000123-AB Completed",
        "2026-11-21 00:00:00 postfix/qmgr[2]: 4F2A81C0B5: removed",
        "2026-11-21 00:00:00 [postfix/smtpd] connect from unknown[192.0.2.1]",
        "2026-11-21 00:00:00 mx1 [exim] 1vXYZa-000123-AB Completed",
        "2026-11-21 00:00:00 mx1  postfix/smtp[3]: two spaces before the tag",
        "2026-11-21 00:00:00 pmx1 dovecot[3]: a host that starts like a tag",
        "2026-11-21 00:00:00.123 1vXYZa-000123-AB Completed",
        "2026-11-21 00:00:00 +0100 1vXYZa-000123-AB Completed",
        "2026-11-21T00:00:00.123456+01:00 mx1 postfix/smtpd[1]: connect from unknown[192.0.2.1]",
        "2026-11-21T00:00:00.654321+01:00 mx1 postfix/smtpd[1]: disconnect from unknown[192.0.2.1]",
        "2026-11-21T00:00:00Z mx1 postfix/qmgr[2]: 4F2A81C0B5: removed",
        "2026-11-21 00:00:00",
        "2026-11-21 00:00:00 ",
        "2026-11-21 00:00:01 End queue run: pid=1234",
        "2026-11-21 00:00:0x not a stamp",
        "2026-13-21 00:00:00 not a month",
        "2026-11-21 00:00:01 e",
        "2026-11-21 00:00:01 p",
    ]

    @Test("each line, after each other line, gives what a parse without memo gives")
    func memoMatchesPlainParse() {
        for before in ISOPrefixMemoTests.lines {
            for line in ISOPrefixMemoTests.lines {
                var memo = PrefixMemo()
                let first = Array(before.utf8), second = Array(line.utf8)
                _ = first.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
                let remembered = second.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
                let plain = second.withUnsafeBufferPointer { LinePrefix.parse($0) }
                #expect(String(describing: remembered) == String(describing: plain), "\(line) after \(before)")
            }
        }
        // The lines are what they claim: Exim's own, Postfix behind a stamp, nothing.
        let kinds = ISOPrefixMemoTests.lines.map { line in Array(line.utf8).withUnsafeBufferPointer { LinePrefix.parse($0)?.mail } }
        #expect(kinds[0] == .exim && kinds[4] == .postfix(.smtpd) && kinds[6] == .postfix(.qmgr) && kinds[7] == .postfix(.smtpd))
        #expect(kinds[19] == nil && kinds[20] == nil)
    }
}
