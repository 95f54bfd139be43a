/// Auth failures or relay refusals in both directions: totals, per client and per server.
/// Counts only: which of them make a finding is the rules' business.
public struct DirectionalCounts: Sendable, Equatable {
    public var inbound = 0
    public var outbound = 0
    /// Inbound events by client address, as the truth files and `inbound_by_client` count them.
    public var clients: CappedCounts
    /// Outbound events by the server that answered.
    public var servers: CappedCounts
    public var byCode: [Int: Int] = [:]

    public init(capacity: Int) {
        clients = CappedCounts(capacity: capacity)
        servers = CappedCounts(capacity: capacity)
    }

    @inline(__always)
    mutating func record(code: Int, direction: Direction, peer: String?) {
        byCode[code, default: 0] += 1
        if direction == .inbound {
            inbound += 1
            if let peer { clients.add(peer) }
        } else {
            outbound += 1
            if let peer { servers.add(peer) }
        }
    }

    public static func += (a: inout DirectionalCounts, b: DirectionalCounts) {
        a.inbound += b.inbound
        a.outbound += b.outbound
        a.clients += b.clients
        a.servers += b.servers
        a.byCode.merge(b.byCode, uniquingKeysWith: +)
    }
}
