import Foundation
import Testing
@testable import SMTPLogKit

/// The sink reads a refusal's topic and condition through `TopicCache`, whose key leaves out
/// what is quoted in `<...>` and folds every number of four bytes or more into one mark. These
/// tests hold it to what reading each text afresh gives.
@Suite("Topic cache")
struct TopicCacheTests {
    /// Every refusal of the annotated fixtures, and DNSBL refusals that differ only in the
    /// client's address.
    static func refusals() throws -> [String] {
        let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        var lines: [String] = []
        for folder in ["lines", "findings"] {
            let url = fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() where name.hasSuffix(".log") {
                let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
                lines += text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
            }
        }
        return lines
    }

    static func readAfresh(_ event: RawReplyEvent, in line: UnsafeBufferPointer<UInt8>) -> (topic: Int, condition: Int) {
        let topic = ReplyTopics.classifyIndex(code: event.code, enhanced: event.enhanced.map { EnhancedCode(line, $0) },
                                              text: line.slice(event.text))
        let condition = topic < 0 ? -1
            : SystemConditions.condition(forReply: ReplyTopics.all[topic], text: line.slice(event.text))?.index ?? -1
        return (topic, condition)
    }

    @Test("a cached topic and condition are those of the text read afresh, for every refusal of the fixtures")
    func cachedEqualsFresh() throws {
        var cache = TopicCache()
        var checked = 0
        // Twice over: the second pass reads every entry from the cache.
        for _ in 0..<2 {
            for text in try TopicCacheTests.refusals() {
                let parser = LineParser(years: .startingYear(2026))
                var bytes = Array(text.utf8)
                bytes.withUnsafeMutableBufferPointer { mutable in
                    let line = UnsafeBufferPointer(mutable)
                    guard case .event(let event) = parser.parse(line).kind, event.code >= 400 else { return }
                    let entry = cache.entry(code: event.code, enhanced: event.enhanced, text: event.text, in: line,
                                            withCondition: true)
                    let fresh = TopicCacheTests.readAfresh(event, in: line)
                    #expect(entry.topic == fresh.topic, "\(text)")
                    #expect(entry.condition == fresh.condition, "\(text)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 200)
    }

    @Test("refusals that differ only in addresses and numbers share one entry")
    func addressesShareAnEntry() {
        var cache = TopicCache()
        let lines = [
            "Nov 22 06:25:01 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[198.51.100.23]: 554 5.7.1 Service unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.23; from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<x>",
            "Nov 22 06:25:02 mx postfix/smtpd[4243]: NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.7; from=<c@example.com> to=<d@example.net> proto=ESMTP helo=<y>",
        ]
        var topics: [Int] = []
        for text in lines {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { mutable in
                let line = UnsafeBufferPointer(mutable)
                guard case .event(let event) = LineParser(years: .startingYear(2026)).parse(line).kind else {
                    Issue.record("no reply in \(text)")
                    return
                }
                topics.append(cache.entry(code: event.code, enhanced: event.enhanced, text: event.text, in: line,
                                          withCondition: true).topic)
                #expect(topics.last == TopicCacheTests.readAfresh(event, in: line).topic)
            }
        }
        #expect(cache.reads == 1)
        #expect(topics.count == 2 && topics[0] == topics[1] && topics[0] >= 0)
    }

    /// What is quoted is skipped to its `>` eight bytes a step: texts that differ only inside
    /// `<...>` (of any length, the `>` near or far) share an entry, text after the `>` still
    /// counts, and a `<` with no `>` before the text's end leaves out the rest of the text only.
    @Test("quoted parts of any length are left out of the key, and only they")
    func quotedPartsLeftOut() {
        func reads(_ texts: [String], textEnd: (String) -> Int = { $0.utf8.count }) -> Int {
            var cache = TopicCache()
            for text in texts {
                let bytes = Array(text.utf8)
                bytes.withUnsafeBufferPointer { line in
                    _ = cache.entry(code: 550, enhanced: nil, text: 0..<textEnd(text), in: line, withCondition: false)
                }
            }
            return cache.reads
        }
        let quoted = ["a", "someone", "a.much.longer.local.part+tag@mail.example.org", "x@y", ""]
        #expect(reads(quoted.map { "<\($0)>: Recipient address rejected: User unknown in local recipient table" }) == 1)
        #expect(reads(quoted.map { "Sender <\($0)> rejected: Domain not found" }) == 1)
        #expect(reads(["<a@example.org>: Recipient address rejected: User unknown",
                       "<a@example.org>: Recipient address rejected: Mailbox full"]) == 2)
        // No `>` within the text: the rest of the text is left out, whatever follows it.
        #expect(reads(["Rejected <unclosed address and more words", "Rejected <other words entirely"]) == 1)
        // The `>` lies past the text's end (in the line, not the text).
        #expect(reads(["Rejected <a@example.org> tail", "Rejected <someone.else@example.net> tail"],
                      textEnd: { $0.utf8.count - 6 }) == 1)
        #expect(reads(["Rejected <a@example.org> tail one", "Rejected <a@example.org> tail two"]) == 2)
    }

    /// A word holding a digit or an angle is read a byte at a time from its first such byte
    /// (`digitOrAngleBytes`): its lowest bit must be on that byte, for every byte in every place.
    @Test("the eight-byte test finds the first digit or angle of a word, and no other byte")
    func firstDigitOrAngle() {
        func flagged(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || byte == 0x3C || byte == 0x3E }
        var words: [[UInt8]] = []
        for place in 0..<8 {
            for byte in 0...255 {
                for filler: UInt8 in [0x61, 0x35, 0x3C, 0x3D, 0xBC, 0x00] {
                    var word = [UInt8](repeating: 0x61, count: 8)
                    word[place] = UInt8(byte)
                    // A second byte above it, flagged or not: the lowest one must still win.
                    if place < 7 { word[7] = filler }
                    words.append(word)
                }
            }
        }
        for word in words {
            let value = word.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let hits = TopicCache.digitOrAngleBytes(value)
            if let first = word.firstIndex(where: flagged) {
                #expect(hits != 0 && hits.trailingZeroBitCount == 8 * first + 7, "\(word)")
            } else {
                #expect(hits == 0, "\(word)")
            }
        }
    }

    /// Numbers and quotes at every offset from a word's start: texts that differ only in the
    /// number (four bytes or more) or the quote share an entry, and a letter changed before
    /// either is a new entry.
    @Test("numbers and quotes at every offset fold the same, the letters before them still count")
    func numbersAtEveryOffset() {
        func reads(_ texts: [String]) -> Int {
            var cache = TopicCache()
            for text in texts {
                Array(text.utf8).withUnsafeBufferPointer { line in
                    _ = cache.entry(code: 550, enhanced: nil, text: 0..<line.count, in: line, withCondition: false)
                }
            }
            return cache.reads
        }
        for offset in 0..<17 {
            let lead = String(repeating: "x", count: offset)
            #expect(reads(["\(lead)192.0.2.1 blocked", "\(lead)203.0.113.77 blocked"]) == 1, "\(offset)")
            #expect(reads(["\(lead)<a@example.org> unknown", "\(lead)<someone@example.net> unknown"]) == 1, "\(offset)")
            #expect(reads(["\(lead)a192.0.2.1 blocked", "\(lead)b192.0.2.1 blocked"]) == 2, "\(offset)")
            #expect(reads(["\(lead)a<q> unknown", "\(lead)b<q> unknown"]) == 2, "\(offset)")
            // Short numbers are kept as they are.
            #expect(reads(["\(lead)12 blocked", "\(lead)13 blocked"]) == 2, "\(offset)")
        }
    }

    /// Sets of two entries, the one used less lately replaced: texts met once (each reply
    /// quoting its own message id) pass through without pushing out a refusal met on every
    /// other line, which is read once however many of them come.
    @Test("texts met once do not push out a text met all the time")
    func oneOffTextsKeepTheFrequentOne() {
        var cache = TopicCache()
        let frequent = Array("Recipient address rejected: User unknown in local recipient table".utf8)
        var topics = Set<Int>()
        let oneOffs = 3_000
        for index in 0..<oneOffs {
            // Letters, not digits: numbers of four bytes or more would fold into one key.
            var id = "", rest = index
            repeat {
                id.append(Character(UnicodeScalar(UInt8(0x61 + rest % 26))))
                rest /= 26
            } while rest > 0
            let oneOff = Array("Try again later, message id \(id) gsmtp".utf8)
            oneOff.withUnsafeBufferPointer { line in
                _ = cache.entry(code: 451, enhanced: nil, text: 0..<line.count, in: line, withCondition: false)
            }
            frequent.withUnsafeBufferPointer { line in
                topics.insert(cache.entry(code: 550, enhanced: nil, text: 0..<line.count, in: line, withCondition: true).topic)
            }
        }
        #expect(cache.reads == oneOffs + 1)
        #expect(topics.count == 1)
    }

    /// The key may fold numbers only because no phrase that decides a topic or a condition
    /// holds one, or starts or ends with a digit or a dot (which a folded number could hide).
    @Test("no phrase of the reply topics or the system conditions holds a number of four bytes or more")
    func phrasesHoldNoLongNumbers() {
        let phrases = ReplyTopics.phrases.phrases + SystemConditions.phrases.phrases
        #expect(phrases.count > 100)
        func numeric(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || byte == 0x2E }
        for phrase in phrases {
            let bytes = Array(phrase.utf8)
            #expect(!numeric(bytes.first!) && !numeric(bytes.last!), "\(phrase)")
            var run = 0
            var longest = 0
            for byte in bytes {
                run = numeric(byte) && (run > 0 || (0x30...0x39).contains(byte)) ? run + 1 : 0
                longest = max(longest, run)
            }
            #expect(longest < 4, "\(phrase)")
        }
    }
}
