import Testing
@testable import SMTPLogKit

/// The peers' names kept across lines (`PeerNameCache`) must be exactly the names the bytes
/// make, whatever field held the slot before, and each peer's network the one its name gives.
@Suite("Peers' names across lines")
struct PeerNameCacheTests {
    static func made(_ bytes: UnsafeBufferPointer<UInt8>) -> HashedName { HashedName(LogText.key(bytes)) }

    @Test("random peers of 0 to 60 bytes, more than the cache holds, some invalid UTF-8: always the slow path's name and network")
    func agreesWithMaking() {
        var cache = PeerNameCache()
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("abcmx.-0123456789:[]".utf8) + [0x00, 0x1B, 0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0xAE]
        // Dotted quads (with networks), host names around the 48-byte limit, and odd bytes; a
        // pool larger than the cache's 512 entries, so that sets are filled and reused.
        let pool: [[UInt8]] = (0..<1_500).map { index in
            switch index % 3 {
            case 0:
                return Array("\(Int.random(in: 0...260, using: &generator)).\(index % 7).\(Int.random(in: 0...9, using: &generator)).\(index)".utf8)
            case 1:
                let length = [1, 7, 8, 9, 15, 16, 17, 47, 48, 49, 60][Int.random(in: 0..<11, using: &generator)]
                return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            default:
                return Array("mail\(index % 40).relay-\(index % 3).example.net".utf8)
            }
        } + [[]]
        var asks = 0
        for round in 0..<40_000 {
            // Mostly a small working set (hits), now and then any peer (misses, evictions).
            let field = round % 5 == 0 ? pool[Int.random(in: 0..<pool.count, using: &generator)]
                : pool[Int.random(in: 0..<200, using: &generator)]
            field.withUnsafeBufferPointer { bytes in
                asks += 1
                let (name, place) = cache.name(bytes)
                let expected = PeerNameCacheTests.made(bytes)
                #expect(name == expected && name.string == expected.string && name.hash == expected.hash)
                #expect((place == nil) == (bytes.isEmpty || bytes.count > PeerNameCache.longest))
                if let place, round % 2 == 0 {
                    let network = cache.network(at: place) { NetworkPrefix.defaultNetwork(of: $0.string) }
                    #expect(network == NetworkPrefix.defaultNetwork(of: expected.string))
                }
            }
        }
        #expect(cache.made < asks / 2, "a peer coming back is not made again")
    }

    @Test("fields equal in their words but not their length or last bytes, and a network made once")
    func wordsLengthsAndNetworks() {
        var cache = PeerNameCache()
        let fields = ["mx1.example.net", "mx1.example.ne", "mx1.example.nets", "mx1.exam", "mx1.exa", "mx1.examp",
                      "203.0.113.5", "203.0.113.50", "203.0.113.5\u{0}", String(repeating: "a", count: 48),
                      String(repeating: "a", count: 47) + "b", String(repeating: "a", count: 49)]
        for _ in 0..<3 {
            for field in fields {
                Array(field.utf8).withUnsafeBufferPointer { bytes in
                    let (name, _) = cache.name(bytes)
                    #expect(name.string == field)
                }
            }
        }
        let before = cache.made
        Array("203.0.113.5".utf8).withUnsafeBufferPointer { bytes in
            let (name, place) = cache.name(bytes)
            #expect(name.string == "203.0.113.5" && cache.made == before)
            guard let place else { Issue.record("a short peer is kept"); return }
            var asked = 0
            let make = { (peer: HashedName) -> HashedName? in asked += 1; return NetworkPrefix.defaultNetwork(of: peer.string) }
            #expect(cache.network(at: place, make: make)?.string == "203.0.113.0/24")
            #expect(cache.network(at: place, make: make)?.string == "203.0.113.0/24")
            #expect(asked == 1)
        }
        Array("mx1.example.net".utf8).withUnsafeBufferPointer { bytes in
            guard let place = cache.name(bytes).place else { Issue.record("a host name is kept"); return }
            #expect(cache.network(at: place) { NetworkPrefix.defaultNetwork(of: $0.string) } == nil)
        }
    }

    @Test("the hash reads every byte: fields differing in any one byte hash apart")
    func hashReadsEveryByte() {
        for length in 1...PeerNameCache.longest {
            let base = [UInt8](repeating: 0x61, count: length)
            let hashes = Set((0..<length).map { at -> UInt64 in
                var changed = base
                changed[at] = 0x62
                return changed.withUnsafeBufferPointer { PeerNameCache.hash($0.baseAddress!, length) }
            })
            #expect(hashes.count == length)
            #expect(!hashes.contains(base.withUnsafeBufferPointer { PeerNameCache.hash($0.baseAddress!, length) }))
        }
    }
}
