/// What `--format prometheus` exports, and from which figures of a `Report`: the metric
/// families, the counters a run adds, and the series a `--state` may carry totals for.
///
/// Every label comes from a bounded set (codes, classes, directions, line kinds, finding kinds
/// and severities), never from log text: a peer, user or domain as a label would make one
/// series per spammer, which no time-series database is meant to hold. Everything comes from
/// the `Report` alone (its merged summary, findings and inputs), so a report merged from
/// several hosts renders the same way as one run.
public enum PrometheusMetrics {
    public enum MetricType: String, Sendable {
        case counter, gauge
    }

    /// One metric family: its name (Prometheus' conventions: `smtplog_` prefix, snake case,
    /// base units as suffixes, `_total` for counters), type and help text.
    public struct Family: Sendable, Hashable {
        public let name: String
        public let type: MetricType
        public let help: String
    }

    // MARK: counters (cumulative across runs with --state)

    public static let replies = Family(
        name: "smtplog_replies_total", type: .counter,
        help: "SMTP replies found in the logs, written or implied, by code, class and direction (inbound: sent by our server; outbound: sent to us by another server).")
    public static let impliedReplies = Family(
        name: "smtplog_implied_replies_total", type: .counter,
        help: "The part of smtplog_replies_total whose code the line implied rather than wrote (Postfix SASL failures, Exim ACL refusals), by code and class.")
    public static let authFailures = Family(
        name: "smtplog_auth_failures_total", type: .counter,
        help: "Failed logins (530 and 535): inbound, clients failing to log in to our server; outbound, servers refusing our credentials.")
    public static let relayRefusals = Family(
        name: "smtplog_relay_refusals_total", type: .counter,
        help: "Relay refusals: inbound, relay refused to clients; outbound, servers refusing to relay for us (551 included).")
    public static let lines = Family(
        name: "smtplog_lines_total", type: .counter,
        help: "Log lines read, by kind; the kinds add up to every line read.")
    public static let readBytes = Family(
        name: "smtplog_read_bytes_total", type: .counter,
        help: "Bytes read from the logs (the compressed size for compressed files).")
    public static let messages = Family(
        name: "smtplog_messages_total", type: .counter,
        help: "Messages by what became of them, as pflogsumm counts them: received (one per message queued), delivered, deferred, bounced and forwarded (one per recipient line), rejected (our refusals of clients' mail), expired, held and discarded.")
    public static let messageBytes = Family(
        name: "smtplog_message_bytes_total", type: .counter,
        help: "Bytes of the messages received, and of those delivered (a message's size once per recipient delivered).")
    public static let connections = Family(
        name: "smtplog_smtp_connections_total", type: .counter,
        help: "SMTP connections to our server (Postfix smtpd connect lines, Exim SMTP connection lines).")
    public static let systemMessages = Family(
        name: "smtplog_system_messages_total", type: .counter,
        help: "Warnings, errors, fatal errors and panics the mail system logged, by level.")

    /// The statuses of `smtplog_messages_total`, as the JSON `messages` object names them.
    static func messageStatuses(_ c: MessageCounts) -> [(label: String, count: Int)] {
        [("received", c.received), ("delivered", c.delivered), ("deferred", c.deferred), ("bounced", c.bounced),
         ("rejected", c.rejected), ("forwarded", c.forwarded), ("expired", c.expired), ("held", c.held),
         ("discarded", c.discarded)]
    }

    // MARK: gauges (the last run)

    public static let findings = Family(
        name: "smtplog_findings", type: .gauge,
        help: "Findings of the last run, by kind and severity; every kind and severity is present, 0 when there was none.")
    public static let findingEvents = Family(
        name: "smtplog_finding_events", type: .gauge,
        help: "Log lines the last run's findings stand on, by kind and severity.")
    public static let inputs = Family(
        name: "smtplog_inputs", type: .gauge,
        help: "Inputs the last run read, with the rotated files it added.")
    public static let inputErrors = Family(
        name: "smtplog_input_errors", type: .gauge,
        help: "Inputs the last run could not read in full (missing, unreadable, damaged, cut while read).")
    public static let warnings = Family(
        name: "smtplog_warnings", type: .gauge,
        help: "Warnings about the last run's figures, as stderr gives them (no reply found, lines not understood, lists cut, a file replaced while read).")
    public static let up = Family(
        name: "smtplog_up", type: .gauge,
        help: "1 when the last run read every input, 0 when one could not be read.")
    public static let lastRunTimestamp = Family(
        name: "smtplog_last_run_timestamp_seconds", type: .gauge,
        help: "When the last run ended, in seconds since the epoch.")
    public static let lastRunDuration = Family(
        name: "smtplog_last_run_duration_seconds", type: .gauge,
        help: "How long the last run took, in seconds.")

