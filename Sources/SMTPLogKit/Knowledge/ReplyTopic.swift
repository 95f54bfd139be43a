/// What a reply is about, read from its code, its enhanced code and its text together: the same
/// `550 5.7.1` is a blocklist in one reply and an unknown mailbox in another, and a finding
/// whose fix contradicts the reply it shows is worse than none.
///
/// Topics are data (`ReplyTopics.all`); `ReplyTopics.classify` picks one for a reply. Each has
/// a short phrase for a finding's statement, what it means, and what to do in each direction:
/// inbound, our server sent the reply; outbound, a server sent it to us.
public struct ReplyTopic: Sendable, Hashable {
    /// The kind of cause: it decides which finding a refusal belongs to.
    public enum Family: Sendable, Hashable {
        /// The recipient does not exist.
        case recipient
        /// Refused by policy: reputation, sender authentication, content, identity.
        case policy
        /// Relay refused.
        case relay
        /// A fault of the server that sent the reply (ours, when inbound): disk, tables,
        /// services it depends on, capacity.
        case fault
        /// The recipient's mailbox or the message: full, too big, busy.
        case mailbox
        /// Greylisting and rate limits: deliberate, temporary, retried.
        case pacing
        /// Logging in.
        case authentication
        /// Encryption.
        case tls
        /// Nothing more precise than the code says.
        case general
    }

    /// Stable name, as JSON's `topic` gives it.
    public let id: String
    public let family: Family
    /// A few words for a statement: "greylisting", "a blocklist or poor reputation".
    public let phrase: String
    public let explanation: String
    /// What to do when our server sent this reply.
    public let inboundFix: String
    /// What to do when a server sent it to us.
    public let outboundFix: String

    public func fix(_ direction: Direction) -> String {
        direction == .inbound ? inboundFix : outboundFix
    }

    /// Its place in `ReplyTopics.all`, for accumulators that count by topic in one byte.
    public var index: Int { ReplyTopics.indexByID[id]! }
}
