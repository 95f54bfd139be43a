import Testing
@testable import SMTPLogKit

/// A system message's pattern is read eight bytes a step (`SystemMessages.pattern`): whatever the
/// text, it must be the pattern the byte-at-a-time reading below gives (the one it replaced).
@Suite("System message patterns")
struct SystemMessagePatternTests {
    /// The pattern a byte at a time: words holding a digit or one of `.@/[]=<>` as `*` (their
    /// trailing `:,;` kept, `(...)` as `(*)`), spaces folded, at most `limit` bytes cut at a
    /// character boundary, trailing spaces dropped.
    static func reference(_ text: [UInt8], limit: Int = SystemMessages.textLimit) -> [UInt8] {
        let variableSet = Set("0123456789.@/[]=<>".utf8)
        var out: [UInt8] = []
        func append(_ byte: UInt8) { if out.count < limit { out.append(byte) } }
        var cursor = 0
        while cursor < text.count, out.count < limit {
            if text[cursor] == 0x20 {
                if let last = out.last, last != 0x20 { append(0x20) }
                cursor += 1
                continue
            }
            let wordStart = cursor
            var variable = false
            while cursor < text.count, text[cursor] != 0x20 {
                if variableSet.contains(text[cursor]) { variable = true }
                cursor += 1
            }
            var end = cursor
            while end > wordStart, [0x3A, 0x2C, 0x3B].contains(text[end - 1]) { end -= 1 }
            let kept: Range<Int>
            if variable {
                if end > wordStart + 1, text[wordStart] == 0x28, text[end - 1] == 0x29 {
                    append(0x28); append(0x2A); append(0x29)
                } else {
                    append(0x2A)
                }
                kept = end..<cursor
            } else {
                kept = wordStart..<cursor
            }
            for index in kept { append(text[index]) }
        }
        if out.count == limit {
            while let last = out.last, last & 0xC0 == 0x80 { out.removeLast() }
            if let last = out.last, last >= 0xC0 { out.removeLast() }
        }
        while out.last == 0x20 { out.removeLast() }
        return out
    }