    /// Every family, by name.
    public static let families: [Family] = [
        replies, impliedReplies, authFailures, relayRefusals, lines, readBytes, messages, messageBytes, connections,
        systemMessages, findings, findingEvents, inputs, inputErrors, warnings, up, lastRunTimestamp, lastRunDuration,
    ].sorted { $0.name < $1.name }

    /// Every kind of finding a rule makes, so that each has its gauges even when absent (an
    /// alert then sees a 0, and a missing series means smtplog did not run). A test keeps it
    /// equal to the kinds declared in `Findings/Rules`; a kind missing here is still exported
    /// when found.
    public static let findingKinds: [Finding.Kind] = [
        .accountNetworks, .accountVolume, .authFailures, .bounces, .deferrals, .deliveryFailures,
        .distributedPasswordGuessing, .invalidRecipients, .localFailures, .logStopped, .passwordGuessed,
        .passwordGuessing, .policyBlocks, .relayHostAuth, .relayRefusals, .relayRefusedToUs, .userNotLocal,
    ]

    /// The line kinds of `smtplog_lines_total`, named as JSON's `line_counts` names them.
    /// `filtered` is there when the run had filters, as in JSON (and, with a state, from then on).
    static func lineKinds(_ l: LineTally, filtered: Bool) -> [(label: String, count: Int)] {
        [("events", l.events), ("understood", l.understood), ("not_understood", l.notUnderstood),
         ("other_programs", l.otherPrograms), ("unrecognized", l.unrecognized), ("continuation", l.continuation),
         ("oversized", l.oversized), ("blank", l.blank), ("outside_window", l.outsideWindow)]
            + (filtered ? [("filtered", l.filtered)] : [])
    }

    // MARK: series

    /// A series as the exposition format writes it: `name{label="value",…}`, labels sorted by
    /// name, values escaped. It is the key of a counter's total in the state, too.
    public static func series(_ family: Family, _ labels: [(String, String)] = []) -> String {
        guard !labels.isEmpty else { return family.name }
        let pairs = labels.sorted { $0.0 < $1.0 }.map { "\($0.0)=\"\(escapedLabelValue($0.1))\"" }
        return family.name + "{" + pairs.joined(separator: ",") + "}"
    }

