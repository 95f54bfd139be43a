#if canImport(Glibc)
import Glibc
#endif

/// What a report leaves out (`--exclude-client`, `--only-domain`, …, and the configuration's
/// `filters:` section): lines whose reply or notice names a client, a domain or a user the
/// administrator does not want in the figures (their own monitoring, an internal network, a
/// test domain), or that are not about the one domain or network a report is for.
///
/// A line is judged by what its parser read: the event's client address (inbound replies only:
/// the server we deliver to is not a client), its sender's and recipient's domains, and its SASL
/// user; a notice's sender and recipient. A line with neither an event nor a notice (connect
/// lines, qmgr lines, other programs) is never left out: it names nothing a filter is about.
/// - An `exclude` list leaves a line out when the line names one of its entries.
/// - An `only` list leaves out every event and notice that names none of its entries, those
///   that name nothing of the kind included; with both `only` lists, a line must match both.
/// Left-out lines are counted as read and as `filtered`, and nowhere else.
public struct LineFilter: Sendable, Equatable, CustomStringConvertible {
    public var excludeClients: [ClientNetwork] = []
    public var onlyClients: [ClientNetwork] = []
    /// ASCII letters lowered, without a trailing dot; a domain matches itself and its
    /// subdomains, ignoring ASCII case.
    public var excludeDomains: [String] = []
    public var onlyDomains: [String] = []
    /// SASL user names, compared ignoring ASCII case.
    public var excludeUsers: [String] = []

    public init() {}

    public var isEmpty: Bool {
        excludeClients.isEmpty && onlyClients.isEmpty && excludeDomains.isEmpty && onlyDomains.isEmpty
            && excludeUsers.isEmpty
    }

    /// The entries of `other` added to these (the command line's to the configuration's), each
    /// entry once.
    public mutating func add(_ other: LineFilter) {
        func union<T: Equatable>(_ list: inout [T], _ more: [T]) {
            for entry in more where !list.contains(entry) { list.append(entry) }
        }
        union(&excludeClients, other.excludeClients)
        union(&onlyClients, other.onlyClients)
        union(&excludeDomains, other.excludeDomains)
        union(&onlyDomains, other.onlyDomains)
        union(&excludeUsers, other.excludeUsers)
    }

    /// `not clients 10.0.0.0/8, 192.0.2.7; only domains example.org`: what the report's header
    /// says was left out. Domains are written as given; their subdomains go with them.
    public var description: String {
        var parts: [String] = []
        func add(_ label: String, _ names: [String]) {
            if !names.isEmpty { parts.append(label + " " + names.joined(separator: ", ")) }
        }
        add("not clients", excludeClients.map(\.description))
        add("not domains", excludeDomains)
        add("not users", excludeUsers)
        add("only clients", onlyClients.map(\.description))
        add("only domains", onlyDomains)
        return parts.joined(separator: "; ")
    }

    // MARK: reading the values

    /// A domain as an option or the configuration gives it: `example.org`, any case, a
    /// trailing dot allowed. Its subdomains match too, so `*.example.org` is refused with a
    /// message that says so, rather than read as a literal star.
    public static func domain(_ text: String) throws(FilterValueError) -> String {
        var name = LineFilter.asciiLowercased(text)
        if name.hasSuffix(".") { name.removeLast() }
        if name.hasPrefix("*.") || name.hasPrefix(".") {
            throw FilterValueError("give the domain itself (\(name.drop { $0 == "*" || $0 == "." })): its subdomains match too")
        }
        guard !name.isEmpty else { throw FilterValueError("expected a domain such as example.org") }
        guard name.utf8.count <= 253 else { throw FilterValueError("a domain is at most 253 bytes long") }
        if name.contains("@") {
            throw FilterValueError("expected a domain, not an address: the part after @ (\(name.split(separator: "@").last ?? ""))")
        }
        guard !name.contains(".."), name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F
                && !"/[]<>()\"',;:\\".unicodeScalars.contains($0) }) else {
            throw FilterValueError("expected a domain such as example.org")
        }
        return name
    }

    /// `text` with its ASCII letters lowered, as lines are compared; other letters stay.
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// A SASL user name as given: anything printable, at most 256 bytes.
    public static func user(_ text: String) throws(FilterValueError) -> String {
        guard !text.isEmpty else { throw FilterValueError("expected a user name") }
        guard text.utf8.count <= 256 else { throw FilterValueError("a user name is at most 256 bytes long") }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }) else {
            throw FilterValueError("a user name may not hold control characters")
        }
        return text
    }
}

