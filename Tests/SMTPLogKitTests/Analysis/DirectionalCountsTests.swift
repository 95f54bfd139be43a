import Testing
@testable import SMTPLogKit

/// Auth failures and relay refusals are counted by the peer's `HashedName` and by code in an
/// ordered list; what they show (`clients`, `servers`, `byCode`) must be what counting by
/// string and by a dictionary showed, and equal counts must be equal values however the events
/// were split and merged.
@Suite("Directional counts")
struct DirectionalCountsTests {
    /// Events as (code, direction, peer), peers repeating and codes out of order.
    static let events: [(Int, Direction, String?)] = (0..<400).map { index in
        let code = [535, 454, 530, 554, 551, 535, 550][index % 7]
        let direction: Direction = index % 3 == 0 ? .outbound : .inbound
        let peer = index % 11 == 0 ? nil : direction == .inbound ? "192.0.2.\(index % 37)" : "mx\(index % 5).example.net"
        return (code, direction, peer)
    }

    static func counted(_ events: ArraySlice<(Int, Direction, String?)>, capacity: Int = 1_000) -> DirectionalCounts {
        var counts = DirectionalCounts(capacity: capacity)
        for (code, direction, peer) in events { counts.record(code: code, direction: direction, peer: peer.map(HashedName.init)) }
        return counts
    }

    @Test("clients, servers and codes are the plain counts of the events")
    func plainCounts() {
        let counts = DirectionalCountsTests.counted(DirectionalCountsTests.events[...])
        var clients: [String: Int] = [:], servers: [String: Int] = [:], codes: [Int: Int] = [:]
        for (code, direction, peer) in DirectionalCountsTests.events {
            codes[code, default: 0] += 1
            if let peer {
                if direction == .inbound { clients[peer, default: 0] += 1 } else { servers[peer, default: 0] += 1 }
            }
        }
        #expect(counts.clients.counts == clients)
        #expect(counts.servers.counts == servers)
        #expect(counts.byCode == codes)
        #expect(counts.inbound == DirectionalCountsTests.events.filter { $0.1 == .inbound }.count)
        #expect(counts.outbound == DirectionalCountsTests.events.filter { $0.1 == .outbound }.count)
    }

    @Test("split anywhere and merged, the counts equal the whole, as values")
    func mergeEqualsWhole() {
        let events = DirectionalCountsTests.events
        let whole = DirectionalCountsTests.counted(events[...])
        for cut in [1, 7, 150, 399] {
            var merged = DirectionalCountsTests.counted(events[..<cut])
            merged += DirectionalCountsTests.counted(events[cut...])
            #expect(merged == whole, "cut at \(cut)")
            // The later part first: codes met in another order still make the same list.
            var reversed = DirectionalCountsTests.counted(events[cut...])
            reversed += DirectionalCountsTests.counted(events[..<cut])
            #expect(reversed == whole, "cut at \(cut), reversed")
        }
    }

    @Test("lists and codes set from outside (a payload) read back the same")
    func setterRoundTrip() {
        let counts = DirectionalCountsTests.counted(DirectionalCountsTests.events[...], capacity: 8)
        #expect(counts.clients.isTruncated)
        var copy = DirectionalCounts(capacity: 8)
        copy.inbound = counts.inbound
        copy.outbound = counts.outbound
        copy.clients = counts.clients
        copy.servers = counts.servers
        copy.byCode = counts.byCode
        #expect(copy == counts)
        #expect(copy.clients.otherEvents == counts.clients.otherEvents)
        #expect(copy.clients.droppedKeys == counts.clients.droppedKeys)
    }
}
