import Foundation
import Testing
@testable import SMTPLogKit

/// The sink finds the phrase of a warning's or error's text through `NoticeConditionCache`, whose
/// key folds every run of digits not after a letter into one mark. These tests hold it to what
/// searching each text afresh gives.
@Suite("Notice condition cache")
struct NoticeConditionCacheTests {
    static func match(_ cache: inout NoticeConditionCache, _ text: String) -> Int? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { cache.match(UnsafeBufferPointer($0)) }
    }

    static func fresh(_ text: String) -> Int? { SystemConditions.phrases.firstMatch(in: text) }

    static func key(_ text: String) -> UInt64 {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { NoticeConditionCache.key(UnsafeBufferPointer($0)) }
    }

    @Test("a cached phrase and the condition made from it are those of the text read afresh, for every annotated notice")
    func cachedEqualsFresh() {
        var cache = NoticeConditionCache()
        var checked = 0
        // Twice over: the second pass reads every entry from the cache.
        for _ in 0..<2 {
            for sample in AnnotatedFindingLinesTests.conditionLines {
                let (kind, bytes, program) = AnnotatedFindingLinesTests.parse(sample.line)
                guard case .notice(let notice) = kind, notice.isSystemNotice else { continue }
                bytes.withUnsafeBufferPointer { line in
                    let text = line.slice(notice.text)
                    let cached = cache.match(text)
                    #expect(cached == SystemConditions.phrases.firstMatch(in: text), "\(sample.line)")
                    #expect(SystemConditions.classify(match: cached, kind: notice.kind, program: program ?? "exim")?.id
                            == SystemConditions.classify(text, kind: notice.kind, program: program ?? "exim")?.id,
                            "\(sample.line)")
                }
                checked += 1
            }
        }
        #expect(checked >= 200)
        // The second pass finds most texts in the cache (two of a set's texts at most stay).
        #expect(cache.reads * 4 <= checked * 3)
    }

    @Test("warnings that differ only in the numbers of addresses and host names share one entry")
    func numbersShareAnEntry() {
        var cache = NoticeConditionCache()
        let texts = [
            "hostname 203-0-113-5.static.example does not resolve to address 203.0.113.5",
            "hostname 198-51-100-77.static.example does not resolve to address 198.51.100.77",
            "hostname 1-2-3-4.static.example does not resolve to address 1.2.3.4",
        ]
        for text in texts {
            #expect(NoticeConditionCacheTests.match(&cache, text) == -1)
            #expect(NoticeConditionCacheTests.fresh(text) == -1)
        }
        #expect(cache.reads == 1)
        let sasl = [
            "unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
            "unknown[10.200.30.4]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
        ]
        for text in sasl { #expect(NoticeConditionCacheTests.match(&cache, text) == NoticeConditionCacheTests.fresh(text)) }
        #expect(cache.reads == 2)
        // A letter's difference is another text.
        let other = "hostname 1-2-3-4.static.exampla does not resolve to address 1.2.3.4"
        #expect(NoticeConditionCacheTests.match(&cache, other) == -1)
        #expect(cache.reads == 3)
    }

    @Test("digits after a letter are kept: x509 and x510 are different texts")
    func digitsAfterALetterAreKept() {
        var cache = NoticeConditionCache()
        let named = "cannot load certificate: error:0B084002:x509 certificate routines:X509_load_cert_crl_file:system lib"
        let other = "warning: error:0B084002:x510 routines:X510_load_cert_crl_file:system lib"
        #expect(NoticeConditionCacheTests.key(named) != NoticeConditionCacheTests.key(
            "cannot load certificate: error:0B084002:x509 certificate routines:X510_load_cert_crl_file:system lib"))
        #expect(NoticeConditionCacheTests.match(&cache, named) == NoticeConditionCacheTests.fresh(named))
        #expect(NoticeConditionCacheTests.match(&cache, other) == nil)
        #expect(NoticeConditionCacheTests.fresh(other) == nil)
        #expect(NoticeConditionCacheTests.match(&cache, "X509_load_cert_crl_file") == SystemConditions.index(of: "tls_key_or_certificate"))
        #expect(cache.reads == 3)
    }

    @Test("the key depends only on the folded text, whatever the lengths of its numbers and where the eight-byte steps fall")
    func keyFollowsFoldedText() {
        let stems = ["a", "abcdefg", "abcdefgh", "warning: table ", "connect to 127.0.0.1:10025: Connection refused"]
        for stem in stems {
            for tail in ["", "x", " lookup failure for ", "abcdefghijklmnopq"] {
                let keys = Set(["1", "12", "123456789", "0000000000000000"].map {
                    NoticeConditionCacheTests.key(stem + " " + $0 + tail)
                })
                #expect(keys.count == 1, "\(stem) N\(tail)")
                #expect(NoticeConditionCacheTests.key(stem + " 1" + tail) != NoticeConditionCacheTests.key(stem + " #" + tail))
                #expect(NoticeConditionCacheTests.key(stem + " 1" + tail) != NoticeConditionCacheTests.key(stem + "  1" + tail))
            }
        }
        #expect(NoticeConditionCacheTests.key("") == NoticeConditionCacheTests.key(""))
        #expect(NoticeConditionCacheTests.key("a1") != NoticeConditionCacheTests.key("a2"))
        #expect(NoticeConditionCacheTests.key("-1") == NoticeConditionCacheTests.key("-2"))
    }

    @Test("texts met once do not push out a warning met all day")
    func frequentStays() {
        var cache = NoticeConditionCache()
        for index in 0..<2_000 {
            _ = NoticeConditionCacheTests.match(&cache, "table hash:/etc/postfix/map\(Character(UnicodeScalar(97 + index % 26)!))"
                                                    + "\(String(repeating: "z", count: index / 26)) is older than source file")
            #expect(NoticeConditionCacheTests.match(&cache, "open database /etc/postfix/virtual.db: No such file or directory")
                    == SystemConditions.index(of: "lookup_table"))
        }
        #expect(cache.reads == 2_001)
    }

    /// The key may fold digits not after a letter only because every phrase's digits follow a
    /// letter of the phrase (a folded run is never part of a match).
    @Test("every digit of a system condition's phrase follows a letter of the phrase, or a digit that does")
    func phrasesDigitsFollowLetters() {
        let phrases = SystemConditions.phrases.phrases
        #expect(phrases.count > 100)
        for phrase in phrases {
            let bytes = Array(phrase.utf8)
            for (index, byte) in bytes.enumerated() where byte &- 0x30 < 10 {
                var start = index
                while start > 0, bytes[start - 1] &- 0x30 < 10 { start -= 1 }
                #expect(start > 0 && (bytes[start - 1] | 0x20) &- 0x61 < 26, "\(phrase)")
            }
        }
    }
}

extension SystemConditions {
    static func index(of id: String) -> Int? { indexByID[id] }
}
