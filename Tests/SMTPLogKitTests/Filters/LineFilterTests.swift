import Foundation
import Testing
@testable import SMTPLogKit

@Suite("Report filters: clients, networks, domains, users")
struct LineFilterTests {
    static func network(_ text: String) throws -> ClientNetwork { try ClientNetwork(parsing: text) }

    static func matches(_ network: ClientNetwork, _ address: String) -> Bool {
        var bytes = Array(address.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            ClientNetwork.address(in: UnsafeBufferPointer(buffer), 0..<buffer.count).map { network.contains($0) } ?? false
        }
    }

    @Test("IPv4 networks hold exactly their addresses")
    func ipv4() throws {
        let net = try Self.network("192.0.2.128/25")
        #expect(net.description == "192.0.2.128/25")
        for (address, inside) in [("192.0.2.128", true), ("192.0.2.255", true), ("192.0.2.127", false), ("192.0.3.128", false),
                                  ("::ffff:192.0.2.200", true), ("IPv6:::ffff:192.0.2.200", true), ("unknown", false),
                                  ("192.0.2", false), ("192.0.2.300", false), ("192.0.2.1.5", false)] {
            #expect(Self.matches(net, address) == inside, "\(address)")
        }
        let host = try Self.network("203.0.113.9")
        #expect(host.description == "203.0.113.9")
        #expect(Self.matches(host, "203.0.113.9") && !Self.matches(host, "203.0.113.90"))
        // Host bits under the prefix are cleared, as `ip route` reads them.
        #expect(try Self.network("10.1.2.3/8").description == "10.0.0.0/8")
        #expect(Self.matches(try Self.network("10.1.2.3/8"), "10.255.0.1"))
        let everything = try Self.network("0.0.0.0/0")
        #expect(Self.matches(everything, "198.51.100.1") && !Self.matches(everything, "2001:db8::1"))
    }

    @Test("IPv6 networks hold exactly their addresses, zones and IPv6: prefixes aside")
    func ipv6() throws {
        let net = try Self.network("2001:db8:1:2::/64")
        #expect(net.description == "2001:db8:1:2::/64")
        for (address, inside) in [("2001:db8:1:2::1", true), ("2001:DB8:1:2:ffff:ffff:ffff:ffff", true), ("2001:db8:1:3::1", false),
                                  ("IPv6:2001:db8:1:2::25", true), ("2001:db8:1:2::1%eth0", true), ("192.0.2.1", false),
                                  ("2001:db8:1:2::1::2", false)] {
            #expect(Self.matches(net, address) == inside, "\(address)")
        }
        let wide = try Self.network("2001:db8::/32")
        #expect(Self.matches(wide, "2001:db8:ffff::1") && !Self.matches(wide, "2001:db9::1"))
        let odd = try Self.network("2001:db8:0:1ff::/57")
        #expect(odd.description == "2001:db8:0:180::/57")
        #expect(Self.matches(odd, "2001:db8:0:1ff::1") && Self.matches(odd, "2001:db8:0:180::1") && !Self.matches(odd, "2001:db8:0:17f::1"))
        let host = try Self.network("2001:db8::25")
        #expect(host.description == "2001:db8::25" && Self.matches(host, "2001:db8:0:0:0:0:0:25"))
        // An IPv4 network matches the mapped form, and a mapped IPv6 network the IPv4 form.
        #expect(Self.matches(try Self.network("::ffff:192.0.2.0/120"), "192.0.2.77"))
    }

    @Test("a malformed address or prefix is refused with what was expected", arguments: [
        ("10.0.0.0/33", "0 to 32"), ("2001:db8::/129", "0 to 128"), ("10.0.0/8", "IPv4 or IPv6"), ("1.2.3.4/", "0 to 32"),
        ("1.2.3.4/-1", "0 to 32"), ("1.2.3.4/99999999999999999999999", "0 to 32"), ("example.org", "IPv4 or IPv6"),
        ("", "IPv4 or IPv6"), ("1.2.3.4/8/8", "0 to 32"), ("256.1.1.1", "IPv4 or IPv6"), ("2001:db8:::1", "IPv4 or IPv6"),
    ])
    func badNetworks(_ text: String, _ expected: String) {
        #expect { try ClientNetwork(parsing: text) } throws: { "\($0)".contains(expected) }
    }

    @Test("domains are lowered, lose a trailing dot, and refuse wildcards and addresses")
    func domains() throws {
        #expect(try LineFilter.domain("Example.ORG.") == "example.org")
        #expect { try LineFilter.domain("*.example.org") } throws: { "\($0)".contains("subdomains match too") }
        #expect { try LineFilter.domain(".example.org") } throws: { "\($0)".contains("(example.org)") }
        #expect { try LineFilter.domain("postmaster@example.org") } throws: { "\($0)".contains("not an address") }
        #expect { try LineFilter.domain("") } throws: { "\($0)".contains("expected a domain") }
        #expect { try LineFilter.domain("exa mple.org") } throws: { "\($0)".contains("expected a domain") }
        #expect { try LineFilter.domain(String(repeating: "a", count: 254)) } throws: { "\($0)".contains("253") }
        #expect(try LineFilter.user("Monitor@Example.org") == "Monitor@Example.org")
        #expect { try LineFilter.user("a\u{1b}b") } throws: { "\($0)".contains("control") }
    }

    @Test("the command line's entries add to the configuration's, each once")
    func adding() throws {
        var configured = LineFilter()
        configured.excludeClients = [try Self.network("10.0.0.0/8")]
        configured.onlyDomains = ["example.org"]
        var given = LineFilter()
        given.excludeClients = [try Self.network("10.9.9.9/8"), try Self.network("192.0.2.7")]
        given.excludeUsers = ["monitor"]
        configured.add(given)
        #expect(configured.excludeClients.map(\.description) == ["10.0.0.0/8", "192.0.2.7"])
        #expect(configured.onlyDomains == ["example.org"] && configured.excludeUsers == ["monitor"])
        #expect(configured.description == "not clients 10.0.0.0/8, 192.0.2.7; not users monitor; only domains example.org")
    }
}