/// A value of a filter that cannot be used: the caller adds which option or key gave it.
public struct FilterValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A client address or network, IPv4 or IPv6: `192.0.2.7`, `10.0.0.0/8`, `2001:db8::/32`.
/// Held as 128 bits, an IPv4 network as its IPv4-mapped IPv6 form (`::ffff:10.0.0.0/104`), so
/// that an IPv4 client logged in mapped form (`::ffff:192.0.2.7`) is matched by it too.
public struct ClientNetwork: Sendable, Hashable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64
    /// The prefix length over the 128 bits.
    let bits: Int
    let isIPv4: Bool

    /// `address` or `address/length`. Host bits set under the prefix are cleared
    /// (`192.0.2.7/24` is `192.0.2.0/24`), as `ip route` reads it.
    public init(parsing text: String) throws(FilterValueError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let addressText = String(parts[0])
        guard let address = ClientNetwork.parse(addressText) else {
            throw FilterValueError("expected an IPv4 or IPv6 address or network (192.0.2.7, 10.0.0.0/8, 2001:db8::/32)")
        }
        isIPv4 = address.isIPv4
        let widest = isIPv4 ? 32 : 128
        var length = widest
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(digits), value <= widest else {
                throw FilterValueError("the prefix length of an \(isIPv4 ? "IPv4" : "IPv6") network is 0 to \(widest)")
            }
            length = value
        }
        bits = isIPv4 ? 96 + length : length
        let masks = ClientNetwork.masks(bits)
        high = address.high & masks.high
        low = address.low & masks.low
    }

    /// The masks of a prefix of `bits` bits (0 to 128) over the two halves.
    @inline(__always)
    static func masks(_ bits: Int) -> (high: UInt64, low: UInt64) {
        let highBits = min(bits, 64), lowBits = max(0, bits - 64)
        return (highBits == 0 ? 0 : ~0 << UInt64(64 - highBits), lowBits == 0 ? 0 : ~0 << UInt64(64 - lowBits))
    }

    @inline(__always)
    func contains(_ address: (high: UInt64, low: UInt64)) -> Bool {
        let masks = ClientNetwork.masks(bits)
        return address.high & masks.high == high && address.low & masks.low == low
    }

    /// The network as `ip` writes it: the address alone for a single host.
    public var description: String {
        let prefix = isIPv4 ? bits - 96 : bits
        let address: String
        if isIPv4 {
            let value = UInt32(truncatingIfNeeded: low)
            address = [value >> 24, value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF].map(String.init).joined(separator: ".")
        } else {
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { bytes in
                for index in 0..<8 {
                    bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * index))
                    bytes[index + 8] = UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * index))
                }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            address = inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil
                ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        }
        return prefix == (isIPv4 ? 32 : 128) ? address : "\(address)/\(prefix)"
    }

    /// An address as text, to 128 bits (IPv4 mapped).
    static func parse(_ text: String) -> (high: UInt64, low: UInt64, isIPv4: Bool)? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            address(in: UnsafeBufferPointer(buffer), 0..<buffer.count).map { ($0.high, $0.low, !text.contains(":")) }
        }
    }

    /// The client address written in `range` of a log line (`192.0.2.7`, `2001:db8::1`,
    /// `IPv6:2001:db8::1`, `fe80::1%eth0`), to 128 bits; nil for anything else (`unknown`).
    static func address(in line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (high: UInt64, low: UInt64)? {
        if let ipv4 = ipv4(line, range) { return (0, 0xFFFF_0000_0000 | UInt64(ipv4)) }
        var start = range.lowerBound
        var end = range.upperBound
        if end - start > 5, line[start] | 0x20 == 0x69, line[start + 1] | 0x20 == 0x70, line[start + 2] | 0x20 == 0x76,
           line[start + 3] == 0x36, line[start + 4] == 0x3A {
            start += 5   // IPv6:
        }
        var colon = false
        for index in start..<end {
            let byte = line[index]
            if byte == 0x3A { colon = true } else if byte == 0x25 { end = index; break }   // a zone: fe80::1%eth0
        }
        // The longest IPv6 text, with an IPv4 tail, is 45 bytes.
        guard colon, end - start <= 45 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 46) { text in
            for index in start..<end { text[index - start] = CChar(bitPattern: line[index]) }
            text[end - start] = 0
            var raw = in6_addr()
            guard inet_pton(AF_INET6, text.baseAddress!, &raw) == 1 else { return nil }
            return withUnsafeBytes(of: raw) { bytes in
                var high: UInt64 = 0, low: UInt64 = 0
                for index in 0..<8 {
                    high = high &<< 8 | UInt64(bytes[index])
                    low = low &<< 8 | UInt64(bytes[index + 8])
                }
                return (high, low)
            }
        }
    }

    /// A dotted quad of decimal numbers 0 to 255, in one pass: most clients are IPv4.
    @inline(__always)
    private static func ipv4(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, dots = 0
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = line[index]
            let digit = byte &- 0x30
            if digit < 10 {
                part = part &* 10 &+ UInt32(digit)
                digits &+= 1
                guard digits <= 3, part <= 255 else { return nil }
            } else {
                guard byte == 0x2E, digits > 0, dots < 3 else { return nil }
                value = value &<< 8 | part
                part = 0
                digits = 0
                dots &+= 1
            }
            index &+= 1
        }
        guard dots == 3, digits > 0 else { return nil }
        return value &<< 8 | part
    }
}

