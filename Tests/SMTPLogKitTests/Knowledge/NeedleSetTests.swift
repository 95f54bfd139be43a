import Testing
@testable import SMTPLogKit

/// `NeedleSet` skips through a text window by window; what it finds must be what trying every
/// phrase at every position finds: the best-ranked phrase the text holds, ASCII case ignored.
@Suite("Phrase search")
struct NeedleSetTests {
    /// The reference: each phrase in rank order, searched for at every position.
    static func slowFirstMatch(_ phrases: [String], in text: [UInt8]) -> Int? {
        let lowered = text.map { NeedleSet<Int>.lower($0) }
        for (rank, phrase) in phrases.enumerated() {
            let needle = Array(phrase.utf8)
            guard needle.count <= lowered.count else { continue }
            for start in 0...(lowered.count - needle.count) where Array(lowered[start..<(start + needle.count)]) == needle {
                return rank
            }
        }
        return nil
    }

    static func fast(_ set: NeedleSet<Int>, _ text: [UInt8]) -> Int? {
        text.withUnsafeBufferPointer { set.firstMatch(in: $0) }
    }

    @Test("random phrase sets and texts: the same match as a search of every phrase at every position")
    func matchesTheSlowSearch() {
        var random = SplitMix(seed: 0x5EED_0F_1EED)
        // A small alphabet, so that phrases overlap, share pairs and turn up in the texts; upper
        // case and bytes above 0x7F (whose pair keys are shared with ASCII ones) among them.
        let alphabet: [UInt8] = Array("abcde ".utf8) + [0x41, 0x42, 0xC3, 0xE1, 0x2F]
        var found = 0
        for _ in 0..<400 {
            let phraseCount = Int.random(in: 1...12, using: &random)
            var phrases: [String] = []
            while phrases.count < phraseCount {
                let length = Int.random(in: 3...9, using: &random)
                let bytes = (0..<length).map { _ in "abcde /".utf8.randomElement(using: &random)! }
                phrases.append(String(decoding: bytes, as: UTF8.self))
            }
            let set = NeedleSet(phrases.enumerated().map { ($1, $0) })
            for _ in 0..<20 {
                var text = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                // Plant a phrase (in upper case now and then) half the time.
                if Bool.random(using: &random), let phrase = phrases.randomElement(using: &random) {
                    var planted = Array(phrase.utf8)
                    if Bool.random(using: &random) { planted = planted.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 } }
                    text.insert(contentsOf: planted, at: Int.random(in: 0...text.count, using: &random))
                }
                let expected = NeedleSetTests.slowFirstMatch(phrases, in: text)
                if expected != nil { found += 1 }
                #expect(NeedleSetTests.fast(set, text) == expected, "\(phrases) in \(text)")
            }
        }
        // The planted phrases make most texts hold one: the check compares real matches.
        #expect(found > 3_000)
    }

    @Test("the outage phrases are found in real lines, at the start, in the middle and at the end")
    func systemConditionsInLines() {
        let lines = [
            "2026-11-21 06:25:01 1vXYZa-000123-AB Spool directory space check failed: space=1024 inodes=88",
            "2026-11-21 06:25:01 write error on spool file: No space left on device",
            "no space left on device",
            "warning: database /etc/postfix/virtual.db is older than source file /etc/postfix/virtual",
            "2026-11-21 06:25:01 SMTP connection from mail.example.com [192.0.2.7]:41234 (TCP/IP connection count = 3)",
        ]
        let phrases = SystemConditions.phrases.phrases
        // The same phrases in the same order, valued by rank.
        let ranked = NeedleSet(phrases.enumerated().map { ($1, $0) })
        for line in lines {
            let bytes = Array(line.utf8)
            let expected = NeedleSetTests.slowFirstMatch(phrases, in: bytes)
            #expect(NeedleSetTests.fast(ranked, bytes) == expected, "\(line)")
        }
        #expect(NeedleSetTests.slowFirstMatch(phrases, in: Array(lines[2].utf8)) != nil)
        #expect(NeedleSetTests.slowFirstMatch(phrases, in: Array(lines[4].utf8)) == nil)
    }
}
