/// The SMTP reply knowledge base, compiled into the binary so `explain` works on a server
/// with nothing but the executable. All of it is immutable data built once on first use.
public enum KnowledgeBase {
    private struct EnhancedKey: Hashable {
        let subject: Int
        let detail: Int
    }

    private static let replyIndex: [Int: ReplyCodeRecord] =
        Dictionary(ReplyCodeRecord.all.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    private static let enhancedIndex: [EnhancedKey: EnhancedStatusRecord] =
        Dictionary(EnhancedStatusRecord.all.map { (EnhancedKey(subject: $0.subject, detail: $0.detail), $0) },
                   uniquingKeysWith: { first, _ in first })

    /// For each basic code, the enhanced codes that name it as a companion; derived from the
    /// enhanced table so the relation is written down once.
    private static let companions: [Int: [String]] = {
        var result: [Int: [String]] = [:]
        for record in EnhancedStatusRecord.all {
            for basic in record.basicCodes {
                guard let replyClass = ReplyClass(code: basic) else { continue }
                result[basic, default: []].append(record.code(in: replyClass))
            }
        }
        return result
    }()

    /// Checks only the form, so that a caller can tell a typo (`5x5`, thrown as `.malformed`)
    /// from a real but unregistered code (`5.7.606`, returned and then not found).
    public static func parse(_ text: String) throws(KnowledgeError) -> CodeQuery {
        try CodeQuery(parsing: text)
    }

    /// Accepts whatever a log line or a user wrote (`535`, `5.7.8`, `4.7.8`) for callers that only
    /// want an entry if there is one, such as a findings table; `entry(for:)` says why not.
    public static func lookup(_ code: String) -> KnowledgeEntry? {
        guard let query = try? parse(code) else { return nil }
        return lookup(query)
    }

    /// For callers that parsed first and want to report malformed and unknown codes differently.
    public static func lookup(_ query: CodeQuery) -> KnowledgeEntry? {
        switch query {
        case .reply(let code):
            return replyIndex[code].map { KnowledgeEntry($0, related: companions[code] ?? []) }
        case .enhanced(let replyClass, let subject, let detail):
            return enhancedIndex[EnhancedKey(subject: subject, detail: detail)].map {
                KnowledgeEntry($0, replyClass: replyClass)
            }
        }
    }

    /// For `explain`, which must tell the user why there is nothing to show: malformed text, or
    /// a well-formed code the knowledge base does not hold.
    public static func entry(for code: String) throws(KnowledgeError) -> KnowledgeEntry {
        let query = try parse(code)
        guard let entry = lookup(query) else { throw .unknown(query) }
        return entry
    }

    /// Every basic reply code, `211` … `556`, in numeric order so listings read like the RFC.
    public static var allReplyCodes: [String] { ReplyCodeRecord.all.map(\.code).sorted().map(String.init) }

    /// Every enhanced status code in the registry's own class-free spelling, `X.0.0` …
    /// `X.7.30`: each detail is stored once whatever its class. Numeric order, so `X.7.9`
    /// comes before `X.7.10` as in the IANA table.
    public static var allEnhancedCodes: [String] { EnhancedStatusRecord.all.map(\.registryCode) }

    /// The classes an enhanced code is normally sent with, since the registry spelling `X.7.8`
    /// hides them; empty for codes the registry does not hold.
    public static func usualClasses(ofEnhanced registryCode: String) -> [ReplyClass] {
        EnhancedStatusRecord.all.first { $0.registryCode == registryCode }?.classes ?? []
    }

    /// One entry per basic code, in numeric order, for tables that show every code.
    public static var replyEntries: [KnowledgeEntry] { allReplyCodes.compactMap { lookup($0) } }

    /// One entry per enhanced code. A listing needs one concrete class per detail; the most
    /// severe usual one (`5.7.8`, `2.1.5`, `4.7.12`) is the one worth reading about.
    public static var enhancedEntries: [KnowledgeEntry] {
        EnhancedStatusRecord.all.map { KnowledgeEntry($0, replyClass: $0.classes.max() ?? .permanentNegative) }
    }
}
