/// Who sent the reply. Inbound: our server answered a client. Outbound: a remote server
/// answered us (a delivery, a relay host, a callout).
public enum Direction: String, Codable, Sendable, CaseIterable, Comparable {
    case inbound, outbound
    public static func < (lhs: Direction, rhs: Direction) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The class of a reply, its code's first digit (RFC 5321 section 4.2.1).
public enum ReplyClass: Int, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case positiveCompletion = 2, positiveIntermediate = 3, transientNegative = 4, permanentNegative = 5

    public init?(code: Int) { self.init(rawValue: code / 100) }
    /// `2xx`, as reports and the truth files name it.
    public var description: String { "\(rawValue)xx" }
    public var title: String {
        switch self {
        case .positiveCompletion: "Positive Completion"
        case .positiveIntermediate: "Positive Intermediate"
        case .transientNegative: "Transient Negative"
        case .permanentNegative: "Permanent Negative"
        }
    }
    public static func < (lhs: ReplyClass, rhs: ReplyClass) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One SMTP reply found in one log line, with every field a report can show.
///
/// This is the materialised form, made of `String`s: it exists for tests, examples and
/// findings. The hot path aggregates `RawReplyEvent` instead and makes strings only for keys.
public struct ReplyEvent: Equatable, Sendable, Codable {
    public var time: LogTime?
    public var direction: Direction
    public var code: Int
    /// RFC 3463 `class.subject.detail`, when the line writes one.
    public var enhancedStatus: String?
    /// True when the line carries no code and the code is what the server must have sent.
    public var implied: Bool
    public var peerName: String?
    public var peerAddress: String?
    public var sender: String?
    public var recipient: String?
    public var saslMechanism: String?
    public var saslUser: String?
    /// The SMTP stage the reply answered (`RCPT`, `CONNECT`, `END-OF-MESSAGE`, `AUTH`), where known.
    public var stage: String?
    public var text: String
    public var isRelayRefusal: Bool
    public var isAuthFailure: Bool { code == 530 || code == 535 }

    public var replyClass: ReplyClass? { ReplyClass(code: code) }

    public init(time: LogTime? = nil, direction: Direction, code: Int, enhancedStatus: String? = nil,
                implied: Bool = false, peerName: String? = nil, peerAddress: String? = nil,
                sender: String? = nil, recipient: String? = nil, saslMechanism: String? = nil,
                saslUser: String? = nil, stage: String? = nil, text: String = "", isRelayRefusal: Bool = false) {
        self.time = time
        self.direction = direction
        self.code = code
        self.enhancedStatus = enhancedStatus
        self.implied = implied
        self.peerName = peerName
        self.peerAddress = peerAddress
        self.sender = sender
        self.recipient = recipient
        self.saslMechanism = saslMechanism
        self.saslUser = saslUser
        self.stage = stage
        self.text = text
        self.isRelayRefusal = isRelayRefusal
    }
}

/// A byte range packed into 8 bytes, with an explicit "absent": a line's event is returned
/// for every candidate line, so its size is paid on the hot path (ten `Range<Int>?` made the
/// event 260 bytes and its copies a tenth of the run time).
public struct PackedRange: Sendable, Equatable {
    @usableFromInline var bits: UInt64
    public static let absent = PackedRange(bits: .max)
    @inline(__always) init(bits: UInt64) { self.bits = bits }

    @inline(__always)
    public init(_ range: Range<Int>?) {
        guard let range else { bits = .max; return }
        bits = UInt64(UInt32(truncatingIfNeeded: range.lowerBound)) << 32 | UInt64(UInt32(truncatingIfNeeded: range.upperBound))
    }

