/// Turns a summary into findings, most severe first, each with the knowledge base's
/// explanation and fix for its code and direction.
public enum FindingsEngine {
    public static func findings(in summary: ReplySummary, config: FindingsConfig = FindingsConfig(), top: Int = 10) -> [Finding] {
        var found: [Finding] = []
        found += authFindings(summary, config, top)
        found += relayFindings(summary, config, top)
        found += destinationFindings(summary, config, top)
        found += localFindings(summary, config)
        return found.sorted {
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            if $0.count != $1.count { return $0.count > $1.count }
            return $0.kind.rawValue < $1.kind.rawValue
        }
    }

    // MARK: kinds

    private static func authFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let window = durationText(config.auth.window)
        let runs = s.authFailures.clients.rows.filter { $0.value.peakInWindow >= config.auth.runThreshold }
        let others = s.authFailures.clients.rows.filter { $0.value.peakInWindow < config.auth.runThreshold }
        if !runs.isEmpty {
            let count = runs.values.reduce(0) { $0 + $1.count }
            var finding = make(.passwordGuessing, config.auth.runSeverity, .inbound, code: dominantCode(runs, fallback: 535), count: count,
                               statement: "Password guessing: \(plural(runs.count, "client")) failed to log in at least "
                                   + "\(config.auth.runThreshold) times within \(window), \(plural(count, "failure")) in all",
                               rows: runs, examples: s.authFailures.clients.examples, top: top)
            finding.users = merged(runs.values.map(\.users), top)
            finding.mechanisms = merged(runs.values.map(\.mechanisms), top)
            found.append(finding)
        }
        if !others.isEmpty {
            let count = others.values.reduce(0) { $0 + $1.count } + s.authFailures.clients.otherEvents
            var finding = make(.authFailures, config.auth.severity, .inbound, code: dominantCode(others, fallback: 535), count: count,
                               statement: "\(plural(count, "failed login")) from \(plural(others.count, "client")) "
                                   + "below the password-guessing threshold: stale passwords or slow guessing",
                               rows: others, examples: s.authFailures.clients.examples, top: top)
            finding.users = merged(others.values.map(\.users), top)
            finding.mechanisms = merged(others.values.map(\.mechanisms), top)
            found.append(finding)
        }
        let servers = s.authFailures.servers.rows
        if !servers.isEmpty {
            let count = servers.values.reduce(0) { $0 + $1.count }
            found.append(make(.relayHostAuth, config.auth.outboundSeverity, .outbound, code: dominantCode(servers, fallback: 535),
                              count: count,
                              statement: "A server refused our credentials \(plural(count, "time")): mail through it is not leaving",
                              rows: servers, examples: s.authFailures.servers.examples, top: top))
        }
        return found
    }

    private static func relayFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let clients = s.relayRefusals.clients.rows
        if !clients.isEmpty {
            let count = clients.values.reduce(0) { $0 + $1.count } + s.relayRefusals.clients.otherEvents
            let probes = clients.values.filter { $0.count >= config.relay.probeThreshold }.count
            let severity = probes > 0 ? max(config.relay.severity, config.relay.probeSeverity) : config.relay.severity
            var statement = "Relay refused \(plural(count, "time")) to \(plural(clients.count, "client"))"
            statement += probes > 0
                ? ": \(plural(probes, "client")) tried \(config.relay.probeThreshold) times or more, an open-relay probe"
                : ": clients that forgot to log in, or probes"
            var finding = make(.relayRefusals, severity, .inbound, code: dominantCode(clients, fallback: 554), count: count,
                               statement: statement, rows: clients, examples: s.relayRefusals.clients.examples, top: top)
            finding.domains = merged(clients.values.map(\.domains), top)
            finding.explanation = relayExplanation
            finding.fix = relayFix
            found.append(finding)
        }
        let servers = s.relayRefusals.servers.rows
        if !servers.isEmpty {
            let count = servers.values.reduce(0) { $0 + $1.count }
            var finding = make(.userNotLocal, config.relay.outboundSeverity, .outbound, code: 551, count: count,
                               statement: "\(plural(servers.count, "server")) answered 551 User not local \(plural(count, "time")): "
                                   + "the recipients moved",
                               rows: servers, examples: s.relayRefusals.servers.examples, top: top)
            finding.addresses = merged(servers.values.map(\.notes), top)
            found.append(finding)
        }
        return found
    }

    private static func destinationFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let deferring = s.deferrals.rows.filter { $0.value.count >= config.deferrals.threshold }
        if !deferring.isEmpty {
            let count = deferring.values.reduce(0) { $0 + $1.count }
            found.append(make(.deferrals, config.deferrals.severity, .outbound, code: dominantCode(deferring, fallback: 451),
                              count: count,
                              statement: "\(plural(deferring.count, "destination")) deferred our mail \(plural(count, "time")) "
                                  + "(at least \(config.deferrals.threshold) each): rate limits, greylisting or reputation",
                              rows: deferring, examples: s.deferrals.examples, top: top))
        }
        let blocking = s.policyBlocks.rows.filter { $0.value.count >= config.policyBlocks.threshold }
        if !blocking.isEmpty {
            let count = blocking.values.reduce(0) { $0 + $1.count }
            let status = mergedCodes(blocking.values.map(\.codes)).first.map { ReplySummary.enhancedName($0) } ?? "5.7.1"
            var finding = make(.policyBlocks, config.policyBlocks.severity, .outbound, code: 550, count: count,
                               statement: "\(plural(blocking.count, "destination")) refused our mail on policy \(plural(count, "time")) "
                                   + "(5.7.x): SPF, DKIM, DMARC or a blocklist",
                               rows: blocking, examples: s.policyBlocks.examples, top: top)
            if let entry = KnowledgeBase.lookup(status) {
                finding.explanation = entry.meaning
                finding.fix = entry.fix(.outbound)
            }
            found.append(finding)
        }
        let invalid = s.invalidRecipients.rows.filter { $0.value.count >= config.invalidRecipients.threshold }
        if !invalid.isEmpty {
            let count = invalid.values.reduce(0) { $0 + $1.count }
            var finding = make(.invalidRecipients, config.invalidRecipients.severity, .outbound, code: 550, count: count,
                               statement: "\(plural(count, "bounce")) for unknown recipients (5.1.1) at "
                                   + "\(plural(invalid.count, "domain")): stale addresses or a list needing cleanup",
                               rows: invalid, examples: s.invalidRecipients.examples, top: top)
            finding.domains = finding.peers
            finding.peers = merged(invalid.values.map(\.notes), top)
            if let entry = KnowledgeBase.lookup("5.1.1") {
                finding.explanation = entry.meaning
                finding.fix = entry.fix(.outbound)
            }
            found.append(finding)
        }
        return found
    }

    private static func localFindings(_ s: ReplySummary, _ config: FindingsConfig) -> [Finding] {
        var found: [Finding] = []
        let codes = s.codes
        // 454 inbound: our SASL service was unreachable. 451 inbound written by us: a local
        // problem (Exim's implied 451s are greylisting and other ACL deferrals, not faults).
        let local: [(Int, Int, String)] = [
            (454, codes[454]?.inbound ?? 0, "Our server answered 454 %@: the authentication service was unreachable"),
            (451, (codes[451]?.inbound ?? 0) - (codes[451]?.implied ?? 0), "Our server answered 451 %@: a local problem (lookup tables, disk, content filter)"),
        ]
        for (code, count, template) in local where count >= config.localFailures.threshold {
            let detail = s.detail(code: code, direction: .inbound)
            var finding = Finding(kind: .localFailures, severity: config.localFailures.severity, direction: .inbound, code: code,
                                  statement: template.replacingOccurrences(of: "%@", with: plural(count, "time")),
                                  count: count, peers: [], users: [], mechanisms: [], domains: [], addresses: [],
                                  first: detail?.first, last: detail?.last, examples: detail?.examples ?? [],
                                  explanation: "", fix: "")
            explain(&finding)
            found.append(finding)
        }
        return found
    }

    // MARK: building

    /// Relay refusals come with 554 (Postfix), 550 (Exim) or 551: no single code's entry says
    /// what they have in common, so the finding carries its own text.
    static let relayExplanation = """
        Our server refused to pass mail on to a domain it does not serve, for a client that had not \
        logged in and is not in a trusted network. Postfix logs "Relay access denied" (554 5.7.1), Exim \
        "relay not permitted" (550). Refusing is right: an open relay is found and abused within hours.
        """
    static let relayFix = """
        If the client is one of yours (a laptop, a scanner, a web server), it must log in with SASL on \
        the submission port, or its network belongs in Postfix's mynetworks or Exim's relay_from_hosts. \
        Otherwise it is probing for an open relay: keep reject_unauth_destination in \
        smtpd_relay_restrictions (Exim: accept only domains = +relay_to_domains in acl_smtp_rcpt) and \
        let fail2ban's postfix or exim jail block clients that keep trying.
        """

    private static func make(_ kind: Finding.Kind, _ severity: Severity, _ direction: Direction, code: Int, count: Int,
                             statement: String, rows: [String: PeerActivity], examples: [LineExample], top: Int) -> Finding {
        let ranked = rows.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        var finding = Finding(
            kind: kind, severity: severity, direction: direction, code: code, statement: statement, count: count,
            peers: ranked.prefix(top).map { Finding.Entry(name: $0.key, count: $0.value.count) },
            users: [], mechanisms: [], domains: [], addresses: [],
            first: rows.values.compactMap(\.first).min(), last: rows.values.compactMap(\.last).max(),
            examples: examples, explanation: "", fix: "")
        explain(&finding)
        return finding
    }

    private static func explain(_ finding: inout Finding) {
        guard let entry = KnowledgeBase.lookup(String(finding.code)) else { return }
        finding.explanation = entry.meaning
        finding.fix = entry.fix(finding.direction)
    }

    private static func dominantCode(_ rows: [String: PeerActivity], fallback: Int) -> Int {
        mergedCodes(rows.values.map(\.codes)).first ?? fallback
    }

    /// Codes from several peers, most frequent first, ties by code.
    private static func mergedCodes(_ sets: [SmallCounts<Int>]) -> [Int] {
        var totals: [Int: Int] = [:]
        for set in sets { for (value, count) in zip(set.values, set.counts) { totals[value, default: 0] += count } }
        return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    private static func merged(_ sets: [SmallSet], _ top: Int) -> [Finding.Entry] {
        var totals: [String: Int] = [:]
        for set in sets { for (value, count) in zip(set.values, set.counts) { totals[value, default: 0] += count } }
        return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(top).map { Finding.Entry(name: $0.key, count: $0.value) }
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(DisplayText.grouped(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    static func durationText(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return plural(seconds / 86_400, "day") }
        if seconds % 3_600 == 0 { return seconds == 3_600 ? "an hour" : plural(seconds / 3_600, "hour") }
        if seconds % 60 == 0 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }
}
