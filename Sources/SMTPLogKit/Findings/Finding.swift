/// One thing the administrator should know: what happened, to or from whom, when, the lines
/// that show it, what it means and what to do. Findings are data; renderers decide how they
/// read.
///
/// A finding is true to its lines: its statement and fix come from the code, the enhanced code
/// and the reply text together (`ReplyTopic`), every example is a line of one of the subjects
/// it names, and every list of names is most frequent first, with counts and how much it
/// leaves out.
public struct Finding: Sendable, Equatable {
    /// What kind of finding this is, as the JSON `kind` and `--fail-on` readers know it. Each
    /// rule declares its own kinds (`extension Finding.Kind { static let … }` in its file).
    public struct Kind: RawRepresentable, Hashable, Comparable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Who or what a list names: the subjects of a finding have roles.
    public enum Role: String, Sendable, CaseIterable, Comparable {
        case clients, networks, servers, destinations, senders, domains, users, mechanisms, addresses, programs, inputs
        /// Hours of the log (`2026-11-29T10:00:00`), for findings about how much was sent in one.
        case hours

        /// The order lists are shown in.
        public static func < (lhs: Role, rhs: Role) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A name with how often it came.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var count: Int
        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// The names of one role, most frequent first, and what the list does not show.
    public struct NameList: Sendable, Equatable {
        public var entries: [Entry]
        /// Occurrences (events) of names the list leaves out: listed plus hidden is the total.
        public var hidden: Int
        /// Distinct names in all, when known; more than `entries.count` when the list was cut.
        public var distinct: Int

        public init(entries: [Entry], hidden: Int = 0, distinct: Int? = nil) {
            self.entries = entries
            self.hidden = hidden
            self.distinct = distinct ?? entries.count
        }

        public var isEmpty: Bool { entries.isEmpty }
    }

    public var kind: Kind
    public var severity: Severity
    public var direction: Direction
    /// The reply code most of its events carried; nil for findings about lines with no reply.
    public var code: Int?
    public var enhanced: EnhancedCode?
    /// What the replies said, read from their code, enhanced code and text (`greylisting`,
    /// `blocklist`, `storage`); nil when the finding is not about replies.
    public var topic: String?
    public var statement: String
    /// The events (lines) the finding stands on.
    public var count: Int
    /// The role its subjects play: `peers` in JSON, the first list in text.
    public var primary: Role
    public var subjects: [Role: NameList]
    /// Messages held back: deliveries Postfix deferred on the verdict this finding is about,
    /// without asking the server again (`delivery temporarily suspended`).
    public var heldBack: Int
    public var first: LogTime?
    public var last: LogTime?
    /// Lines of the subjects named, most counted subject first.
    public var examples: [LineExample]
    public var explanation: String
    public var fix: String

    public init(kind: Kind, severity: Severity, direction: Direction, code: Int?, enhanced: EnhancedCode? = nil,
                topic: String? = nil, statement: String, count: Int, primary: Role,
                subjects: [Role: NameList] = [:], heldBack: Int = 0, first: LogTime? = nil, last: LogTime? = nil,
                examples: [LineExample] = [], explanation: String, fix: String) {
        self.kind = kind
        self.severity = severity
        self.direction = direction
        self.code = code
        self.enhanced = enhanced
        self.topic = topic
        self.statement = statement
        self.count = count
        self.primary = primary
        self.subjects = subjects
        self.heldBack = heldBack
        self.first = first
        self.last = last
        self.examples = examples
        self.explanation = explanation
        self.fix = fix
    }

    /// The subjects the finding is about (`peers`).
    public var peers: NameList { subjects[primary] ?? NameList(entries: []) }

    /// The lists in the order they are shown, the primary one first.
    public var orderedSubjects: [(role: Role, list: NameList)] {
        var roles = subjects.keys.filter { $0 != primary }.sorted()
        if subjects[primary] != nil { roles.insert(primary, at: 0) }
        return roles.compactMap { role in subjects[role].flatMap { $0.isEmpty ? nil : (role, $0) } }
    }

    /// Most severe first; then the most events; then by kind and statement, so that the order
    /// never depends on anything but the findings themselves.
    public static func ranksBefore(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.count != b.count { return a.count > b.count }
        if a.kind != b.kind { return a.kind < b.kind }
        return a.statement < b.statement
    }
}