    @inline(__always)
    public var range: Range<Int>? {
        bits == .max ? nil : Int(bits >> 32)..<Int(bits & 0xFFFF_FFFF)
    }
}

/// A reply event as byte ranges into the line it was found in: no allocation until a field
/// is actually needed as a key or for display.
public struct RawReplyEvent {
    public var direction: Direction
    public var code: Int
    public var implied: Bool
    public var isRelayRefusal = false
    /// A refusal of a client's mail by our server (a `reject:` line, an Exim `rejected` line),
    /// as pflogsumm and eximstats count rejected mail.
    public var isRejection = false
    private var packedEnhanced = PackedRange.absent
    private var packedPeerName = PackedRange.absent
    private var packedPeerAddress = PackedRange.absent
    private var packedSender = PackedRange.absent
    private var packedRecipient = PackedRange.absent
    private var packedSaslMechanism = PackedRange.absent
    private var packedSaslUser = PackedRange.absent
    private var packedStage = PackedRange.absent
    private var packedText = PackedRange.absent
    public var enhanced: Range<Int>? {
        @inline(__always) get { packedEnhanced.range }
        @inline(__always) set { packedEnhanced = PackedRange(newValue) }
    }
    public var peerName: Range<Int>? {
        @inline(__always) get { packedPeerName.range }
        @inline(__always) set { packedPeerName = PackedRange(newValue) }
    }
    public var peerAddress: Range<Int>? {
        @inline(__always) get { packedPeerAddress.range }
        @inline(__always) set { packedPeerAddress = PackedRange(newValue) }
    }
    public var sender: Range<Int>? {
        @inline(__always) get { packedSender.range }
        @inline(__always) set { packedSender = PackedRange(newValue) }
    }
    public var recipient: Range<Int>? {
        @inline(__always) get { packedRecipient.range }
        @inline(__always) set { packedRecipient = PackedRange(newValue) }
    }
    public var saslMechanism: Range<Int>? {
        @inline(__always) get { packedSaslMechanism.range }
        @inline(__always) set { packedSaslMechanism = PackedRange(newValue) }
    }
    public var saslUser: Range<Int>? {
        @inline(__always) get { packedSaslUser.range }
        @inline(__always) set { packedSaslUser = PackedRange(newValue) }
    }
    public var stage: Range<Int>? {
        @inline(__always) get { packedStage.range }
        @inline(__always) set { packedStage = PackedRange(newValue) }
    }
    public var text: Range<Int>? {
        @inline(__always) get { packedText.range }
        @inline(__always) set { packedText = PackedRange(newValue) }
    }

    public init(direction: Direction, code: Int, implied: Bool) {
        self.direction = direction
        self.code = code
        self.implied = implied
    }

    public var isAuthFailure: Bool { code == 530 || code == 535 }

    /// The key a peer is counted under: its address for clients (names are whatever rDNS or the
    /// client said), its host name for servers we deliver to (addresses rotate behind MX names).
    @inline(__always)
    public func peerKey(in line: UnsafeBufferPointer<UInt8>) -> String? {
        peerRange.map { line.key($0) }
    }

    /// The bytes `peerKey(in:)` keys; nil when there are none. The sink keys them through a
    /// cache of short names instead of making the key again.
    @inline(__always)
    public var peerRange: Range<Int>? {
        let preferred = direction == .inbound ? (peerAddress ?? peerName) : (nonEmpty(peerName) ?? peerAddress)
        guard let range = preferred, !range.isEmpty else { return nil }
        return range
    }

    /// The recipient's domain, lower-cased, as a bounded key: one string when it has no
    /// capitals (`Correspondent.lowercasedKey`), where lowering a copy cost half a call.
    public func recipientDomain(in line: UnsafeBufferPointer<UInt8>) -> String? {
        recipientDomainRange(in: line).map { Correspondent.lowercasedKey(line, $0) }
    }

    /// The bytes `recipientDomain` names: after the recipient's last `@`, nil when none follow.
    @inline(__always)
    func recipientDomainRange(in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let recipient, let at = line.lastByte(0x40, in: recipient), at + 1 < recipient.upperBound else { return nil }
        return (at + 1)..<recipient.upperBound
    }

    private func nonEmpty(_ range: Range<Int>?) -> Range<Int>? {
        guard let range, !range.isEmpty else { return nil }
        return range
    }

    public func materialize(in line: UnsafeBufferPointer<UInt8>, time: LogTime?) -> ReplyEvent {
        func text(_ range: Range<Int>?) -> String? {
            guard let range, !range.isEmpty else { return nil }
            return line.string(range)
        }
        return ReplyEvent(time: time, direction: direction, code: code, enhancedStatus: text(enhanced),
                          implied: implied, peerName: text(peerName), peerAddress: text(peerAddress),
                          sender: text(sender), recipient: text(recipient), saslMechanism: text(saslMechanism),
                          saslUser: text(saslUser), stage: text(stage), text: text(self.text) ?? "",
                          isRelayRefusal: isRelayRefusal)
    }
}
