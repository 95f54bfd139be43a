/// One host's own figures, kept by name in its JSON and in every merge it goes into, so that a
/// merged report can show each host beside the sum, and the rule about a log that stopped can
/// look at each host's log (the sum of a live host and a dead one is not a quiet day).
public struct HostFigures: Sendable, Equatable, Codable {
    /// `--host`, the machine's host name by default.
    public var host: String
    /// Inputs the host's run read, and their bytes (decompressed).
    public var inputs: Int
    public var bytes: Int
    /// Inputs that could not be read or were damaged.
    public var errors: Int
    public var lines: LineTally
    public var replies: Int
    /// Replies our server sent, and replies it received from other servers.
    public var inbound: Int
    public var outbound: Int
    public var messagesReceived: Int
    public var messagesDelivered: Int
    public var connections: Int
    public var findings: Int
    public var first: LogTime?
    public var last: LogTime?
    /// The newest stamped line the host's logs hold, inside the window or not, inputs skipped
    /// for lying outside it included.
    public var newest: LogTime?
    /// The host's window (`--day`, `--since`, `--until`); nil: its whole logs.
    public var windowStart: LogTime?
    public var windowEnd: LogTime?

    enum CodingKeys: String, CodingKey {
        case host, inputs, bytes, errors, lines, replies, inbound, outbound, connections, findings, first, last, newest
        case messagesReceived = "messages_received", messagesDelivered = "messages_delivered"
        case windowStart = "window_start", windowEnd = "window_end"
    }

    /// The longest host name taken: a DNS name has at most 253 characters.
    public static let nameLimit = 253

    /// Whether `name` can name a host: 1 to 253 printable characters, no space or control
    /// character (it is shown in every format, and compared byte for byte).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= nameLimit
            && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
            && DisplayText.escaped(name) == name
    }

    /// The figures of one run.
    public init(host: String, report: Report) {
        self.host = host
        let s = report.summary
        inputs = report.inputs.count
        bytes = report.inputs.reduce(0) { $0 + $1.bytesRead }
        errors = report.errors.count
        lines = s.lines
        replies = s.events
        let tallies = s.codes.values
        inbound = tallies.reduce(0) { $0 + $1.inbound }
        outbound = tallies.reduce(0) { $0 + $1.outbound }
        messagesReceived = s.traffic.messages.counts.received
        messagesDelivered = s.traffic.messages.counts.delivered
        connections = s.traffic.sessions.connections
        findings = report.findings.count
        first = s.first
        last = s.last
        newest = ([s.newestLine] + report.inputs.map { $0.skippedSpan?.last }).compactMap { $0 }.max()
        windowStart = report.window?.start
        windowEnd = report.window?.end
    }
}
