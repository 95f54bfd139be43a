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

    /// The rows of a table that pass a test, summed in one pass, without copying the table.
    private struct Selection {
        var peers = 0
        var count = 0
        var first: LogTime?
        var last: LogTime?
        var codes: [Int: Int] = [:]
        var names: [String: Int] = [:]
        /// Occurrences of names the per-peer sets did not keep (beyond eight per peer).
        var namesLeftOut = 0
        var mechanisms: [String: Int] = [:]
        var top: [(key: String, value: PeerActivity)] = []

        init(_ table: CappedTable<String, PeerActivity>, top limit: Int, where include: (PeerActivity) -> Bool) {
            for (_, row) in table.entries where include(row) {
                peers += 1
                count += row.count
                if let time = row.first, first == nil || time < first! { first = time }
                if let time = row.last, last == nil || last! < time { last = time }
                for (value, n) in zip(row.codes.values, row.codes.counts) { codes[value, default: 0] += n }
                for (value, n) in zip(row.names.values, row.names.counts) { names[value, default: 0] += n }
                namesLeftOut += row.names.more
                for (value, n) in zip(row.mechanisms.values, row.mechanisms.counts) { mechanisms[value, default: 0] += n }
            }
            top = table.ranked(limit: limit, where: include)
        }

        func dominantCode(fallback: Int) -> Int {
            codes.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? fallback
        }
    }

    private static func authFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let window = durationText(config.auth.window)
        let threshold = config.auth.runThreshold
        let clients = s.authFailures.clients
        let runs = Selection(clients, top: top) { $0.peakInWindow >= threshold }
        if runs.peers > 0 {
            var finding = make(.passwordGuessing, config.auth.runSeverity, .inbound, runs, code: runs.dominantCode(fallback: 535),
                               count: runs.count,
                               statement: "Password guessing: \(plural(runs.peers, "client")) failed to log in at least "
                                   + "\(threshold) times within \(window), \(plural(runs.count, "failure")) in all",
                               examples: clients.examples, top: top)
            (finding.users, finding.namesHidden) = namesShown(runs, top)
            finding.mechanisms = entries(runs.mechanisms, top)
            found.append(finding)
        }
        let others = Selection(clients, top: top) { $0.peakInWindow < threshold }
        if others.peers > 0 {
            let count = others.count + clients.otherEvents
            var finding = make(.authFailures, config.auth.severity, .inbound, others, code: others.dominantCode(fallback: 535),
                               count: count,
                               statement: "\(plural(count, "failed login")) from \(plural(others.peers, "client")) "
                                   + "below the password-guessing threshold: stale passwords or slow guessing",
                               examples: clients.examples, top: top)
            (finding.users, finding.namesHidden) = namesShown(others, top)
            finding.mechanisms = entries(others.mechanisms, top)
            found.append(finding)
        }
        let servers = Selection(s.authFailures.servers, top: top) { _ in true }
        if servers.peers > 0 {
            found.append(make(.relayHostAuth, config.auth.outboundSeverity, .outbound, servers,
                              code: servers.dominantCode(fallback: 535), count: servers.count,
                              statement: "A server refused our credentials \(plural(servers.count, "time")): "
                                  + "mail through it is not leaving",
                              examples: s.authFailures.servers.examples, top: top))
        }
        return found
    }

    private static func relayFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let clients = Selection(s.relayRefusals.clients, top: top) { _ in true }
        if clients.peers > 0 {
            let count = clients.count + s.relayRefusals.clients.otherEvents
            let probeThreshold = config.relay.probeThreshold
            let probes = s.relayRefusals.clients.entries.reduce(0) { $0 + ($1.1.count >= probeThreshold ? 1 : 0) }
            let severity = probes > 0 ? max(config.relay.severity, config.relay.probeSeverity) : config.relay.severity
            var statement = "Relay refused \(plural(count, "time")) to \(plural(clients.peers, "client"))"
            statement += probes > 0
                ? ": \(plural(probes, "client")) tried \(probeThreshold) times or more, an open-relay probe"
                : ": clients that forgot to log in, or probes"
            var finding = make(.relayRefusals, severity, .inbound, clients, code: clients.dominantCode(fallback: 554),
                               count: count, statement: statement, examples: s.relayRefusals.clients.examples, top: top)
            (finding.domains, finding.namesHidden) = namesShown(clients, top)
            finding.explanation = relayExplanation
            finding.fix = relayFix
            found.append(finding)
        }
        let servers = Selection(s.relayRefusals.servers, top: top) { _ in true }
        if servers.peers > 0 {
            var finding = make(.userNotLocal, config.relay.outboundSeverity, .outbound, servers, code: 551, count: servers.count,
                               statement: "\(plural(servers.peers, "server")) answered 551 User not local "
                                   + "\(plural(servers.count, "time")): the recipients moved",
                               examples: s.relayRefusals.servers.examples, top: top)
            (finding.addresses, finding.namesHidden) = namesShown(servers, top)
            found.append(finding)
        }
        return found
    }

    private static func destinationFindings(_ s: ReplySummary, _ config: FindingsConfig, _ top: Int) -> [Finding] {
        var found: [Finding] = []
        let deferralThreshold = config.deferrals.threshold
        let deferring = Selection(s.deferrals, top: top) { $0.count >= deferralThreshold }
        if deferring.peers > 0 {
            found.append(make(.deferrals, config.deferrals.severity, .outbound, deferring,
                              code: deferring.dominantCode(fallback: 451), count: deferring.count,
                              statement: "\(plural(deferring.peers, "destination")) deferred our mail "
                                  + "\(plural(deferring.count, "time")) (at least \(deferralThreshold) each): "
                                  + "rate limits, greylisting or reputation",
                              examples: s.deferrals.examples, top: top))
        }
        let policyThreshold = config.policyBlocks.threshold
        let blocking = Selection(s.policyBlocks, top: top) { $0.count >= policyThreshold }
        if blocking.peers > 0 {
            let status = ReplySummary.enhancedName(blocking.dominantCode(fallback: 5_007_001))
            var finding = make(.policyBlocks, config.policyBlocks.severity, .outbound, blocking, code: 550, count: blocking.count,
                               statement: "\(plural(blocking.peers, "destination")) refused our mail on policy "
                                   + "\(plural(blocking.count, "time")) (5.7.x): SPF, DKIM, DMARC or a blocklist",
                               examples: s.policyBlocks.examples, top: top)
            if let entry = KnowledgeBase.lookup(status) {
                finding.explanation = entry.meaning
                finding.fix = entry.fix(.outbound)
            }
            found.append(finding)
        }
        let invalidThreshold = config.invalidRecipients.threshold
        let invalid = Selection(s.invalidRecipients, top: top) { $0.count >= invalidThreshold }
        if invalid.peers > 0 {
            var finding = make(.invalidRecipients, config.invalidRecipients.severity, .outbound, invalid, code: 550,
                               count: invalid.count,
                               statement: "\(plural(invalid.count, "bounce")) for unknown recipients (5.1.1) at "
                                   + "\(plural(invalid.peers, "domain")): stale addresses or a list needing cleanup",
                               examples: s.invalidRecipients.examples, top: top)
            finding.domains = finding.peers
            finding.peers = entries(invalid.names, top)
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

    private static func make(_ kind: Finding.Kind, _ severity: Severity, _ direction: Direction, _ selection: Selection,
                             code: Int, count: Int, statement: String, examples: [LineExample], top: Int) -> Finding {
        var finding = Finding(
            kind: kind, severity: severity, direction: direction, code: code, statement: statement, count: count,
            peers: selection.top.map { Finding.Entry(name: $0.key, count: $0.value.count) },
            users: [], mechanisms: [], domains: [], addresses: [],
            first: selection.first, last: selection.last, examples: examples, explanation: "", fix: "")
        explain(&finding)
        return finding
    }

    private static func explain(_ finding: inout Finding) {
        guard let entry = KnowledgeBase.lookup(String(finding.code)) else { return }
        finding.explanation = entry.meaning
        finding.fix = entry.fix(finding.direction)
    }

    private static func entries(_ totals: [String: Int], _ top: Int) -> [Finding.Entry] {
        totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(top).map { Finding.Entry(name: $0.key, count: $0.value) }
    }

    /// The listed names, and how many occurrences the list does not show.
    private static func namesShown(_ selection: Selection, _ top: Int) -> (entries: [Finding.Entry], hidden: Int) {
        let shown = entries(selection.names, top)
        let total = selection.names.values.reduce(selection.namesLeftOut, +)
        return (shown, total - shown.reduce(0) { $0 + $1.count })
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
