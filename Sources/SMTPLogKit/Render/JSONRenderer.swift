// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `--format json` renderer.
public struct JSONRenderer: ReportRenderer {
    public init() {}

    /// Sorted keys and no escaped slashes: byte-for-byte stable for golden files and diffs.
    /// Written by `JSONWriter`, which gives `JSONEncoder`'s bytes at a fraction of its cost.
    public func render(_ model: ReportModel) throws -> String {
        try JSONWriter.document(JSONReport(model))
    }
}

/// The `--format json` document. Its figures use the meanings of gen-maillog's truth file, so
/// that the two compare key for key; keys are sorted and the schema is versioned.
struct JSONReport: Encodable {
    static let schema = "smtplog.report/3"

    struct Tally: Encodable {
        var inbound: Int
        var outbound: Int
        var inbound_by_client: [String: Int]
        var outbound_by_server: [String: Int]
        var by_code: [String: Int]?
        var clients_cut: Int?
        var servers_cut: Int?
    }
    struct Peer: Encodable { var peer: String; var count: Int }
    struct Lines: Encodable {
        var read, events, understood, not_understood, other_programs, unrecognized, continuation, oversized, blank: Int
        var outside_window: Int
        /// Left out by the filters: present when the run had any.
        var filtered: Int?
    }
    /// What the filters left out: every list (empty when not given), and the lines.
    struct Filters: Encodable {
        var exclude_clients, only_clients, exclude_domains, only_domains, exclude_users: [String]
        var lines: Int
    }
    struct Window: Encodable {
        var start: LogTime?
        var end: LogTime?
    }
    struct Span: Encodable {
        var first: LogTime
        var last: LogTime
    }
    struct Input: Encodable {
        var file: String
        var compressed: Bool
        /// gzip, xz, bzip2 or zstd; absent for plain text.
        var compression: String?
        var bytes: Int
        var lines: Int
        var events: Int
        var error: String?
        /// Present when the input was not read because it lies wholly outside the window.
        var skipped_span: Span?
    }
    struct Detail: Encodable {
        var code: Int
        var direction: Direction
        var count: Int
        var first: LogTime?
        var last: LogTime?
        var examples: [LineExample]
    }

    var schema = JSONReport.schema
    var lines: Int
    var events: Int
    var codes: [String: Int]
    var classes: [String: Int]
    var implied_codes: [String: Int]
    var written_codes: [String: Int]
    var enhanced_codes: [String: Int]
    var directions: [String: Int]
    var codes_by_direction: [String: [String: Int]]
    var by_day: [String: [String: Int]]
    var by_hour: [String: [String: Int]]
    var top_peers: [String: [Peer]]
    var auth_failures: Tally
    var relay_refusals: Tally
    var auth_users: [String: Int]
    var auth_mechanisms: [String: Int]
    var relay_domains: [String: Int]
    var replies: [Detail]
    var line_counts: Lines
    var not_understood_examples: [LineExample]
    var other_programs: [String: Int]
    var inputs: [Input]
    var first: LogTime?
    var last: LogTime?
    var findings: [JSONFinding]
    /// `--day`/`--since`/`--until`: start inclusive, end exclusive, in the log's own time.
    var window: Window?
    /// The newest stamped line of any kind, inside the window or not.
    var newest_line: LogTime?
    var messages: JSONMessages
    var sessions: JSONSessions
    var system_messages: JSONSystemMessages
    /// `--exclude-client`, `--only-domain`, … and the configuration's `filters:`; absent without.
    var filters: Filters?
    /// The host a run read the logs of (`--host`); absent in a merge, which has `hosts`.
    var host: String?
    /// Each host's own figures: the run's host, or every host of a merge.
    var hosts: [HostFigures]?
    /// Everything `smtplog merge` needs: the summary and the rules' accumulators (see
    /// `MergePayload`); absent when no host is named.
    var merge: MergePayload?

