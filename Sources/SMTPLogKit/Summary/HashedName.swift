/// A name that keys a table (a client's address, a user, a network, a domain) with its hash made
/// once: an observation's peer, user and network are looked up in a table of each of several
/// rules, and as `String`s each lookup hashed the whole string again (callgrind: the rules'
/// String hashing and comparing were the largest cost left in their `observe`).
///
/// It behaves as its string does: equal when the strings are equal (the stored hash is
/// `String`'s own, so canonically equivalent strings hash alike), ordered as the strings are,
/// so that prunes (by count, then key) and sorted outputs are what `String` keys gave. In a
/// report's JSON and a merge payload it is the string itself; decoding makes the hash again.
public struct HashedName: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let string: String
    /// `string.hashValue` for this process: only the process's own tables ever see it.
    public let hash: Int

    @inline(__always)
    public init(_ string: String) {
        self.string = string
        hash = string.hashValue
    }

    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What a `Dictionary` or `Set` asks a key for (the standard library's entry point behind
    /// `hash(into:)`): the stored hash mixed with the table's seed by a few multiplications
    /// (SplitMix64's finalizer), where `hash(into:)` would run a whole `Hasher` for one word.
    /// That run was the largest single cost of the many-clients log (callgrind: `Hasher`'s
    /// finalization 6% of it). The mixing keeps what the seed is for: each table orders the
    /// same keys differently, so copying one table into another does not cluster. The stored
    /// hash is `String`'s seeded SipHash, so a log cannot choose keys that collide.
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
