/// What a line says about the mail itself, beside any reply it carries: a message received, its
/// size, a delivery and its outcome, a message removed, a connection opened or closed. The
/// traffic summary (messages, bytes, domains, delays, sessions) is counted from these, as
/// pflogsumm and eximstats count them.
///
/// Byte ranges into the line, like `RawReplyEvent`: nothing becomes a string unless it is kept.
public struct TrafficFact {
    public enum Kind: UInt8, Sendable {
        /// A message entered the queue: Postfix smtpd `QID: client=`, pickup `QID: uid= from=`;
        /// Exim `<=` (which also gives its size and sender).
        case received
        /// Postfix qmgr `QID: from=<s>, size=N, nrcpt=M (queue active)`: logged again on every
        /// retry, so only the first one per message counts.
        case queueActive
        /// One recipient's delivery attempt and its outcome.
        case delivery
        /// Postfix `QID: removed`, Exim `Completed`: the message left the queue.
        case removed
        /// qmgr `status=expired, returned to sender`.
        case expired
        /// cleanup `hold:` and `discard:` actions.
        case held
        case discarded
        /// smtpd `connect from` and `disconnect from ... commands=`; Exim `SMTP connection from`.
        case connect
        case disconnect
        /// A warning, error, fatal error or panic of the mail system (`level`, `text`), every
        /// one of them, as pflogsumm lists them: the findings read the dangerous ones as notices.
        case systemMessage
    }

    /// How bad a system message is, in Postfix's words.
    public enum Level: UInt8, Sendable, CaseIterable, Comparable {
        case warning, error, fatal, panic

        public var name: String {
            switch self {
            case .warning: "warning"
            case .error: "error"
            case .fatal: "fatal"
            case .panic: "panic"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A delivery's outcome.
    public enum Outcome: UInt8, Sendable {
        case sent, deferred, bounced
        /// `sent`, forwarded to another address (local: `forwarded as QID`).
        case forwarded
    }

    public var kind: Kind
    public var outcome: Outcome = .sent
    public var level: Level = .warning
    /// The queue id (Postfix) or message id (Exim).
    private var packedID = PackedRange.absent
    private var packedSender = PackedRange.absent
    private var packedRecipient = PackedRange.absent
    /// The client (`host[addr]` address part) of a connection or a received message.
    private var packedClient = PackedRange.absent
    /// `ehlo=1 mail=1 rcpt=0/1 ...` of a disconnect line.
    private var packedCommands = PackedRange.absent
    /// The SASL user and method of a message submitted after a login (`sasl_username=`).
    private var packedSASLUser = PackedRange.absent
    /// The text of a system message, after its `warning: ` word.
    private var packedText = PackedRange.absent
    /// The process id that wrote a connection line (`123` of `postfix/smtpd[123]`), which joins
    /// a connection to its disconnection: one smtpd process serves one client at a time.
    private var packedProcess = PackedRange.absent
    /// Bytes (`size=`, Exim `S=`); -1 when the line gives none.
    public var size = -1
    /// Milliseconds the message had been queued at this delivery (`delay=`, Exim `QT=`); -1 for none.
    public var delayMillis = -1

    public init(kind: Kind) { self.kind = kind }

    public var id: Range<Int>? {
        @inline(__always) get { packedID.range }
        @inline(__always) set { packedID = PackedRange(newValue) }
    }
    public var sender: Range<Int>? {
        @inline(__always) get { packedSender.range }
        @inline(__always) set { packedSender = PackedRange(newValue) }
    }
    public var recipient: Range<Int>? {
        @inline(__always) get { packedRecipient.range }
        @inline(__always) set { packedRecipient = PackedRange(newValue) }
    }
    public var client: Range<Int>? {
        @inline(__always) get { packedClient.range }
        @inline(__always) set { packedClient = PackedRange(newValue) }
    }
    public var commands: Range<Int>? {
        @inline(__always) get { packedCommands.range }
        @inline(__always) set { packedCommands = PackedRange(newValue) }
    }
    public var saslUser: Range<Int>? {
        @inline(__always) get { packedSASLUser.range }
        @inline(__always) set { packedSASLUser = PackedRange(newValue) }
    }
    public var text: Range<Int>? {
        @inline(__always) get { packedText.range }
        @inline(__always) set { packedText = PackedRange(newValue) }
    }
    public var process: Range<Int>? {
        @inline(__always) get { packedProcess.range }
        @inline(__always) set { packedProcess = PackedRange(newValue) }
    }

    static func systemMessage(_ level: Level, text: Range<Int>) -> TrafficFact {
        var fact = TrafficFact(kind: .systemMessage)
        fact.level = level
        fact.text = text
        return fact
    }
}
