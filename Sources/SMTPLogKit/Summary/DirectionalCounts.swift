/// Auth failures or relay refusals in both directions: totals, per client and per server.
/// Counts only: which of them make a finding is the rules' business.
public struct DirectionalCounts: Sendable, Equatable {
    public var inbound = 0
    public var outbound = 0
    /// The peers keyed by the `HashedName` the line loop made once for the summary and the
    /// rules: keyed by `String`, each event hashed the peer's string again, with a `Hasher`
    /// run (callgrind, the many-clients log: the largest part of counting a refusal).
    var clientCounts: KeyedCounts<HashedName>
    var serverCounts: KeyedCounts<HashedName>
    /// Events per reply code, ordered by code (a handful: 530, 535, 454; 554, 551...): a
    /// dictionary hashed the code with a `Hasher` on every event. Kept ordered, so that equal
    /// counts are equal arrays however the events came.
    var codeCounts: [CodeCount] = []

    struct CodeCount: Sendable, Equatable {
        let code: Int
        var count: Int
    }

    /// Inbound events by client address, as the truth files and `inbound_by_client` count them.
    public var clients: CappedCounts {
        get { clientCounts.mapKeys(\.string) }
        set { clientCounts = newValue.mapKeys(HashedName.init) }
    }

    /// Outbound events by the server that answered.
    public var servers: CappedCounts {
        get { serverCounts.mapKeys(\.string) }
        set { serverCounts = newValue.mapKeys(HashedName.init) }
    }

    /// Distinct clients listed, `clients.count` without making the list of strings.
    public var clientCount: Int { clientCounts.count }

    /// `clients.counts` and `servers.counts`, made straight from the rows: the string-keyed
    /// lists are made for each ask, and on a log of a million clients each was tens of
    /// millions of instructions.
    public var clientsByName: [String: Int] { DirectionalCounts.byName(clientCounts) }
    public var serversByName: [String: Int] { DirectionalCounts.byName(serverCounts) }

    /// Events left out of the clients' (servers') list when it was cut; nil when it was not.
    public var clientsCut: Int? { clientCounts.isTruncated ? clientCounts.otherEvents : nil }
    public var serversCut: Int? { serverCounts.isTruncated ? serverCounts.otherEvents : nil }

    private static func byName(_ counts: KeyedCounts<HashedName>) -> [String: Int] {
        var result: [String: Int] = [:]
        result.reserveCapacity(counts.count)
        for (key, tally) in counts.entries { result[key.string] = tally.count }
        return result
    }

    /// Events per reply code.
    public var byCode: [Int: Int] {
        get { Dictionary(uniqueKeysWithValues: codeCounts.map { ($0.code, $0.count) }) }
        set { codeCounts = newValue.sorted { $0.key < $1.key }.map { CodeCount(code: $0.key, count: $0.value) } }
    }

    public init(capacity: Int) {
        clientCounts = KeyedCounts(capacity: capacity)
        serverCounts = KeyedCounts(capacity: capacity)
    }

    @inline(__always)
    mutating func record(code: Int, direction: Direction, peer: HashedName?) {
        add(code: code, count: 1)
        if direction == .inbound {
            inbound += 1
            if let peer { clientCounts.add(peer) }
        } else {
            outbound += 1
            if let peer { serverCounts.add(peer) }
        }
    }

    /// `count` more events of `code`, its place found in the ordered list.
    @inline(__always)
    private mutating func add(code: Int, count: Int) {
        var index = 0
        while index < codeCounts.count, codeCounts[index].code < code { index += 1 }
        if index < codeCounts.count, codeCounts[index].code == code {
            codeCounts[index].count += count
        } else {
            codeCounts.insert(CodeCount(code: code, count: count), at: index)
        }
    }

    public static func += (a: inout DirectionalCounts, b: DirectionalCounts) {
        a.inbound += b.inbound
        a.outbound += b.outbound
        a.clientCounts += b.clientCounts
        a.serverCounts += b.serverCounts
        for entry in b.codeCounts { a.add(code: entry.code, count: entry.count) }
    }
}
