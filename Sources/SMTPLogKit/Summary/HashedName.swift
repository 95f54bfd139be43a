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
