/// A basic reply code as the tables author it. Kept apart from `KnowledgeEntry` so the
/// tables stay plain data and the public type can be built the same way for basic and
/// enhanced codes.
struct ReplyCodeRecord: Sendable {
    let code: Int
    let title: String
    let summary: String
    let meaning: String
    let inbound: DirectionalAdvice
    let outbound: DirectionalAdvice

    init(_ code: Int, _ title: String, summary: String, meaning: String,
         inbound: DirectionalAdvice, outbound: DirectionalAdvice) {
        self.code = code
        self.title = title
        self.summary = summary
        self.meaning = meaning
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Every basic code, in the order the tables list them.
    static let all: [ReplyCodeRecord] = positive + transient + permanent
}
