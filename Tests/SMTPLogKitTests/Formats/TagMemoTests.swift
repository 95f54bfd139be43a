import Foundation
import Testing
@testable import SMTPLogKit

/// The prefix memo takes a syslog tag's host and program from a line met before when the bytes up
/// to the pid's `[` are the same (`TagMemo`): whatever came before, a line must get the prefix a
/// parse without memo gives it.
@Suite("Syslog tags with the prefix memo")
struct TagMemoTests {
    /// Tags of every shape `LinePrefix.tagged` reads, and near misses: no host, a host ending in
    /// `:`, bracketed programs and hosts, several spaces, no pid, a pid without `]` or `:`, Exim
    /// (whose prefix goes on after the tag), programs around the memo's 48 bytes.
    static let tags = [
        " mx1 postfix/smtpd[123]: ", " mx1 postfix/smtp[123]: ", " mx1 postfix/smtpd[9]:", " mx1 postfix/smtpd[]: ",
        " mx1 postfix/submission/smtpd[53142]: ", " mx2 postfix/submission/smtpd[53142]: ", " mx1 postfix/qmgr[2852]: ",
        " mx1 opendkim[640]: ", " mx1 dovecot: ", " mx1 dovecot[1]: ", " mx1  postfix/smtpd[1]: ", "  mx1 postfix/smtpd[1]: ",
        " postfix/smtpd[1]: ", " mx1: postfix/smtpd[1]: ", " mx1:[x] postfix/smtpd[1]: ", " [postfix/smtpd] ", " mx1 [exim] ",
        " [1.2.3.4] postfix/smtpd[1]: ", " mx1 postfix/smtpd[1] ", " mx1 postfix/smtpd[123456789012345678901234567890123]: ",
        " mx1 postfix/smtpd[1234567890123456789012345678901]: ", " mx1 exim[8003]: ", " mx1 exim4[77]: 2026-11-22 06:25:00 [77] ",
        " mx1 exim[77]: [77] ", " mx1 postfix:", " mx1 postfix[1]: ", " m postfix/x[1]: ",
        " mx1 postfix-outgoing-relay-number-two/smtpd[1]: ", " mx1 postfix-outgoing-relay-number-two-abc/smtpd[1]: ",
        " mx1 postfix-outgoing-relay-number-two-abcd/smtpd[1]: ", " mx1 postfix-outgoing-relay-number-two-abcde/smtpd[1]: ",
        " mx1 postfix/smtpd[1]:[2]: ", " mx1 postfix/sm[tpd[1]: ", " mx1 post fix/smtpd[1]: ",
    ]
    static let stamps = ["Nov 22 06:25:01", "Nov 22 06:25:02", "Nov  2 06:25:01", "nov. 22 06:25:01"]
    static let messages = ["connect from unknown[192.0.2.1]", "", "x"]