    /// The fast pattern written after `prefix` bytes already in the buffer, as the summary
    /// writes it after the level and the program; the bytes before it must stay as they were.
    /// `slack` is the room past the limit: with none, the last words are copied a byte at a time.
    static func fast(_ text: [UInt8], prefix: Int, slack: Int = 8) -> [UInt8] {
        let capacity = prefix + SystemMessages.textLimit + slack
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            for index in 0..<capacity { buffer[index] = 0xEE }
            let end = text.withUnsafeBufferPointer { SystemMessages.pattern($0, into: buffer, at: prefix) }
            #expect(buffer[0..<prefix].allSatisfy { $0 == 0xEE })
            initialized = end
        }.dropFirst(prefix).map { $0 }
    }

    static let texts = [
        "unknown[91.237.129.163]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
        "hostname mail.example.com does not resolve to address 192.0.2.1: Name or service not known",
        "141-159-179-143.cable.example[141.159.179.143]: SASL LOGIN authentication failed: (reason unavailable)",
        "database /etc/postfix/virtual.db is older than source file /etc/postfix/virtual",
        "  leading  and   folded   spaces  ", "trailing colons;,: x:;, (paren) (x[1.2.3.4]) (1) () (a)b (9)",
        "", " ", "a", "1", "(", "()", "(1)", "abcdefgh", "abcdefg1", "abcdefgh1", "1abcdefgh ijklmnop", "abcdefgh:",
        "ümlaut wörter Grüße 1ö ö1 €€€€€€€€ x€", "tab\there\t1 and\u{7F}del @ = < > [ ] / .", "a\u{80}b ÿ0",
        "disk full: /var/spool/postfix/maildrop/1234ABCD", "queue file write error", "out of memory?",
    ]

    @Test("agrees with the byte-at-a-time pattern on warning texts and edge cases, at every cut")
    func knownTexts() {
        for text in SystemMessagePatternTests.texts {
            let bytes = Array(text.utf8)
            for cut in 0...bytes.count {
                let piece = Array(bytes[0..<cut])
                for prefix in [0, 1, 7, 34] {
                    for slack in [0, 8] {
                        #expect(SystemMessagePatternTests.fast(piece, prefix: prefix, slack: slack)
                                    == SystemMessagePatternTests.reference(piece), "\(text) cut at \(cut)")
                    }
                }
            }
        }
    }

    @Test("agrees with the byte-at-a-time pattern on texts longer than the limit, cut inside a character")
    func longTexts() {
        let words = ["warning:", "ünïcödé", "x", "1.2.3.4", "(a)", "(1)", "€", "abcdefghijklmnop", "  ", "a;", "[b]"]
        var generator = SplitMix(seed: 7)
        for _ in 0..<2_000 {
            var text: [UInt8] = []
            while text.count < 150 + Int(generator.next() % 60) {
                text += Array(words[Int(generator.next() % UInt64(words.count))].utf8) + [0x20]
            }
            #expect(SystemMessagePatternTests.fast(text, prefix: 3, slack: 0) == SystemMessagePatternTests.reference(text))
            #expect(SystemMessagePatternTests.fast(text, prefix: 3) == SystemMessagePatternTests.reference(text))
        }
    }

    @Test("agrees with the byte-at-a-time pattern on random bytes")
    func randomBytes() {
        // Bytes drawn mostly from the ones that matter: spaces, the variable ones, `:,;()`,
        // letters and UTF-8 lead and continuation bytes.
        let alphabet = Array(" ./09:;,()<=>@[]\\-_?aZ".utf8) + [0x80, 0xBF, 0xC3, 0xE2, 0xFF, 0x7F, 0x09]
        var generator = SplitMix(seed: 42)
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 200)
            let text = (0..<length).map { _ in
                generator.next() % 4 == 0 ? UInt8(truncatingIfNeeded: generator.next())
                    : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            #expect(SystemMessagePatternTests.fast(text, prefix: Int(generator.next() % 40), slack: Int(generator.next() % 9))
                        == SystemMessagePatternTests.reference(text), "\(text)")
        }
    }

    @Test("the eight-byte class test takes exactly the bytes the byte test takes")
    func wordClasses() {
        let variableSet = Set("0123456789.@/[]=<>".utf8)
        for byte in 0...255 {
            #expect(SystemMessages.isVariable(UInt8(byte)) == variableSet.contains(UInt8(byte)), "\(byte)")
        }
        var generator = SplitMix(seed: 3)
        for round in 0..<20_000 {
            // Every byte value in every position, and random words.
            let word = round < 2_048 ? UInt64(round % 256) << (8 * UInt64(round / 256))
                ^ (round % 2 == 0 ? 0 : 0x4141_4141_4141_4141 & ~(0xFF << (8 * UInt64(round / 256)))) : generator.next()
            let hits = SystemMessages.variableBytes(word)
            for index in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index)))
                #expect((hits >> (8 * UInt64(index) + 7)) & 1 == (variableSet.contains(byte) ? 1 : 0), "\(word) byte \(index)")
                #expect((hits >> (8 * UInt64(index))) & 0x7F == 0)
            }
        }
    }

    @Test("a warning's text as its pattern")
    func warningText() {
        let text = Array("141-159-179-143.cable.example[141.159.179.143]: SASL LOGIN authentication failed: UGFzc3dvcmQ6".utf8)
        #expect(text.withUnsafeBufferPointer { SystemMessages.pattern($0) } == "*: SASL LOGIN authentication failed: *")
        let resolve = Array("hostname mail.example.com does not resolve to address 192.0.2.1: Name or service not known".utf8)
        #expect(resolve.withUnsafeBufferPointer { SystemMessages.pattern($0) }
            == "hostname * does not resolve to address *: Name or service not known")
    }
}
