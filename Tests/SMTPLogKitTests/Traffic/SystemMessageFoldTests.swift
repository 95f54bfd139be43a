import Testing
@testable import SMTPLogKit

/// `SystemMessages.record` finds the row of a text whose pattern's parts hash as those of one it
/// wrote lately (`SystemMessages.foldedHash`) without writing the pattern again. Texts that hash
/// alike must have one pattern, and a run through the cache must count what writing every
/// pattern counts.
@Suite("System messages by folded text")
struct SystemMessageFoldTests {
    static func hash(_ text: [UInt8]) -> UInt64 { text.withUnsafeBufferPointer { SystemMessages.foldedHash($0, seed: 7) } }
    static func pattern(_ text: [UInt8]) -> String { text.withUnsafeBufferPointer { SystemMessages.pattern($0) } }

    /// A text from a template: each `#` replaced by a run of 1 to 12 variable bytes.
    static func fill(_ template: String, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        let variable = Array("0123456789.@/[]=<>".utf8)
        return template.utf8.flatMap { byte -> [UInt8] in
            byte == 0x23 ? (0..<Int.random(in: 1...12, using: &generator)).map { _ in variable.randomElement(using: &generator)! } : [byte]
        }
    }

    @Test("texts folding alike hash alike and have one pattern; a hash shared only with the pattern")
    func foldsAlike() {
        var generator = SystemRandomNumberGenerator()
        let templates = [
            "hostname #-#-#-#.static.example does not resolve to address #: Name or service not known",
            "#-#-#-#.static.host.example#: SASL LOGIN authentication failed: authentication failure, sasl_username#postmaster",
            "unknown#: SASL CRAM-MD# authentication failed: UGFzc#dvcmQ#", "#", "a#", "#a", "abcdefg#hijklmnop#", "abcdefgh#",
            "(x#) (#) (abc) x:# #;, ,#, " + String(repeating: "long words ", count: 20) + "#", "caf\u{E9} # na\u{EF}ve #",
        ]
        for template in templates {
            let first = SystemMessageFoldTests.fill(template, using: &generator)
            for _ in 0..<200 {
                let other = SystemMessageFoldTests.fill(template, using: &generator)
                #expect(SystemMessageFoldTests.hash(first) == SystemMessageFoldTests.hash(other), "\(template)")
                #expect(SystemMessageFoldTests.pattern(first) == SystemMessageFoldTests.pattern(other), "\(template)")
                // One byte changed or dropped: the same hash only with the same pattern, and a
                // byte of a word with no variable byte changed (not into one) makes another hash.
                var changed = other
                let at = Int.random(in: 0..<changed.count, using: &generator)
                let replacement: UInt8 = changed[at] == 0x61 ? 0x62 : 0x61
                let wordRange = SystemMessageFoldTests.word(around: at, in: changed)
                let plainWord = !changed[wordRange].contains(where: SystemMessages.isVariable) && changed[at] != 0x20
                changed[at] = replacement
                if SystemMessageFoldTests.hash(changed) == SystemMessageFoldTests.hash(other) {
                    #expect(SystemMessageFoldTests.pattern(changed) == SystemMessageFoldTests.pattern(other))
                }
                if plainWord { #expect(SystemMessageFoldTests.hash(changed) != SystemMessageFoldTests.hash(other)) }
                changed.remove(at: at)
                if SystemMessageFoldTests.hash(changed) == SystemMessageFoldTests.hash(other) {
                    #expect(SystemMessageFoldTests.pattern(changed) == SystemMessageFoldTests.pattern(other))
                }
            }
        }
        // A word with a variable byte and one without, two words and one, trailing bytes and
        // parentheses kept: not alike. A variable word's other bytes: alike.
        #expect(SystemMessageFoldTests.hash(Array("ab".utf8)) != SystemMessageFoldTests.hash(Array("a1b".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("1 1".utf8)) != SystemMessageFoldTests.hash(Array("11".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("x1: y".utf8)) != SystemMessageFoldTests.hash(Array("x1 y".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("(x1) y".utf8)) != SystemMessageFoldTests.hash(Array("x1 y".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("abcdefgh ij".utf8)) != SystemMessageFoldTests.hash(Array("abcdefghij".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("sasl_username=alice, x".utf8)) == SystemMessageFoldTests.hash(Array("sasl_username=bob, x".utf8)))
        #expect(SystemMessageFoldTests.hash(Array("  a  b ".utf8)) == SystemMessageFoldTests.hash(Array("a b".utf8)))
    }

    /// The bytes of the word (between spaces) holding `at`.
    static func word(around at: Int, in text: [UInt8]) -> Range<Int> {
        var start = at, end = at
        while start > 0, text[start - 1] != 0x20 { start -= 1 }
        while end < text.count, text[end] != 0x20 { end += 1 }
        return start..<end
    }

    @Test("random warnings through the summary: the rows, counts and examples of writing every pattern, across prunes")
    func countsAsWritingEveryPattern() {
        var generator = SystemRandomNumberGenerator()
        // More kinds than the table keeps (1,000), so that it prunes and cached rows move or go.
        let words = ["connect", "to", "host", "lost", "timeout", "after", "DATA", "SASL", "LOGIN", "failed", "disk", "full"]
        var messages = SystemMessages()
        var expected: [String: Int] = [:]
        var lines: [[UInt8]] = []
        for number in 0..<12_000 {
            let kind = number % 7 == 0 ? Int.random(in: 0..<3_000, using: &generator) : Int.random(in: 0..<40, using: &generator)
            // The kind in letters (digits would make the word variable: one pattern for all).
            let letters = String(String(kind, radix: 16).unicodeScalars.map { Character(Unicode.Scalar($0.value < 0x60 ? $0.value + 0x31 : $0.value)!) })
            var text = "warning: \(words[kind % words.count]) \(words[(kind / 12) % words.count]) k\(letters)x "
            text += "\(Int.random(in: 0..<256, using: &generator)).\(Int.random(in: 0..<256, using: &generator)).0.1: "
                + (kind % 3 == 0 ? "(#\(number))" : "[host\(kind)]")
            // One text from several services, two of them alike but for a digit (each its own row).
            let program = kind % 5 == 0 ? "postfix/submission/smtpd" : ["postfix/smtpd", "postfix/smtp2", "postfix/smtp3"][number % 3]
            let line = Array("Nov 21 00:00:01 mx1 \(program)[1]: \(text)".utf8)
            lines.append(line)
            let programStart = 20, programEnd = programStart + program.utf8.count
            let textStart = line.count - text.utf8.count + "warning: ".utf8.count
            line.withUnsafeBufferPointer { bytes in
                let fact = TrafficFact.systemMessage(.warning, text: textStart..<bytes.count)
                messages.record(fact, line: bytes, program: programStart..<programEnd) {
                    LineExample(file: "mail.log", line: number + 1, bytes: bytes)
                }
                let service = SystemMessages.service(bytes, programStart..<programEnd)
                let name = "\(TrafficFact.Level.warning.rawValue) " + LogText.display(UnsafeBufferPointer(rebasing: bytes[service])) + " "
                    + SystemMessages.pattern(UnsafeBufferPointer(rebasing: bytes[textStart...]))
                expected[name, default: 0] += 1
            }
        }
        #expect(messages.total == 12_000)
        let rows = messages.kinds.rows
        let truncated = messages.kinds.isTruncated
        #expect(truncated, "the table was cut, the cache's positions went stale")
        // Every row kept counts what every pattern written counts for its kind, and its example
        // is a line of that kind.
        for (name, row) in rows {
            let wanted = expected[name]
            #expect(wanted != nil, "\(name)")
            guard let wanted else { continue }
            #expect(row.count <= wanted && row.count > 0, "\(name)")
            if let example = row.example, let kind = row.kind {
                #expect(example.text.contains(kind.program) || kind.program == "exim")
            }
        }
        // The frequent kinds are never cut: their counts are exact.
        let frequent = expected.filter { $0.value > 100 }
        #expect(!frequent.isEmpty)
        for (name, count) in frequent { #expect(rows[name]?.count == count, "\(name)") }
    }
}