    /// Every stamp, tag and message, and each such line cut at every byte from the tag on.
    static func lines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for stamp in stamps {
            for tag in tags {
                for message in messages {
                    let bytes = Array((stamp + tag + message).utf8)
                    lines.append(bytes)
                    if message == messages[0] {
                        for cut in stamp.utf8.count..<bytes.count { lines.append(Array(bytes.prefix(cut))) }
                    }
                }
            }
        }
        return lines
    }

    static func check(_ lines: [[UInt8]], _ label: String) -> Int {
        var memo = PrefixMemo()
        var differences = 0
        for bytes in lines {
            bytes.withUnsafeBufferPointer { line in
                let remembered = LinePrefix.parse(line, memo: &memo)
                let plain = LinePrefix.parse(line)
                if String(describing: remembered) != String(describing: plain) {
                    differences += 1
                    Issue.record("\(label): \(String(decoding: line, as: UTF8.self))")
                }
            }
        }
        return differences
    }

    @Test("in order, reversed and shuffled, each line gets what a parse without memo gives")
    func memoMatchesPlainParse() {
        let lines = TagMemoTests.lines()
        #expect(lines.count > 3_000)
        var generator = SplitMix(seed: 7)
        #expect(TagMemoTests.check(lines, "in order") == 0)
        #expect(TagMemoTests.check(lines.reversed(), "reversed") == 0)
        #expect(TagMemoTests.check(lines.shuffled(using: &generator), "shuffled") == 0)
        // Each line after each whole line: a tag remembered, then any other line.
        let whole = lines.filter { $0.last == UInt8(ascii: "]") || $0.last == UInt8(ascii: "x") }
        for before in whole { #expect(TagMemoTests.check([before] + lines.shuffled(using: &generator).prefix(40), "after") == 0) }
    }

    @Test("a tag read once is found in the memo by its bytes, and only by them")
    func memoHits() throws {
        var memo = PrefixMemo()
        let first = Array("Nov 22 06:25:01 mx1 postfix/submission/smtpd[53142]: connect".utf8)
        let a = first.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
        #expect(a?.mail == .postfix(.smtpd))
        func known(_ text: String) -> Range<Int>? {
            Array(text.utf8).withUnsafeBufferPointer { line in
                TagMemo.place(line, from: 15).flatMap { memo.tags.lookup(line, from: 15, $0)?.program }
            }
        }
        // Another second, pid and message: the same tag.
        #expect(known("Nov 22 06:25:07 mx1 postfix/submission/smtpd[7]:disconnect") == 20..<44)
        // One byte of the host or the program changed, or the tag elsewhere: not in the memo.
        #expect(known("Nov 22 06:25:07 mx2 postfix/submission/smtpd[7]: x") == nil)
        #expect(known("Nov 22 06:25:07 mx1 postfix/submission/smtpe[7]: x") == nil)
        #expect(known("Nov 22 06:25:07 mx1 postfix/submission/smtpdd[7]: x") == nil)
        #expect(known("Nov 22 06:25:07  mx1 postfix/submission/smtpd[7]: x") == nil)
        // A line without a host is never remembered: its program starts right after the stamp.
        let bare = Array("Nov 22 06:25:01 postfix/qmgr[2]: 4F2A81C0B5: removed".utf8)
        _ = bare.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
        #expect(known("Nov 22 06:25:01 postfix/qmgr[2]: 4F2A81C0B5: removed") == nil)
        // Exim's tag neither: its prefix goes on after the tag.
        let exim = Array("Nov 22 06:25:01 mx1 exim[8003]: [8003] 1vXYZa-000123-AB Completed".utf8)
        _ = exim.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
        #expect(known("Nov 22 06:25:01 mx1 exim[8003]: [8003] 1vXYZa-000123-AB Completed") == nil)
    }

    @Test("fixture and corpus lines through one memo give what a parse without memo gives")
    func realLines() throws {
        let fixtures = try ParseIntoTests.fixtureLines()
        #expect(fixtures.count > 500)
        #expect(TagMemoTests.check(fixtures, "fixtures") == 0)
        guard let files = Shell.corpusLogs else {
            print("skipped: no ../shared/corpus beside the checkout")
            return
        }
        var corpus: [[UInt8]] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            corpus += data.split(separator: 0x0A).map { Array($0) }
        }
        #expect(corpus.count > 100_000)
        #expect(TagMemoTests.check(corpus, "corpus") == 0)
    }
}

/// The tag memo's place and the pid's `]` are found 16 bytes a compare on x86-64 where the line
/// has the bytes, and a word or a byte at a time elsewhere (other processors, near a line's end):
/// both ways must give the same answer, or a tag remembered one way would be missed (or worse,
/// mistaken) the other.
@Suite("Tag and pid searches, by vectors and by words")
struct TagSearchTests {
    /// ` mx1 postfix/smtpd[` shapes with the `[` at every offset up to and past 48 bytes, a `[`
    /// twice, none at all, and bytes on each side of `[` (`Z`, `\\`, 0x5B | 0x80).
    static func tagLines() -> [[UInt8]] {
        var lines: [[UInt8]] = []
        let stamp = Array("Nov 22 06:25:01".utf8)
        for length in 1...56 {
            for filler: UInt8 in [0x61, 0x5A, 0x5C, 0xDB] {
                var tag = [UInt8](repeating: filler, count: length)
                tag[0] = 0x20
                tag[length - 1] = 0x5B
                let line = stamp + tag + Array("12345]: connect from unknown[192.0.2.1] and some more text".utf8)
                lines.append(line)
                if length > 3 {
                    var twice = tag
                    twice[length / 2] = 0x5B
                    lines.append(stamp + twice + Array("1]: x".utf8) + [UInt8](repeating: 0x20, count: 60))
                }
            }
        }
        lines.append(stamp + [UInt8](repeating: 0x61, count: 80))
        return lines
    }

