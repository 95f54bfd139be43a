#if canImport(Glibc)
import Glibc
#endif

/// The network a client address belongs to (`203.0.113.0/24`, `2001:db8:1:2::/64`): password
/// guessing spread over many hosts of one network is one attack, however few tries each host
/// makes.
enum NetworkPrefix {
    /// The prefix lengths every rule about networks uses unless configured otherwise.
    static let defaultIPv4 = 24
    static let defaultIPv6 = 64

    /// `address`'s network at the default prefixes, hashed as a table key.
    static func defaultNetwork(of address: String) -> HashedName? {
        network(of: address, ipv4: defaultIPv4, ipv6: defaultIPv6).map(HashedName.init)
    }

    /// `address` masked to `ipv4` or `ipv6` prefix bits, written with the prefix length; nil
    /// when it is not an IP address (an Exim `H=` name, `unknown`).
    static func network(of address: String, ipv4: Int, ipv6: Int) -> String? {
        // The common case, a dotted IPv4 address in a /24: its first three parts, read in one
        // pass, without parsing the address into bytes.
        if ipv4 == 24, let network = dottedNetwork(address) { return network }
        var text = address
        if text.hasPrefix("IPv6:") || text.hasPrefix("ipv6:") { text = String(text.dropFirst(5)) }
        if text.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, text, &raw) == 1 else { return nil }
            var bytes = withUnsafeBytes(of: raw) { Array($0) }
            mask(&bytes, bits: ipv6)
            bytes.withUnsafeBytes { source in
                withUnsafeMutableBytes(of: &raw) { $0.copyMemory(from: source) }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/\(ipv6)"
        }
        var raw = in_addr()
        guard inet_pton(AF_INET, text, &raw) == 1 else { return nil }
        var bytes = withUnsafeBytes(of: raw) { Array($0) }
        mask(&bytes, bits: ipv4)
        return bytes.map(String.init).joined(separator: ".") + "/\(ipv4)"
    }

    /// `203.0.113.0/24` of `203.0.113.9`, when the address is a dotted quad of numbers 0 to
    /// 255. Written from the address's bytes in one pass: the three rules about networks ask
    /// for it on every failed login, and building it from a substring cost ten times more.
    private static func dottedNetwork(_ address: String) -> String? {
        var address = address
        return address.withUTF8 { bytes -> String? in
            guard let lastDot = dottedQuadNetworkEnd(bytes) else { return nil }
            return network(ofDottedPrefix: UnsafeBufferPointer(rebasing: bytes[..<lastDot]))
        }
    }

    /// Where the /24 network of a dotted quad of numbers 0 to 255 ends (its last dot), nil
    /// for anything else: the network is then written from the bytes before it alone, so that
    /// they can key a cache of networks (`ReportSink`).
    static func dottedQuadNetworkEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var parts = 0, value = 0, digits = 0, lastDot = -1
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x2E {
                guard digits > 0 else { return nil }
                parts += 1
                lastDot = index
                value = 0
                digits = 0
            } else {
                guard byte >= 0x30, byte <= 0x39, digits < 3 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                guard value <= 255 else { return nil }
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        return lastDot
    }

    /// `203.0.113.0/24` of `203.0.113`, the bytes before a dotted quad's last dot
    /// (`dottedQuadNetworkEnd`).
    /// The string is written in place, its bytes copied once: through a buffer on the stack
    /// and `String(decoding:)`, each of the 21,600 new networks of the 200 MB generated log
    /// cost about 750 instructions (callgrind), as many as a line.
    static func network(ofDottedPrefix prefix: UnsafeBufferPointer<UInt8>) -> String {
        // At most `255.255.255` and `.0/24`: 16 bytes.
        String(unsafeUninitializedCapacity: prefix.count + 5) { out in
            guard let target = out.baseAddress else { return 0 }
            if let source = prefix.baseAddress { target.initialize(from: source, count: prefix.count) }
            var end = prefix.count
            for byte in ".0/24".utf8 {
                target[end] = byte
                end += 1
            }
            return end
        }
    }

    private static func mask(_ bytes: inout [UInt8], bits: Int) {
        for index in bytes.indices {
            let keep = max(0, min(8, bits - index * 8))
            bytes[index] &= keep == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - keep))
        }
    }
}
