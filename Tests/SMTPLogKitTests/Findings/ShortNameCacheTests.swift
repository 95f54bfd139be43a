import Testing
@testable import SMTPLogKit

/// The short fields' names remembered across lines (`ShortNameCache`) must be exactly the names
/// the bytes make, whatever came before in the same slot.
@Suite("Short fields' names across lines")
struct ShortNameCacheTests {
    static func made(_ bytes: UnsafeBufferPointer<UInt8>) -> HashedName { HashedName(LogText.key(bytes)) }

    @Test("random fields of 0 to 20 bytes, many sharing slots, some invalid UTF-8: always the slow path's name")
    func agreesWithMaking() {
        var cache = ShortNameCache<HashedName>()
        var generator = SystemRandomNumberGenerator()
        // A small alphabet, so that fields repeat (hits), and a few bytes that need care.
        let alphabet: [UInt8] = Array("abcLOGINPLA.@-0".utf8) + [0x00, 0x1B, 0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0xAE]
        // A pool of fields, picked at random: the same bytes come back (hits), others take
        // their slots in between (misses that must replace, never reuse, a slot's name).
        let pool = (0..<48).map { _ in
            let length = Int.random(in: 0...20, using: &generator)
            return (0..<length).map { _ in alphabet[Int.random(in: 0..<(length < 4 ? 4 : alphabet.count), using: &generator)] }
        }
        var hits = 0
        for _ in 0..<20_000 {
            let field = pool[Int.random(in: 0..<pool.count, using: &generator)]
            let length = field.count
            field.withUnsafeBufferPointer { bytes in
                var asked = false
                let name = cache.name(bytes) { asked = true; return ShortNameCacheTests.made($0) }
                let expected = ShortNameCacheTests.made(bytes)
                #expect(name == expected && name.string == expected.string && name.hash == expected.hash)
                if !asked { hits += 1 }
                // Past the limit (or empty), made every time.
                if length > ShortNameCache<HashedName>.longest || length == 0 { #expect(asked) }
            }
        }
        #expect(hits > 5_000)
    }

    @Test("a field of 8 and of 9 bytes differing only past the first word, and the same bytes at other lengths")
    func wordsAndLengths() {
        var cache = ShortNameCache<HashedName>()
        let fields = ["PLAINTEX", "PLAINTEXT", "PLAINTEXU", "PLAIN", "PLAIN\u{0}", "abcdefghijklmno", "abcdefghijklmnp"]
        for _ in 0..<3 {
            for field in fields {
                let bytes = Array(field.utf8)
                bytes.withUnsafeBufferPointer { bytes in
                    #expect(cache.name(bytes, make: ShortNameCacheTests.made) == ShortNameCacheTests.made(bytes))
                }
            }
        }
        // A second ask of the same bytes does not make the name again.
        let login = Array("LOGIN".utf8)
        login.withUnsafeBufferPointer { bytes in
            _ = cache.name(bytes, make: ShortNameCacheTests.made)
            var asked = false
            let again = cache.name(bytes) { asked = true; return ShortNameCacheTests.made($0) }
            #expect(!asked && again.string == "LOGIN")
        }
    }
}

/// The sink keys its cache of /24 networks by the bytes before a dotted quad's last dot: the
/// network written from them must be the one written from the whole address.
@Suite("A dotted quad's network from its prefix")
struct DottedNetworkPrefixTests {
    @Test("the prefix's network is the address's; anything but a dotted quad of 0 to 255 has none")
    func prefixAgrees() {
        let quads = ["203.0.113.9", "10.1.2.3", "255.255.255.255", "0.0.0.0", "192.168.001.020", "1.2.3.4"]
        for address in quads {
            let bytes = Array(address.utf8)
            bytes.withUnsafeBufferPointer { bytes in
                let end = NetworkPrefix.dottedQuadNetworkEnd(bytes)
                #expect(end != nil, "\(address)")
                guard let end else { return }
                let network = NetworkPrefix.network(ofDottedPrefix: UnsafeBufferPointer(rebasing: bytes[..<end]))
                #expect(network == NetworkPrefix.network(of: address, ipv4: 24, ipv6: 64))
                #expect(HashedName(network) == NetworkPrefix.defaultNetwork(of: address))
            }
        }
        #expect(NetworkPrefix.network(of: "203.0.113.9", ipv4: 24, ipv6: 64) == "203.0.113.0/24")
        for other in ["256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", "a.b.c.d", "2001:db8::1", "unknown", "", "1.2.3.1000"] {
            Array(other.utf8).withUnsafeBufferPointer { bytes in
                #expect(NetworkPrefix.dottedQuadNetworkEnd(bytes) == nil, "\(other)")
            }
        }
    }
}

/// The sink keys a reply's peer from `RawReplyEvent.peerRange`, short ones through a cache:
/// the key must be `RawReplyEvent.peerKey(in:)`'s, line after line.
@Suite("A reply's peer keyed by the sink")
struct SinkPeerKeyTests {
    static let lines = [
        "Nov 21 00:00:01 mx1 postfix/smtpd[1201]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <a@example.org>: Relay access denied; from=<x@example.net> to=<a@example.org> proto=ESMTP helo=<x>",
        "Nov 21 00:00:02 mx1 postfix/smtpd[1202]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
        "Nov 21 00:00:03 mx1 postfix/smtp[1203]: 4BCD12345: to=<b@example.com>, relay=mx.example.com[192.0.2.25]:25, delay=1, delays=0/0/0/1, dsn=4.7.0, status=deferred (host mx.example.com[192.0.2.25] said: 421 4.7.0 Try again later (in reply to end of DATA command))",
        "Nov 21 00:00:04 mx1 postfix/smtpd[1204]: NOQUEUE: reject: RCPT from mail.example.net[2001:db8::25]: 550 5.1.1 <c@example.org>: Recipient address rejected: User unknown; from=<y@example.net> to=<c@example.org> proto=ESMTP helo=<y>",
        "Nov 21 00:00:05 mx1 postfix/smtpd[1205]: warning: unknown[198.51.100.23]: SASL PLAIN authentication failed: ",
        "Nov 21 00:00:06 mx1 postfix/smtpd[1206]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <d@example.org>: Relay access denied; from=<x@example.net> to=<d@example.org> proto=ESMTP helo=<x>",
    ]

    @Test("the same key as peerKey(in:), the cache's and a fresh one's, across repeated peers")
    func agrees() {
        var cache = ShortNameCache<HashedName>(slots: 512)
        var replies = 0
        for text in SinkPeerKeyTests.lines + SinkPeerKeyTests.lines {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { line in
                guard case .event(let event) = LineParser(years: .startingYear(2026)).parse(line).kind else { return }
                replies += 1
                let expected = event.peerKey(in: line).map(HashedName.init)
                let keyed = event.peerRange.map { range in
                    cache.name(UnsafeBufferPointer(rebasing: line[range])) { HashedName(LogText.key($0)) }
                }
                #expect(keyed == expected && keyed?.string == expected?.string, "\(text)")
            }
        }
        #expect(replies >= 8)
    }
}
