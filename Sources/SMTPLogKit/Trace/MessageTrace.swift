/// One message's path through the mail system, as `smtplog trace` shows it: how it arrived,
/// every line that moved it on (a content filter's hop, each delivery attempt with the reply
/// and what the knowledge base says of it), and how it ended.
///
/// Every text field was made from log bytes by `LogText.key` (bounded, invalid bytes as
/// `\xNN`) and is escaped again by the renderers: a stranger wrote the addresses and replies.
public struct MessageTrace: Sendable, Equatable {
    /// Where the message's trace stands at the end of the input.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Every recipient's last attempt was delivered (or forwarded).
        case sent
        /// At least one recipient was bounced (a permanent failure): a notice went to the sender.
        case bounced
        /// The last attempt of some recipient was deferred and nothing later was read: the
        /// message is still queued as far as the log tells.
        case deferred
        /// Postfix `status=expired, returned to sender`: it stayed queued too long.
        case expired
        /// A content filter took it and handed it on as a new message (see `handedTo`).
        case handedOn = "handed-on"
        /// Taken off the queue without a delivery read for it (`postsuper -d`, a discard, a
        /// delivery that happened before the log began).
        case removed
        /// Held by a `hold:` action: it waits in the hold queue for the administrator.
        case held
        /// Refused by our server after its queue id was given (a `reject:` at DATA, a milter).
        case rejected
        /// Nothing after its arrival was read: still in the queue, or the log ends early.
        case queued
    }

    /// Where a line was read: the input's name and the line's number in it.
    public struct Source: Sendable, Equatable, Codable {
        public var input: String
        public var line: Int
    }

    public struct Arrival: Sendable, Equatable {
        public var time: LogTime?
        public var sender: String?
        /// The client's name and address (`mail.example.net`, `198.51.100.23`); `local` for
        /// pickup (a message submitted on the machine itself).
        public var clientName: String?
        public var clientAddress: String?
        /// `sasl_username=` (Postfix) or the user of Exim's `A=authenticator:user`.
        public var authenticatedAs: String?
        /// Bytes, from qmgr's `size=` or Exim's `S=`.
        public var size: Int?
        /// Recipients as qmgr counts them (`nrcpt=`).
        public var recipientCount: Int?
        public var source: Source?
    }

    /// One thing that happened to the message, in log order.
    public struct Step: Sendable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// A delivery attempt to one recipient, with its outcome.
            case delivery
            /// A server's reply on the way to a delivery, with no status of its own (Postfix
            /// `host X said: 450 ...` from one MX before the next one took the message).
            case reply
            /// Delivered to a content filter that queued it again as `handedTo`.
            case filter
            /// A bounce or delay notice sent to the sender as a new message.
            case notice
            case expired, removed, held, discarded, rejected
        }
        public enum Outcome: String, Sendable, Codable {
            case sent, deferred, bounced, forwarded
        }

        public var kind: Kind
        public var time: LogTime?
        public var outcome: Outcome?
        public var recipient: String?
        /// `relay=` (Postfix) or Exim's `H=host [ip]`, or the router/transport of a local delivery.
        public var relay: String?
        public var code: Int?
        /// The enhanced code of the reply itself (`550 5.1.1 ...`), beside `code`.
        public var enhanced: String?
        /// Postfix's own verdict (`dsn=4.4.1`): there also when no server answered, and it may
        /// differ from the reply's (a `535 5.7.8` from a relay host is deferred as `4.7.8`).
        public var dsn: String?
        /// The reply or reason as written (the part in parentheses after `status=`).
        public var text: String?
        /// One line from the knowledge base about the reply's enhanced code, else its basic
        /// code, else the `dsn=`.
        public var explanation: String?
        /// Milliseconds since arrival, as the line says (`delay=`, Exim `QT=`).
        public var delayMillis: Int?
        /// The queue id this step handed the message on to (a filter hop, a notice).
        public var handedTo: String?
        public var source: Source?
    }

    /// The queue id (Postfix) or message id (Exim).
    public var queueID: String
    /// The `Message-ID:` header (without its angle brackets), where the log names it.
    public var messageID: String?
    public var arrival: Arrival
    public var steps: [Step] = []
    /// Steps beyond the cap on steps kept per message: counted, not shown.
    public var stepsNotShown = 0
    /// Delivery lines of this message read before it was selected (a recipient query selects a
    /// message on the first line that names the recipient): counted, not shown.
    public var earlierDeliveriesNotShown = 0
    /// The queue id this message came from, when a filter or a notice made it.
    public var cameFrom: String?
    /// The queue ids it was handed on to (a filter hop, a bounce notice).
    public var handedTo: [String] = []
    /// Which criterion selected it (`id`, `message-id`, `from`, `to`, `hop`, `notice`).
    public var selectedBy: String
    public var firstTime: LogTime?
    public var lastTime: LogTime?
    /// Whether the log says the message left the queue (`removed`, Exim `Completed`).
    public var leftQueue = false

    public init(queueID: String, selectedBy: String) {
        self.queueID = queueID
        self.selectedBy = selectedBy
        arrival = Arrival()
    }

    /// The end of the story as the log tells it: the last attempt of each recipient decides.
    public var status: Status {
        if steps.contains(where: { $0.kind == .expired }) { return .expired }
        if steps.contains(where: { $0.kind == .filter }) { return .handedOn }
        var last: [String: Step.Outcome] = [:]
        for step in steps where step.kind == .delivery {
            if let outcome = step.outcome { last[step.recipient ?? ""] = outcome }
        }
        if last.values.contains(.bounced) { return .bounced }
        if last.values.contains(.deferred) { return leftQueue ? .removed : .deferred }
        if !last.isEmpty { return .sent }
        // A `reject: RCPT` of one recipient after others were taken is a step, not the end.
        if steps.contains(where: { $0.kind == .rejected }) { return .rejected }
        if steps.contains(where: { $0.kind == .held }) && !leftQueue { return .held }
        if leftQueue || steps.contains(where: { $0.kind == .discarded }) { return .removed }
        return .queued
    }

    /// How long the message was in the queue: the longest `delay=`/`QT=` a delivery line gives
    /// (the mail system's own figure, from arrival), else from the first line to the last.
    public var totalDelayMillis: Int? {
        let written = steps.compactMap(\.delayMillis).max()
        if let written { return written }
        guard let first = firstTime, let last = lastTime, last >= first else { return nil }
        return (last.epochSeconds - first.epochSeconds) * 1000
    }
}
