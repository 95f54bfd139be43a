/// A Postfix or Exim line that carries no reply but tells something a finding needs: a warning,
/// an error, a fatal error or a panic of the mail system itself; a delivery that failed without
/// any server answering (a timeout, a refused connection, a DNS failure); or Postfix's cached
/// verdict (`delivery temporarily suspended: ...`), which repeats an earlier reply without a
/// server being asked again.
///
/// Like `RawReplyEvent`, byte ranges into its line: nothing is made into a string unless a rule
/// keeps it.
public struct RawNotice {
    public enum Kind: UInt8, Sendable {
        /// `warning:` (Postfix) lines that are not a reply.
        case warning
        /// `error:` (Postfix), a failed operation the daemon survives.
        case error
        /// `fatal:` (Postfix): the process gave up; its service is down until restarted.
        case fatal
        /// `panic:` (Postfix), Exim's panic log: an internal error.
        case panic
        /// A delivery that failed without a reply code.
        case undelivered
        /// A delivery deferred on an earlier attempt's verdict, no server asked.
        case cachedVerdict
    }

    /// What became of a message in a delivery line.
    public enum DeliveryStatus: UInt8, Sendable {
        case deferred, bounced, expired
    }

    public var kind: Kind
    public var status: DeliveryStatus?
    /// The reply a cached verdict repeats, when it names one (0: none).
    public var code = 0
    private var packedEnhanced = PackedRange.absent
    private var packedText = PackedRange.absent
    private var packedRecipient = PackedRange.absent
    private var packedSender = PackedRange.absent
    private var packedPeerName = PackedRange.absent
    private var packedPeerAddress = PackedRange.absent
    /// The destination domain or transport target (`relay=` in Postfix, the recipient's domain
    /// otherwise), for failures that no host answered.
    private var packedDestination = PackedRange.absent

    public init(kind: Kind, status: DeliveryStatus? = nil) {
        self.kind = kind
        self.status = status
    }

    /// The message of a system notice after its `warning: ` word, or the reason of a failure.
    public var text: Range<Int>? {
        @inline(__always) get { packedText.range }
        @inline(__always) set { packedText = PackedRange(newValue) }
    }
    public var enhanced: Range<Int>? {
        @inline(__always) get { packedEnhanced.range }
        @inline(__always) set { packedEnhanced = PackedRange(newValue) }
    }
    public var recipient: Range<Int>? {
        @inline(__always) get { packedRecipient.range }
        @inline(__always) set { packedRecipient = PackedRange(newValue) }
    }
    /// The envelope sender, for a message that expired with no recipient named.
    public var sender: Range<Int>? {
        @inline(__always) get { packedSender.range }
        @inline(__always) set { packedSender = PackedRange(newValue) }
    }
    public var peerName: Range<Int>? {
        @inline(__always) get { packedPeerName.range }
        @inline(__always) set { packedPeerName = PackedRange(newValue) }
    }
    public var peerAddress: Range<Int>? {
        @inline(__always) get { packedPeerAddress.range }
        @inline(__always) set { packedPeerAddress = PackedRange(newValue) }
    }
    public var destination: Range<Int>? {
        @inline(__always) get { packedDestination.range }
        @inline(__always) set { packedDestination = PackedRange(newValue) }
    }

    public var isSystemNotice: Bool { kind == .warning || kind == .error || kind == .fatal || kind == .panic }
}