    init(_ model: ReportModel) {
        let report = model.report
        findings = model.findings.map(JSONFinding.init)
        let s = report.summary
        func keyed(_ dictionary: [Int: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: dictionary.map { ("\($0.key)", $0.value) })
        }
        lines = s.lines.read
        events = s.lines.events
        codes = Dictionary(uniqueKeysWithValues: s.codes.map { ("\($0.key)", $0.value.total) })
        var classes: [String: Int] = [:]
        for (code, tally) in s.codes { classes["\(code / 100)xx", default: 0] += tally.total }
        self.classes = classes
        implied_codes = Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.implied > 0 }.map { ("\($0.key)", $0.value.implied) })
        written_codes = Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.total > $0.value.implied }
            .map { ("\($0.key)", $0.value.total - $0.value.implied) })
        enhanced_codes = Dictionary(uniqueKeysWithValues: s.enhanced.map { ($0.key.description, $0.value) })
        directions = [
            "inbound": s.codes.values.reduce(0) { $0 + $1.inbound },
            "outbound": s.codes.values.reduce(0) { $0 + $1.outbound },
        ]
        codes_by_direction = [
            "inbound": Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.inbound > 0 }.map { ("\($0.key)", $0.value.inbound) }),
            "outbound": Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.outbound > 0 }.map { ("\($0.key)", $0.value.outbound) }),
        ]
        var byDay: [String: [String: Int]] = [:]
        for (day, codes) in s.byDay {
            byDay[day.description] = Dictionary(uniqueKeysWithValues: codes.map { ("\($0.key)", $0.value) })
        }
        by_day = byDay
        var byHour: [String: [String: Int]] = [:]
        for (hour, tally) in s.byHour {
            var row: [String: Int] = [:]
            for replyClass in ReplyClass.allCases where tally[replyClass] > 0 { row[replyClass.description] = tally[replyClass] }
            byHour[hour.description] = row
        }
        by_hour = byHour
        var topPeers: [String: [Peer]] = [:]
        for (replyClass, counts) in s.peers {
            topPeers[replyClass.description] = counts.top(report.top).map { Peer(peer: $0.key, count: $0.count) }
        }
        top_peers = topPeers
        auth_failures = Tally(s.authFailures)
        relay_refusals = Tally(s.relayRefusals)
        auth_users = s.authUsers.counts
        auth_mechanisms = s.authMechanisms.counts
        relay_domains = s.relayDomains.counts
        replies = s.details.sorted { $0.key < $1.key }.map { key, detail in
            Detail(code: key.code, direction: key.direction, count: detail.count,
                   first: detail.first, last: detail.last, examples: detail.examples)
        }
        let l = s.lines
        line_counts = Lines(read: l.read, events: l.events, understood: l.understood, not_understood: l.notUnderstood,
                            other_programs: l.otherPrograms, unrecognized: l.unrecognized, continuation: l.continuation,
                            oversized: l.oversized, blank: l.blank, outside_window: l.outsideWindow,
                            filtered: report.filter == nil ? nil : l.filtered)
        not_understood_examples = s.notUnderstoodExamples
        other_programs = s.otherPrograms.counts
        inputs = report.inputs.map {
            Input(file: $0.name.description, compressed: $0.isCompressed, compression: $0.compression?.rawValue, bytes: $0.bytesRead,
                  lines: $0.summary.lines.read, events: $0.summary.lines.events, error: $0.error?.message,
                  skipped_span: $0.skippedSpan.map { Span(first: $0.first, last: $0.last) })
        }
        window = report.window.map { Window(start: $0.start, end: $0.end) }
        first = s.first
        last = s.last
        newest_line = s.newestLine
        messages = JSONMessages(s.traffic.messages, top: report.top)
        sessions = JSONSessions(s.traffic.sessions, top: report.top)
        system_messages = JSONSystemMessages(s.traffic.systemMessages, top: report.top)
        host = report.isMerge ? nil : report.hosts.first?.host
        hosts = report.hosts.isEmpty ? nil : report.hosts
        merge = report.payload
        filters = report.filter.map {
            Filters(exclude_clients: $0.excludeClients.map(\.description), only_clients: $0.onlyClients.map(\.description),
                    exclude_domains: $0.excludeDomains, only_domains: $0.onlyDomains, exclude_users: $0.excludeUsers,
                    lines: l.filtered)
        }
    }
}

extension JSONReport.Tally {
    init(_ counts: DirectionalCounts) {
        func keyed(_ dictionary: [Int: Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: dictionary.map { ("\($0.key)", $0.value) })
        }
        self.init(inbound: counts.inbound, outbound: counts.outbound, inbound_by_client: counts.clientsByName,
                  outbound_by_server: counts.serversByName, by_code: keyed(counts.byCode),
                  clients_cut: counts.clientsCut, servers_cut: counts.serversCut)
    }
}

/// A finding in JSON: the keys of schema 1 (`kind`, `severity`, `code`, `direction`,
/// `statement`, `peers`, `examples`, `explanation`, `fix`), plus a list per subject role.
struct JSONFinding: Encodable {
    struct Entry: Encodable {
        var name: String
        var count: Int
    }

    var kind: String
    var severity: Severity
    var direction: Direction
    var code: Int?
    var enhanced: String?
    var topic: String?
    var statement: String
    var count: Int
    var peers: [Entry]
    var clients, networks, servers, destinations, senders, domains, users, mechanisms, addresses, programs, inputs, hours: [Entry]?
    /// Occurrences each list leaves out, by role (`{"users": 4990}`), when any.
    var hidden: [String: Int]?
    /// Occurrences the lists other than `peers` leave out, as schema 1 counted them.
    var names_hidden: Int
    var held_back: Int
    var first: LogTime?
    var last: LogTime?
    var examples: [LineExample]
    var explanation: String
    var fix: String

    init(_ finding: Finding) {
        func entries(_ role: Finding.Role) -> [Entry]? {
            finding.subjects[role].map { $0.entries.map { Entry(name: $0.name, count: $0.count) } }
        }
        kind = finding.kind.rawValue
        severity = finding.severity
        direction = finding.direction
        code = finding.code
        enhanced = finding.enhanced?.description
        topic = finding.topic
        statement = finding.statement
        count = finding.count
        peers = entries(finding.primary) ?? []
        clients = entries(.clients)
        networks = entries(.networks)
        servers = entries(.servers)
        destinations = entries(.destinations)
        senders = entries(.senders)
        domains = entries(.domains)
        users = entries(.users)
        mechanisms = entries(.mechanisms)
        addresses = entries(.addresses)
        programs = entries(.programs)
        inputs = entries(.inputs)
        hours = entries(.hours)
        var hidden: [String: Int] = [:]
        for (role, list) in finding.subjects where list.hidden > 0 { hidden[role.rawValue] = list.hidden }
        self.hidden = hidden.isEmpty ? nil : hidden
        names_hidden = finding.subjects.filter { $0.key != finding.primary && $0.key != .mechanisms }
            .reduce(0) { $0 + $1.value.hidden }
        held_back = finding.heldBack
        first = finding.first
        last = finding.last
        examples = finding.examples
        explanation = finding.explanation
        fix = finding.fix
    }
}