/// A `LineFilter` made ready for lines: its names as bytes. One per reader; nil in the sink
/// when there is no filter, so that a run without one pays a single branch per line with a
/// reply or a notice, and nothing on the others.
final class LineMatcher {
    private let excludeClients: [ClientNetwork]
    private let onlyClients: [ClientNetwork]
    private let excludeDomains: [[UInt8]]
    private let onlyDomains: [[UInt8]]
    private let excludeUsers: [[UInt8]]
    private let readsClients: Bool

    init?(_ filter: LineFilter) {
        guard !filter.isEmpty else { return nil }
        excludeClients = filter.excludeClients
        onlyClients = filter.onlyClients
        excludeDomains = filter.excludeDomains.map { Array($0.utf8) }
        onlyDomains = filter.onlyDomains.map { Array($0.utf8) }
        excludeUsers = filter.excludeUsers.map { Array(LineFilter.asciiLowercased($0).utf8) }
        readsClients = !excludeClients.isEmpty || !onlyClients.isEmpty
    }

    /// True when the line of this reply is to be left out of the report.
    @inline(__always)
    func leavesOut(_ event: RawReplyEvent, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        leavesOut(client: event.direction == .inbound ? event.peerAddress : nil, sender: event.sender,
                  recipient: event.recipient, user: event.saslUser, in: line)
    }

    /// True when the line of this notice is to be left out: a notice names no client or user.
    @inline(__always)
    func leavesOut(_ notice: RawNotice, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        leavesOut(client: nil, sender: notice.sender, recipient: notice.recipient, user: nil, in: line)
    }

    private func leavesOut(client: Range<Int>?, sender: Range<Int>?, recipient: Range<Int>?, user: Range<Int>?,
                           in line: UnsafeBufferPointer<UInt8>) -> Bool {
        let address = readsClients ? client.flatMap { ClientNetwork.address(in: line, $0) } : nil
        if let address, excludeClients.contains(where: { $0.contains(address) }) { return true }
        if !excludeDomains.isEmpty {
            if LineMatcher.names(line, sender, excludeDomains) || LineMatcher.names(line, recipient, excludeDomains) { return true }
        }
        if !excludeUsers.isEmpty, let user, excludeUsers.contains(where: { LineMatcher.equalsIgnoringCase(line, user, $0) }) {
            return true
        }
        if !onlyClients.isEmpty {
            guard let address, onlyClients.contains(where: { $0.contains(address) }) else { return true }
        }
        if !onlyDomains.isEmpty {
            guard LineMatcher.names(line, sender, onlyDomains) || LineMatcher.names(line, recipient, onlyDomains) else {
                return true
            }
        }
        return false
    }

    /// Whether the address in `range` has one of `domains` or a subdomain of one: the bytes
    /// after its last `@`, without a trailing dot, end with the domain after a dot or are it.
    private static func names(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>?, _ domains: [[UInt8]]) -> Bool {
        guard let range, let at = line.lastByte(0x40, in: range) else { return false }
        var end = range.upperBound
        if end > at + 1, line[end - 1] == 0x2E { end -= 1 }
        let start = at + 1
        guard end > start else { return false }
        for domain in domains {
            let count = domain.count
            guard count <= end - start else { continue }
            let from = end - count
            guard from == start || line[from - 1] == 0x2E else { continue }
            if equalsIgnoringCase(line, from..<end, domain) { return true }
        }
        return false
    }

    /// The bytes in `range` equal `lowered` (lower-case) when ASCII letters are lowered.
    private static func equalsIgnoringCase(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ lowered: [UInt8]) -> Bool {
        guard range.count == lowered.count else { return false }
        var index = range.lowerBound
        for expected in lowered {
            var byte = line[index]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            guard byte == expected else { return false }
            index += 1
        }
        return true
    }
}

extension ReplySummary {
    /// Counts a line a filter left out: read, and newer than what came before when it is, since
    /// it still shows the log being written; in no other count.
    @inline(__always)
    mutating func recordFiltered(time: LogTime?) {
        lines.read += 1
        lines.filtered += 1
        if let time, newestLine == nil || newestLine! < time { newestLine = time }
    }
}