    /// The text format's escapes in a label value: backslash, double quote and line feed.
    public static func escapedLabelValue(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The family a series belongs to: the name before its labels.
    static func familyName(of series: String) -> Substring {
        series.prefix { $0 != "{" }
    }

    // MARK: counters of a report

    /// What this report adds to each counter. The series with a fixed label set (lines by
    /// kind, auth failures and relay refusals by direction, bytes) are always there, 0 or not,
    /// so that `increase()` sees their first count; a reply code appears once it was seen.
    public static func counters(of report: Report) -> [String: Int] {
        let summary = report.summary
        var counters: [String: Int] = [:]
        for (code, tally) in summary.codes {
            let replyClass = ReplyClass(code: code)?.description ?? "\(code / 100)xx"
            for (direction, count) in [(Direction.inbound, tally.inbound), (.outbound, tally.outbound)] where count > 0 {
                counters[series(replies, [("class", replyClass), ("code", "\(code)"), ("direction", direction.rawValue)])] = count
            }
            if tally.implied > 0 {
                counters[series(impliedReplies, [("class", replyClass), ("code", "\(code)")])] = tally.implied
            }
        }
        for direction in Direction.allCases {
            let inbound = direction == .inbound
            counters[series(authFailures, [("direction", direction.rawValue)])] =
                inbound ? summary.authFailures.inbound : summary.authFailures.outbound
            counters[series(relayRefusals, [("direction", direction.rawValue)])] =
                inbound ? summary.relayRefusals.inbound : summary.relayRefusals.outbound
        }
        for kind in lineKinds(summary.lines, filtered: report.filter != nil) {
            counters[series(lines, [("kind", kind.label)])] = kind.count
        }
        counters[series(readBytes)] = report.inputs.reduce(0) { $0 + $1.bytesRead }
        let traffic = summary.traffic
        for status in messageStatuses(traffic.messages.counts) {
            counters[series(messages, [("status", status.label)])] = status.count
        }
        counters[series(messageBytes, [("direction", "received")])] = traffic.messages.counts.bytesReceived
        counters[series(messageBytes, [("direction", "delivered")])] = traffic.messages.counts.bytesDelivered
        counters[series(connections)] = traffic.sessions.connections
        for level in TrafficFact.Level.allCases {
            counters[series(systemMessages, [("level", level.name)])] = traffic.systemMessages.count(level)
        }
        return counters
    }

    /// The highest total a counter keeps: far above any real log (2^60 lines), and far enough
    /// below `Int.max` that adding a run cannot overflow.
    public static let maximumTotal = 1 << 60

    /// The counters after a run: the totals before it (from the state) plus what it added.
    /// A series only the totals have is kept, so that a counter never disappears. A sum past
    /// `maximumTotal` starts again from the run's own count: a counter reset, which
    /// Prometheus' `rate()` and `increase()` handle, instead of a wrapped number.
    public static func adding(_ run: [String: Int], to totals: [String: Int]) -> [String: Int] {
        var sum = totals
        for (series, count) in run {
            let (added, overflow) = (sum[series] ?? 0).addingReportingOverflow(count)
            sum[series] = overflow || added > maximumTotal ? count : added
        }
        return sum
    }

    /// Every counter series this version writes: the only ones a state may carry totals for,
    /// so that an edited or damaged state cannot plant a series in the exported file.
    public static let knownCounterSeries: Set<String> = {
        var known = Set<String>()
        for code in 200...599 {
            let replyClass = ReplyClass(code: code)!.description
            for direction in Direction.allCases {
                known.insert(series(replies, [("class", replyClass), ("code", "\(code)"), ("direction", direction.rawValue)]))
            }
            known.insert(series(impliedReplies, [("class", replyClass), ("code", "\(code)")]))
        }
        for direction in Direction.allCases {
            known.insert(series(authFailures, [("direction", direction.rawValue)]))
            known.insert(series(relayRefusals, [("direction", direction.rawValue)]))
        }
        for kind in lineKinds(LineTally(), filtered: true) { known.insert(series(lines, [("kind", kind.label)])) }
        known.insert(series(readBytes))
        for status in messageStatuses(MessageCounts()) { known.insert(series(messages, [("status", status.label)])) }
        known.insert(series(messageBytes, [("direction", "received")]))
        known.insert(series(messageBytes, [("direction", "delivered")]))
        known.insert(series(connections))
        for level in TrafficFact.Level.allCases { known.insert(series(systemMessages, [("level", level.name)])) }
        return known
    }()

    // MARK: gauges of a report

    /// The last run's gauges, except the clock's (the renderer is given those).
    static func gauges(of report: Report) -> [String: Int] {
        var gauges: [String: Int] = [:]
        var kinds = Set(findingKinds)
        for finding in report.findings { kinds.insert(finding.kind) }
        for kind in kinds {
            for severity in Severity.allCases {
                let labels = [("kind", kind.rawValue), ("severity", severity.rawValue)]
                let matching = report.findings.filter { $0.kind == kind && $0.severity == severity }
                gauges[series(findings, labels)] = matching.count
                gauges[series(findingEvents, labels)] = matching.reduce(0) { $0 + $1.count }
            }
        }
        let errors = report.errors.count
        gauges[series(inputs)] = report.inputs.count
        gauges[series(inputErrors)] = errors
        gauges[series(warnings)] = report.warnings.count
        gauges[series(up)] = errors == 0 ? 1 : 0
        return gauges
    }
}