    @Test("place: the same length, word and slot whichever way the tag's `[` is found")
    func placeAgrees() {
        var compared = 0
        for bytes in TagSearchTests.tagLines() + TagMemoTests.lines() {
            bytes.withUnsafeBufferPointer { line in
                for at in [14, 15, 16] where at <= line.count {
                    let fast = TagMemo.place(line, from: at), words = TagMemo.placeByWords(line, from: at)
                    #expect(fast?.length == words?.length && fast?.last == words?.last && fast?.slot == words?.slot,
                            "\(String(decoding: line, as: UTF8.self)) from \(at)")
                    compared += 1
                }
            }
        }
        #expect(compared > 3_000)
        // A `[` found at offset 29 of ` mx1 postfix/submission/smtpd[`: its word cut after it.
        let line = Array("Nov 22 06:25:01 mx1 postfix/submission/smtpd[53142]: connect from unknown[192.0.2.1]".utf8)
        let place = line.withUnsafeBufferPointer { TagMemo.place($0, from: 15) }
        #expect(place?.length == 30)
        #expect(place?.last == UInt64(littleEndian: Array("smtpd[".utf8 + [0, 0]).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
    }

    @Test("the pid's `]`: the same message start by vector and by bytes, for every pid length and line end")
    func messageAgrees() {
        var compared = 0
        for pidLength in 0...40 {
            for after in ["]: connect from x", "]:connect", "] x", "]", "]:", "]: ", "x"] {
                let whole = Array("Nov 22 06:25:01 mx1 postfix/smtpd[".utf8) + [UInt8](repeating: 0x37, count: pidLength)
                    + Array(after.utf8) + [UInt8](repeating: 0x20, count: 20)
                for cut in 34...whole.count {
                    whole.prefix(cut).withUnsafeBufferPointer { line in
                        let fast = LinePrefix.message(line, afterBracket: 33)
                        let bytes = LinePrefix.messageByBytes(line, afterBracket: 33)
                        #expect(fast == bytes, "\(String(decoding: line, as: UTF8.self))")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 10_000)
        let line = Array("Nov 22 06:25:01 mx1 postfix/smtpd[53142]: connect from unknown[192.0.2.1]".utf8)
        #expect(line.withUnsafeBufferPointer { LinePrefix.message($0, afterBracket: 33) } == 42)
    }
}

@Suite("First space of an Exim line's word")
struct FirstSpaceTests {
    @Test("16 bytes a compare gives what the byte loop gives, wherever the space is and the line ends")
    func agreesWithByteLoop() {
        var compared = 0
        for spaceAt in 0...40 {
            var bytes = [UInt8](repeating: 0x61, count: 48)
            if spaceAt < bytes.count { bytes[spaceAt] = 0x20 }
            bytes[min(spaceAt + 3, 47)] = 0x20
            for cut in 0...bytes.count {
                bytes.prefix(cut).withUnsafeBufferPointer { line in
                    for start in [0, 1, 5, 16, 17] where start <= line.count {
                        #expect(LinePrefix.firstSpace(line, from: start) == line.firstByte(0x20, from: start))
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 5_000)
        let line = Array("2026-11-21 00:00:00 1vXYZa-000123-AB <= a@example.org".utf8)
        #expect(line.withUnsafeBufferPointer { LinePrefix.firstSpace($0, from: 20) } == 36)
    }
}

@Suite("Tag memo slots")
struct TagMemoSlotTests {
    /// The tags of the project's generated Postfix logs: no three share a pair of slots, so none
    /// is pushed out by the others and read again on every few lines.
    @Test("the generated log's tags spread over the pairs, two at most a pair, and all are found again")
    func generatedTagsSpread() {
        let programs = ["smtpd", "qmgr", "submission/smtpd", "postscreen", "cleanup", "smtp", "lmtp", "anvil", "scache",
                        "local", "smtps/smtpd", "pickup", "dnsblog", "bounce", "error"].map { "postfix/" + $0 }
            + ["dovecot", "opendkim", "amavis", "policyd-spf"]
        var pairs: [Int: Int] = [:]
        var memo = PrefixMemo()
        let lines = programs.map { Array("Nov 21 00:00:00 mx1 \($0)[123]: connect from unknown[192.0.2.1]".utf8) }
        for bytes in lines {
            let slot = bytes.withUnsafeBufferPointer { TagMemo.place($0, from: 15)?.slot }
            #expect(slot != nil)
            pairs[slot ?? -1, default: 0] += 1
            _ = bytes.withUnsafeBufferPointer { LinePrefix.parse($0, memo: &memo) }
        }
        #expect(pairs.values.allSatisfy { $0 <= 2 })
        for bytes in lines {
            let known = bytes.withUnsafeBufferPointer { line in
                TagMemo.place(line, from: 15).flatMap { memo.tags.lookup(line, from: 15, $0) }
            }
            #expect(known != nil, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
