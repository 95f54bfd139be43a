/// One `subject.detail` of the RFC 3463 / IANA registry, authored once and rendered for
/// whichever class a log line carries: `5.7.8` and `4.7.8` share their text, because servers
/// pick the class from the situation (a temporary or a permanent refusal), not from the
/// detail.
struct EnhancedStatusRecord: Sendable {
    let subject: Int
    let detail: Int
    let title: String
    let summary: String
    /// Class-neutral meaning; `classNote(for:)` adds what the class digit says.
    let meaning: String
    /// The classes the registry and real servers use this detail with. Other classes are
    /// still explained, with a note that the combination is unusual.
    let classes: [ReplyClass]
    /// Basic reply codes this detail usually travels with (`535` for `5.7.8`).
    let basicCodes: [Int]
    let inbound: DirectionalAdvice
    let outbound: DirectionalAdvice

    init(_ subject: Int, _ detail: Int, _ title: String, summary: String, meaning: String,
         classes: [ReplyClass], with basicCodes: [Int] = [],
         inbound: DirectionalAdvice, outbound: DirectionalAdvice) {
        self.subject = subject
        self.detail = detail
        self.title = title
        self.summary = summary
        self.meaning = meaning
        self.classes = classes
        self.basicCodes = basicCodes
        self.inbound = inbound
        self.outbound = outbound
    }

    /// `X.7.8`, the registry's own spelling.
    var registryCode: String { "X.\(subject).\(detail)" }

    func code(in replyClass: ReplyClass) -> String { "\(replyClass.rawValue).\(subject).\(detail)" }

    /// Every registry entry, ordered by subject then detail.
    static let all: [EnhancedStatusRecord] =
        (other + addressing + mailbox + mailSystem + network + mailProtocol + media + security)
            .sorted { ($0.subject, $0.detail) < ($1.subject, $1.detail) }
}

extension EnhancedStatusRecord {
    /// What the class digit adds to a class-neutral meaning. A detail sent with a class it
    /// is not normally used with is still explained, but the reader is told to trust the class.
    func classNote(for replyClass: ReplyClass) -> String {
        let written = code(in: replyClass)
        let consequence: String
        switch replyClass {
        case .positiveCompletion:
            consequence = "As \(written) it accompanies a success reply: the action was carried out."
        case .positiveIntermediate:
            consequence = "Class 3 is not an enhanced status class; read \(written) as an intermediate reply."
        case .transientNegative:
            consequence = "As \(written) the condition is temporary: the same command may succeed later, so a "
                + "sending server keeps the message queued and retries."
        case .permanentNegative:
            consequence = "As \(written) the failure is permanent: repeating the same command or message unchanged "
                + "will fail again, so a sending server gives up instead of retrying."
        }
        guard !classes.contains(replyClass) else { return consequence }
        let usual = classes.map { code(in: $0) }
        let listed = usual.count > 1 ? usual.dropLast().joined(separator: ", ") + " or " + usual[usual.count - 1]
                                     : usual.first ?? registryCode
        return "Servers normally send this detail as \(listed), so \(written) is an unusual combination; "
            + "the class digit decides how the sender treats it. " + consequence
    }
}
