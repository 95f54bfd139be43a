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
