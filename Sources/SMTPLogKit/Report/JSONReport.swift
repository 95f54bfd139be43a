import Foundation

/// The `--format json` document. Its figures use the meanings of gen-maillog's truth file, so
/// that the two compare key for key; keys are sorted and the schema is versioned.
public struct JSONReport: Encodable {
    public static let schema = "smtplog.report/1"

    struct Tally: Encodable {
        var inbound: Int
        var outbound: Int
        var inbound_by_client: [String: Int]
        var outbound_by_server: [String: Int]
        var by_code: [String: Int]?
        var clients_cut: Int?
    }
    struct Peer: Encodable { var peer: String; var count: Int }
    struct Lines: Encodable {
        var read, events, understood, not_understood, other_programs, unrecognized, continuation, oversized, blank: Int
        var outside_window: Int
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
    var findings: [Finding]
    /// `--day`/`--since`/`--until`: start inclusive, end exclusive, in the log's own time.
    var window: Window?

    public init(_ report: Report) {
        findings = report.findings
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
        enhanced_codes = s.enhanced.counts
        directions = [
            "inbound": s.codes.values.reduce(0) { $0 + $1.inbound },
            "outbound": s.codes.values.reduce(0) { $0 + $1.outbound },
        ]
        codes_by_direction = [
            "inbound": Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.inbound > 0 }.map { ("\($0.key)", $0.value.inbound) }),
            "outbound": Dictionary(uniqueKeysWithValues: s.codes.filter { $0.value.outbound > 0 }.map { ("\($0.key)", $0.value.outbound) }),
        ]
        var byDay: [String: [String: Int]] = [:]
        for (key, count) in s.dayCodes {
            byDay[LogTime.dayString(key / 1000), default: [:]]["\(key % 1000)"] = count
        }
        by_day = byDay
        var byHour: [String: [String: Int]] = [:]
        for (key, tally) in s.hours {
            var row: [String: Int] = [:]
            for replyClass in ReplyClass.allCases where tally[replyClass] > 0 { row[replyClass.description] = tally[replyClass] }
            byHour[LogTime.hourString(key)] = row
        }
        by_hour = byHour
        var topPeers: [String: [Peer]] = [:]
        for (replyClass, counts) in s.peers {
            topPeers["\(replyClass)xx"] = counts.top(report.top).map { Peer(peer: $0.key, count: $0.count) }
        }
        top_peers = topPeers
        auth_failures = Tally(inbound: s.authFailures.inbound, outbound: s.authFailures.outbound,
                              inbound_by_client: s.authFailures.byClient,
                              outbound_by_server: s.authFailures.byServer,
                              by_code: keyed(s.authFailures.byCode),
                              clients_cut: s.authFailures.clients.isTruncated ? s.authFailures.clients.otherEvents : nil)
        relay_refusals = Tally(inbound: s.relayRefusals.inbound, outbound: s.relayRefusals.outbound,
                               inbound_by_client: s.relayRefusals.byClient,
                               outbound_by_server: s.relayRefusals.byServer,
                               by_code: keyed(s.relayRefusals.byCode),
                               clients_cut: s.relayRefusals.clients.isTruncated ? s.relayRefusals.clients.otherEvents : nil)
        auth_users = s.authUsers.counts
        auth_mechanisms = s.authMechanisms.counts
        relay_domains = s.relayDomains.counts
        replies = s.details.sorted { $0.key < $1.key }.map { key, detail in
            Detail(code: key / 2, direction: key % 2 == 0 ? .inbound : .outbound, count: detail.count,
                   first: detail.first, last: detail.last, examples: detail.examples)
        }
        let l = s.lines
        line_counts = Lines(read: l.read, events: l.events, understood: l.understood, not_understood: l.notUnderstood,
                            other_programs: l.otherPrograms, unrecognized: l.unrecognized, continuation: l.continuation,
                            oversized: l.oversized, blank: l.blank, outside_window: l.outsideWindow)
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
    }

    /// Sorted keys and no escaped slashes: byte-for-byte stable for golden files and diffs.
    public func rendered() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
