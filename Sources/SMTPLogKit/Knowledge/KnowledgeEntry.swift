/// Everything the knowledge base says about one code, in the class the caller asked for.
///
/// Basic reply codes (`535`) and enhanced status codes (`5.7.8`) share this one type so that
/// `explain`, comparisons and findings tables can treat any code a log line carries alike.
public struct KnowledgeEntry: Sendable, Hashable {
    /// Which numbering the code belongs to; decides how it is written and which RFC governs it.
    public enum Kind: String, Sendable, Hashable {
        /// A three-digit reply code of RFC 5321 or one of its extensions.
        case replyCode
        /// An RFC 3463 `class.subject.detail` code from the IANA registry.
        case enhancedStatus
    }

    /// `535` or `5.7.8`, exactly as a server writes it.
    public let code: String
    public let kind: Kind
    public let replyClass: ReplyClass
    public let title: String
    /// One line for a findings table; no final period.
    public let summary: String
    public let meaning: String
    /// Codes that usually travel with this one (`5.7.8` for `535`, and back), for "see also".
    public let related: [String]
    let inbound: DirectionalAdvice
    let outbound: DirectionalAdvice

    /// When an administrator meets this code in a log, for replies our server sent (inbound)
    /// or replies a remote server sent us (outbound).
    public func whenSeen(_ direction: Direction) -> String { advice(direction).whenSeen }

    /// What to do about it in that direction.
    public func fix(_ direction: Direction) -> String { advice(direction).fix }

    private func advice(_ direction: Direction) -> DirectionalAdvice {
        switch direction {
        case .inbound: inbound
        case .outbound: outbound
        }
    }

    init(_ record: ReplyCodeRecord, related: [String]) {
        code = String(record.code)
        kind = .replyCode
        // The tables only hold codes whose first digit is 2 to 5; the coverage tests check it.
        replyClass = ReplyClass(code: record.code) ?? .permanentNegative
        title = record.title
        summary = record.summary
        meaning = record.meaning
        self.related = related
        inbound = record.inbound
        outbound = record.outbound
    }

    init(_ record: EnhancedStatusRecord, replyClass: ReplyClass) {
        code = record.code(in: replyClass)
        kind = .enhancedStatus
        self.replyClass = replyClass
        title = record.title
        summary = record.summary
        meaning = record.meaning + " " + record.classNote(for: replyClass)
        related = record.basicCodes.filter { $0 / 100 == replyClass.rawValue }.map(String.init)
        inbound = record.inbound
        outbound = record.outbound
    }
}
