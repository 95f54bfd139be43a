import Foundation
import Testing
@testable import SMTPLogKit

/// Issue 14's reproducers of memory bounded by count, not size: 100,000 Exim `set_id` values of
/// 12 KB took 2 GB and made a 600 MB JSON report; 20,000 Postfix user names of 63 KB took 3.6 GB.
/// Here at a size a test can afford (the same keys, fewer of them: every one is stored, as it was
/// below the 50,000-key cap), with what makes them fail when keys are stored whole: the JSON
/// report's size, and the length of every string the run keeps. The memory itself is measured
/// by `.ci/bench-cardinality`, never by a test.
@Suite("Long keys: stored cut, the report bounded")
struct LongKeyTests {
    /// Exim's own format: a failed login per line, each with its own 12 KB `set_id`, from 40
    /// clients (so that the findings list users by client, too).
    static func eximSetIDs(count: Int, length: Int) -> (text: String, names: [String]) {
        var text = "", names: [String] = []
        for index in 0..<count {
            let name = LongKeyTests.longName(index, length: length)
            names.append(name)
            let second = index % 60
            text += "2026-11-22 06:\(String(format: "%02d", index / 60 % 60)):\(String(format: "%02d", second)) "
                + "dovecot_login authenticator failed for (User) [203.0.113.\(index % 40)]: "
                + "535 Incorrect authentication data (set_id=\(name))\n"
        }
        return (text, names)
    }

    /// Postfix 3.9's failed login with the user name appended, 63 KB each: lines just under
    /// the 64 KiB line limit, so that none is skipped as oversized.
    static func postfixUsers(count: Int, length: Int) -> (text: String, names: [String]) {
        var text = "", names: [String] = []
        for index in 0..<count {
            let name = LongKeyTests.longName(index, length: length)
            names.append(name)
            text += "Nov 22 06:\(String(format: "%02d", index / 60 % 60)):\(String(format: "%02d", index % 60)) mx "
                + "postfix/smtpd[123]: warning: unknown[198.51.100.\(index % 40)]: SASL LOGIN authentication failed: "
                + "UGFzc3dvcmQ6, sasl_username=\(name)\n"
        }
        return (text, names)
    }

    /// `user1234-` then letters: distinct in its first bytes, so that the cut keys stay distinct
    /// and every one of them is stored.
    static func longName(_ index: Int, length: Int) -> String {
        let head = "user\(index)-"
        return head + String(repeating: "x", count: length - head.utf8.count)
    }

    /// Every string the run keeps, found by walking the summary and the rules' accumulators,
    /// except the example lines, which have their own bound (cut in the middle).
    static func storedStrings(_ value: Any, into strings: inout [String]) {
        if let string = value as? String { strings.append(string); return }
        if value is LineExample { return }
        for child in Mirror(reflecting: value).children { storedStrings(child.value, into: &strings) }
    }

    /// The longest a stored key may be: the limit and the mark that says it was cut.
    static let keyBound = LogText.keyLimit + LogText.cutMark.utf8.count

    func check(_ text: String, names: [String], longest: Int, file: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(file, text)
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026, threads: 1)).analyze([InputName(path)])[0]
        #expect(result.error == nil)
        #expect(result.summary.lines.read == names.count)
        #expect(result.summary.lines.oversized == 0)
        #expect(result.summary.authFailures.inbound == names.count)

        // Every user is stored (below the cap), cut to its first bytes, marked.
        let users = result.summary.authUsers.counts
        #expect(users.count == names.count)
        let expected = Set(names.map { String($0.utf8.prefix(LogText.keyLimit))! + LogText.cutMark })
        #expect(Set(users.keys) == expected)

        var strings: [String] = []
        LongKeyTests.storedStrings(result.summary, into: &strings)
        LongKeyTests.storedStrings(result.rules, into: &strings)
        #expect(strings.count > 2 * names.count, "the walk found the stored keys")
        let tooLong = strings.filter { $0.utf8.count > LongKeyTests.keyBound }
        let longestStored = tooLong.map(\.utf8.count).max() ?? 0
        #expect(tooLong.isEmpty, "\(tooLong.count) stored strings longer than \(LongKeyTests.keyBound) bytes, the longest \(longestStored)")

        // The report: a key costs its cut length and a little JSON around it, whatever its
        // length in the log. Stored whole, the users alone would take names.count * longest.
        let report = Report(inputs: [result])
        let json = try report.rendered(.json)
        let bound = names.count * (LongKeyTests.keyBound + 64) + 256 * 1024
        #expect(json.utf8.count < bound, "a JSON report of \(json.utf8.count) bytes for \(names.count) users")
        #expect(bound < names.count * longest, "the bound is far below the keys stored whole")
        for finding in report.findings {
            for list in finding.subjects.values {
                for entry in list.entries { #expect(entry.name.utf8.count <= LongKeyTests.keyBound) }
            }
            for example in finding.examples {
                #expect(example.text.utf8.count <= LineExample.headBytes + LineExample.tailBytes + LineExample.elision.utf8.count)
            }
        }
        let text = try report.rendered(.text)
        #expect(text.utf8.count < 256 * 1024, "a text report of \(text.utf8.count) bytes")
    }

    @Test("Exim set_id values of 12 KB: stored as 256 bytes and a mark, a small JSON report")
    func eximSetID() throws {
        let (text, names) = LongKeyTests.eximSetIDs(count: 1_000, length: 12 * 1024)
        try check(text, names: names, longest: 12 * 1024, file: "mainlog")
    }

    @Test("Postfix user names of 63 KB: stored as 256 bytes and a mark, a small JSON report")
    func postfixUserNames() throws {
        let (text, names) = LongKeyTests.postfixUsers(count: 150, length: 63 * 1024)
        try check(text, names: names, longest: 63 * 1024, file: "mail.log")
    }

    @Test("a key is cut before a character or an escape that would pass the limit, and says so")
    func cutAtCharacter() {
        func key(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { LogText.key($0) } }
        // 255 ASCII bytes, then a 3-byte character across the limit: it is left out whole.
        #expect(key(Array(repeating: UInt8(ascii: "a"), count: 255) + Array("€€".utf8))
                == String(repeating: "a", count: 255) + LogText.cutMark)
        #expect(key(Array(repeating: UInt8(ascii: "a"), count: 256)) == String(repeating: "a", count: 256))
        #expect(key(Array("ünïcødé".utf8)) == "ünïcødé")
        // Bad bytes are shown as \xNN, four bytes each: 300 of them keep 64 escapes, not 1,200
        // bytes of key (cut by the bytes read alone, a key could take four times the limit).
        #expect(key(Array(repeating: 0xFF, count: 300)) == String(repeating: "\\xff", count: 64) + LogText.cutMark)
        #expect(key(Array(repeating: 0xFF, count: 64)) == String(repeating: "\\xff", count: 64))
        #expect(key(Array(repeating: 0xFF, count: 65)) == String(repeating: "\\xff", count: 64) + LogText.cutMark)
        #expect(key([UInt8(ascii: "a"), 0xFF, UInt8(ascii: "b")]) == "a\\xffb")
        for length in [0, 1, 63, 64, 65, 255, 256, 257, 1_000] {
            for fill in [UInt8(ascii: "x"), 0xFF, 0xC3] {
                #expect(key(Array(repeating: fill, count: length)).utf8.count <= LongKeyTests.keyBound)
            }
        }
    }
}
