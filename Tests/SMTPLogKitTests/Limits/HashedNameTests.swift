import Foundation
import Testing
@testable import SMTPLogKit

/// The rules' tables are keyed by `HashedName` (a name with its hash made once) instead of
/// `String`: the findings, the prunes of full tables and the merge payload must be what the
/// strings gave, so equality, hashing and order must be the strings'.
@Suite("Hashed names behave as their strings")
struct HashedNameTests {
    /// Names as `LogText.key` makes them, and the cases where `String` is not its bytes: a
    /// precomposed and a decomposed é, the Kelvin sign that is canonically a K, and a
    /// byte-escaped key.
    static let names = ["203.0.113.9", "203.0.113.0/24", "alice@example.org", "Alice@example.org", "", "a", "b",
                        "caf\u{E9}", "cafe\u{301}", "K", "\u{212A}", "k", "user\\xFF", "z\u{1F600}", "mail.example.com",
                        String(repeating: "x", count: 256) + "…"]

    @Test("equal, hashed alike and ordered exactly when the strings are")
    func agreesWithString() {
        for a in HashedNameTests.names {
            for b in HashedNameTests.names {
                let left = HashedName(a), right = HashedName(b)
                #expect((left == right) == (a == b), "\(a.debugDescription) == \(b.debugDescription)")
                #expect((left < right) == (a < b), "\(a.debugDescription) < \(b.debugDescription)")
                if a == b {
                    #expect(left.hashValue == right.hashValue)
                    // What a Dictionary asks for, under any table's seed.
                    for seed in [0, 1, -7, Int.max] { #expect(left._rawHashValue(seed: seed) == right._rawHashValue(seed: seed)) }
                }
            }
        }
        // The canonically equal spellings are one key, as they were one String key.
        #expect(Set(["caf\u{E9}", "cafe\u{301}", "K", "\u{212A}"].map(HashedName.init)).count == 2)
        #expect(HashedName("203.0.113.9").string == "203.0.113.9")
    }

    /// The hash is made from the name's bytes (eight a step, with a key of the process) instead
    /// of by `String`: equal strings must hash alike however they are stored and spelled, and
    /// distinct names must spread.
    @Test("the word hash is the same for equal strings however they are stored, and for their ASCII spellings")
    func wordHashAgrees() {
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(0x61 + ($0 * 7) % 26) }
            let decoded = String(decoding: bytes, as: UTF8.self)
            let built = bytes.reduce(into: "") { $0.append(Character(Unicode.Scalar($1))) }
            let sliced = String(("<" + decoded + ">").dropFirst().dropLast())
            #expect(HashedName(decoded).hash == HashedName(built).hash, "length \(length)")
            #expect(HashedName(decoded).hash == HashedName(sliced).hash, "length \(length)")
            // The other path, for strings with other scalars, agrees on ASCII ones.
            #expect(HashedName.nonASCIIHash(decoded) == HashedName.hash(of: decoded), "length \(length)")
            // A byte more or less, or one byte changed, changes the hash.
            if length > 0 {
                var changed = bytes
                changed[length / 2] ^= 0x01
                #expect(HashedName(String(decoding: changed, as: UTF8.self)).hash != HashedName(decoded).hash)
                #expect(HashedName(String(decoding: bytes.dropLast(), as: UTF8.self)).hash != HashedName(decoded).hash)
            }
        }
        // The three scalars that are canonically ASCII, wherever they stand.
        for (odd, ascii) in [("\u{212A}", "K"), ("\u{037E}", ";"), ("\u{1FEF}", "`")] {
            for (before, after) in [("", ""), ("user@", ".example.org"), ("0123456789abcdef", "")] {
                let a = HashedName(before + odd + after), b = HashedName(before + ascii + after)
                #expect(a == b && a.hash == b.hash, "\(before)\(odd)\(after)")
            }
        }
        // Other strings keep String's equality: é precomposed and decomposed, other scripts.
        for (a, b) in [("caf\u{E9}", "cafe\u{301}"), ("\u{212B}", "\u{C5}"), ("K\u{301}", "\u{212A}\u{301}")] {
            #expect(HashedName(a) == HashedName(b) && HashedName(a).hash == HashedName(b).hash, "\(a)")
        }
        #expect(HashedName("stra\u{DF}e") != HashedName("strasse"))
    }

    @Test("distinct names hash apart and spread over a table's slots")
    func wordHashSpreads() {
        var names: [String] = []
        for index in 0..<60_000 {
            names.append("user\(index)@example.org")
            names.append("10.\(index / 65_536).\(index / 256 % 256).\(index % 256)")
            names.append("mx\(index % 1_000).host\(index / 1_000).example.net")
        }
        let hashes = names.map { HashedName($0).hash }
        #expect(Set(hashes).count == names.count)
        // Low bits (a slot's home) and high bits, over 1,024 slots: none far above its share.
        for shift in [0, 54] {
            var slots = [Int](repeating: 0, count: 1_024)
            for hash in hashes { slots[Int(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) >> UInt64(shift)) & 1_023] += 1 }
            let share = names.count / 1_024
            #expect(slots.max()! < share * 3 / 2 && slots.min()! > share / 2, "bits from \(shift)")
        }
    }

    /// Names with counts chosen so that full tables prune, with ties broken by key.
    static func stream(_ count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let client = generator.below(400)
            return client % 5 == 0 ? "10.0.\(client % 7).\(client)" : "user\(client % 97)@example.\(client % 3 == 0 ? "org" : "net")"
        }
    }

    struct Row: TableValue {
        var events = 0
        var weight: Int { events }
        static func + (lhs: Row, rhs: Row) -> Row { Row(events: lhs.events + rhs.events) }
    }

    @Test("a capped table keyed by hashed names keeps and drops the rows a String-keyed one does", arguments: [4, 37, 150])
    func cappedTableAsStrings(capacity: Int) {
        var byString = CappedTable<String, Row>(capacity: capacity)
        var byName = CappedTable<HashedName, Row>(capacity: capacity)
        for name in HashedNameTests.stream(3_000, seed: UInt64(capacity)) {
            byString.update(name) { $0.events += 1 }
            byName.update(HashedName(name)) { $0.events += 1 }
        }
        #expect(byString.isTruncated)
        #expect(Dictionary(uniqueKeysWithValues: byName.entries.map { ($0.string, $1) }) == byString.rows)
        #expect(byName.otherEvents == byString.otherEvents && byName.droppedKeys == byString.droppedKeys)
        #expect(byName.top(10).map(\.key.string) == byString.top(10).map(\.key))

        // Merged with prunes on the way: the rows are added in key order, the strings' order.
        var moreByString = CappedTable<String, Row>(capacity: capacity)
        var moreByName = CappedTable<HashedName, Row>(capacity: capacity)
        for name in HashedNameTests.stream(2_000, seed: 99) {
            moreByString.update(name) { $0.events += 1 }
            moreByName.update(HashedName(name)) { $0.events += 1 }
        }
        byString += moreByString
        byName += moreByName
        #expect(Dictionary(uniqueKeysWithValues: byName.entries.map { ($0.string, $1) }) == byString.rows)
        #expect(byName.otherEvents == byString.otherEvents && byName.droppedKeys == byString.droppedKeys)
    }

    @Test("counted pairs of hashed names keep and drop what String pairs do, and list the same names", arguments: [6, 64])
    func namePairsAsStrings(capacity: Int) {
        var byString = NamePairs<String>(capacity: capacity)
        var byName = NamePairs<HashedName>(capacity: capacity)
        let subjects = HashedNameTests.stream(2_500, seed: 5), names = HashedNameTests.stream(2_500, seed: 6)
        for (subject, name) in zip(subjects, names) {
            byString.add(subject: subject, name: name)
            byName.add(subject: HashedName(subject), name: HashedName(name))
        }
        #expect(byString.isTruncated)
        #expect(byName.otherEvents == byString.otherEvents && byName.droppedKeys == byString.droppedKeys)
        let listed = byName.counts.counts.map { ("\($0.key.subject.string)|\($0.key.name.string)", $0.value) }
        let expected = byString.counts.counts.map { ("\($0.key.subject)|\($0.key.name.string)", $0.value) }
        #expect(Dictionary(uniqueKeysWithValues: listed) == Dictionary(uniqueKeysWithValues: expected))
        let some = { (subject: String) in subject.hasPrefix("user1") }
        #expect(byName.names(top: 5) { some($0.string) } == byString.names(top: 5, of: some))
        #expect(byName.namesOfAll(top: 5) == byString.namesOfAll(top: 5))
        // Grouped by subject in one pass: what asking for each subject alone gives.
        let bySubject = byName.namesBySubject(top: 3)
        #expect(bySubject.count == Set(byName.counts.counts.keys.map(\.subject)).count)
        for (subject, list) in bySubject { #expect(list == byName.names(top: 3) { $0 == subject }) }
    }

    @Test("in a payload a hashed name is its string, and reads back as a key that finds its row")
    func payloadIsTheString() throws {
        var byString = KeyedCounts<String>(capacity: 8)
        var byName = KeyedCounts<HashedName>(capacity: 8)
        for name in HashedNameTests.stream(200, seed: 3) {
            byString.add(name)
            byName.add(HashedName(name))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let written = try encoder.encode(byName)
        #expect(written == (try encoder.encode(byString)))
        let read = try JSONDecoder().decode(KeyedCounts<HashedName>.self, from: written)
        #expect(read == byName)
        for (key, count) in byString.counts { #expect(read.counts[HashedName(key)] == count) }
    }

    @Test("a name kept in a record (`Stored`) reads back equal, with the hash it was made with; nil stays nil")
    func storedReadsBack() {
        for string in HashedNameTests.names {
            let name = HashedName(string)
            let read = HashedName.Stored(name).name
            #expect(read == name && read?.hash == name.hash && read?.string == string)
        }
        #expect(HashedName.Stored(nil).name == nil)
        // An observation keeps its peer, user and network so: what the rules read is what it was given.
        let line = Array("x".utf8)
        line.withUnsafeBufferPointer { bytes in
            let observation = Observation(content: .notice(RawNotice(kind: .warning)), line: bytes, time: nil,
                                          topics: .aboutNetworks, peer: HashedName("203.0.113.9"), program: 0..<0,
                                          file: "mail.log", lineNumber: 1, loginUser: HashedName("alice"))
            #expect(observation.peerName == HashedName("203.0.113.9") && observation.loginUserName == HashedName("alice"))
            #expect(observation.networkName(ipv4: NetworkPrefix.defaultIPv4, ipv6: NetworkPrefix.defaultIPv6) == HashedName("203.0.113.0/24"))
        }
    }
}
