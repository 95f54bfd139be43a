/// A name that keys a table (a client's address, a user, a network, a domain) with its hash made
/// once: an observation's peer, user and network are looked up in a table of each of several
/// rules, and as `String`s each lookup hashed the whole string again (callgrind: the rules'
/// String hashing and comparing were the largest cost left in their `observe`).
///
/// It behaves as its string does: equal when the strings are equal (the stored hash is made so
/// that canonically equivalent strings hash alike), ordered as the strings are,
/// so that prunes (by count, then key) and sorted outputs are what `String` keys gave. In a
/// report's JSON and a merge payload it is the string itself; decoding makes the hash again.
public struct HashedName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let string: String
    /// The string's hash for this process (`HashedName.hash(of:)`): only the process's own
    /// tables ever see it.
    public let hash: Int

    @inline(__always)
    public init(_ string: String) {
        self.string = string
        hash = HashedName.hash(of: string)
    }

    /// A secret per process, drawn once: the word hash below is keyed with it, so that a log
    /// cannot choose names that collide.
    private static let key: (UInt64, UInt64, UInt64) = {
        // From `Hasher`'s seed, random per process as `String`'s hashes were, and fixed as
        // theirs by `SWIFT_DETERMINISTIC_HASHING` (measurements compare runs).
        func draw(_ index: UInt64) -> UInt64 {
            var hasher = Hasher()
            hasher.combine(index)
            return UInt64(truncatingIfNeeded: hasher.finalize())
        }
        return (draw(1) | 1, draw(2) | 1, draw(3))
    }()

    /// The hash of `string`, equal for equal strings (`==` is canonical equivalence). Names are
    /// ASCII nearly always (addresses, users, networks): their bytes are hashed eight a step,
    /// each word folded in by one full-width multiply with the process's key (as wyhash does),
    /// where `String.hashValue` ran SipHash, its set-up and finalisation, about 180 instructions
    /// for a short name (callgrind: 8.7 M of p36m, a name made per event). A string with other
    /// bytes is hashed as its normal form (NFC) would be: only three scalars are canonically
    /// ASCII (U+037E `;`, U+1FEF `` ` ``, U+212A `K`), so such a string is hashed as its ASCII
    /// spelling, and any other keeps `String`'s own hash, which no ASCII string can equal.
    @inline(__always)
    static func hash(of string: String) -> Int {
        if let hashed = string.utf8.withContiguousStorageIfAvailable({ asciiHash($0) }), let hashed { return hashed }
        return nonASCIIHash(string)
    }

    /// `string` with other scalars than ASCII: its ASCII spelling's hash when it has one.
    @inline(never)
    static func nonASCIIHash(_ string: String) -> Int {
        var ascii: [UInt8] = []
        ascii.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(UInt8(scalar.value))
            case 0x037E: ascii.append(0x3B)
            case 0x1FEF: ascii.append(0x60)
            case 0x212A: ascii.append(0x4B)
            default: return string.hashValue
            }
        }
        return ascii.withUnsafeBufferPointer { asciiHash($0) } ?? string.hashValue
    }

    /// The keyed hash of `bytes`, nil when one of them is not ASCII.
    @inline(__always)
    static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        let key = HashedName.key
        @inline(__always) func fold(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let product = (word ^ key.0).multipliedFullWidth(by: state ^ key.1)
            return product.high ^ product.low
        }
        var state = key.2 ^ UInt64(count)
        var highBits: UInt64 = 0
        // The empty string as the general case would hash it, whether its buffer has an address or not.
        guard let base = bytes.baseAddress, count > 0 else { return Int(truncatingIfNeeded: fold(fold(state, 0), 0)) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while count - offset > 8 {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            highBits |= word
            state = fold(state, word)
            offset += 8
        }
        // The last one to eight bytes: the last word of the string when it has eight, else the
        // bytes one by one (the buffer may end with the string).
        var last: UInt64 = 0
        if count >= 8 {
            last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        } else {
            for index in 0..<count { last |= UInt64(base[index]) << (8 * UInt64(index)) }
        }
        highBits |= last
        guard highBits & 0x8080_8080_8080_8080 == 0 else { return nil }
        return Int(truncatingIfNeeded: fold(fold(state, last), UInt64(count)))
    }

    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What a `Dictionary` or `Set` asks a key for (the standard library's entry point behind
    /// `hash(into:)`): the stored hash mixed with the table's seed by a few multiplications
    /// (SplitMix64's finalizer), where `hash(into:)` would run a whole `Hasher` for one word.
    /// That run was the largest single cost of the many-clients log (callgrind: `Hasher`'s
    /// finalization 6% of it). The mixing keeps what the seed is for: each table orders the
    /// same keys differently, so copying one table into another does not cluster. The stored
    /// hash is keyed with a secret of the process, so a log cannot choose keys that collide.
    @inline(__always)
    public func _rawHashValue(seed: Int) -> Int { HashedName.mixed(hash, seed: seed) }

    /// `word` and `seed` mixed as `_rawHashValue(seed:)` does; keys made of a hashed name and
    /// something else (a count of seconds, a topic, a second name) chain it, each part's
    /// value the next part's seed.
    @inline(__always)
    static func mixed(_ word: Int, seed: Int) -> Int {
        var mixed = UInt64(UInt(bitPattern: word ^ seed))
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 31))
    }

    /// The hashes first: two names that differ nearly always differ there, and the strings are
    /// compared only when they are most likely equal.
    @inline(__always)
    public static func == (lhs: HashedName, rhs: HashedName) -> Bool {
        lhs.hash == rhs.hash && lhs.string == rhs.string
    }

    @inline(__always)
    public static func < (lhs: HashedName, rhs: HashedName) -> Bool { lhs.string < rhs.string }

    public var description: String { string }
}

extension HashedName {
    /// A name and its hash as made before (a record's `Stored`): the hash is not made again.
    /// File-private: a hash not made from its string would break every table it keys.
    @inline(__always)
    fileprivate init(string: String, hash: Int) {
        self.string = string
        self.hash = hash
    }

    /// An optional name as a record keeps it: the string optional and the hash beside it, read
    /// back (`name`) into a fresh value. A `HashedName?` kept in a record is copied out of it
    /// through the type's metadata: the compiler outlines the copy and the destruction of an
    /// optional of a several-word struct to its value witnesses, about 110 instructions each
    /// (callgrind, the rules' `observe` reading an observation's peer, user and network).
    struct Stored: Sendable {
        private let string: String?
        private let hash: Int

        @inline(__always)
        init(_ name: HashedName?) {
            string = name?.string
            hash = name?.hash ?? 0
        }

        @inline(__always)
        var name: HashedName? { string.map { HashedName(string: $0, hash: hash) } }
    }
}
