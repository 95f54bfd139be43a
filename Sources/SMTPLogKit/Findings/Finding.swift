/// One thing the administrator should know, with who, when, an example and what to do.
/// Findings are data: renderers decide how they read.
public struct Finding: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Clients failing to log in (530/535 sent).
        case authFailures = "auth_failures"
        /// One client failing at or above the run threshold within the window.
        case passwordGuessing = "password_guessing"
        /// Our relay host refusing our credentials (530/535 received): mail is not leaving.
        case relayHostAuth = "relay_host_auth"
        /// Clients refused relay: probes for an open relay, or clients that forgot to log in.
        case relayRefusals = "relay_refusals"
        /// Servers answering 551 User not local, usually with a forwarding address.
        case userNotLocal = "user_not_local"
        /// Many temporary failures from one destination.
        case deferrals
        /// 5.7.x refusals from one destination: SPF, DKIM, DMARC, blocklists.
        case policyBlocks = "policy_blocks"
        /// 5.1.1 bounces for one recipient domain.
        case invalidRecipients = "invalid_recipients"
        /// Our own temporary failures: 454 (auth service down), 451 (local problem).
        case localFailures = "local_failures"
    }

    /// A peer, user or domain named by a finding, with how often.
    public struct Entry: Sendable, Equatable, Encodable {
        public var name: String
        public var count: Int
    }

    public var kind: Kind
    public var severity: Severity
    public var direction: Direction
    public var code: Int
    public var statement: String
    public var count: Int
    public var peers: [Entry]
    public var users: [Entry]
    public var mechanisms: [Entry]
    public var domains: [Entry]
    /// Forwarding addresses a 551 named (`please try <x>`).
    public var addresses: [Entry]
    /// Occurrences of users, domains or addresses that the lists above do not show.
    public var namesHidden = 0
    public var first: LogTime?
    public var last: LogTime?
    public var examples: [LineExample]
    public var explanation: String
    public var fix: String

    /// snake_case, as every other key of the JSON report.
    enum CodingKeys: String, CodingKey {
        case kind, severity, direction, code, statement, count, peers, users, mechanisms, domains, addresses
        case namesHidden = "names_hidden"
        case first, last, examples, explanation, fix
    }
}
