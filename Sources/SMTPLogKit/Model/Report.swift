import Dispatch
/// What one run found: the inputs it read, their merged summary, and the findings the rules
/// made of the merged accumulators. The typed model (`ReportModel`) and every renderer start
/// from here.
public struct Report: Sendable {
    public var inputs: [InputResult]
    public var summary: ReplySummary
    /// Most severe first.
    public var findings: [Finding]
    /// The window the run was limited to (`--day`, `--since`, `--until`); nil: the whole log.
    public var window: TimeWindow?
    /// How many rows a list shows (`--top`).
    public var top: Int
    /// What the run left out (`--exclude-client`, `--only-domain`, …); nil: nothing.
    public var filter: LineFilter?
    /// The rules' lists that were cut at their capacity, read from the merged accumulators.
    public var ruleCutTables: [CutTable]
    /// The rules' merged accumulators, which a host's JSON carries for `smtplog merge`.
    public var accumulators: RuleAccumulators
    public var ruleSet: RuleSet
    /// The hosts the report covers: one (`--host`) for a run, each host for a merge; none
    /// when no host was named (a library caller).
    public var hosts: [HostFigures] = []
    /// Made by `smtplog merge`: its inputs are the hosts, and it shows them.
    public var isMerge = false
    /// What each authenticated user sent per hour, this run's hours added to the baseline it
    /// was given: what a `--state` run saves for the next (nil when the rule is not in the set).
    public var accountBaseline: AccountBaseline?

    public init(inputs: [InputResult], rules: RuleSet = RuleSet(), top: Int = 10, window: TimeWindow? = nil,
                filter: LineFilter = LineFilter(), accountBaseline: AccountBaseline? = nil) {
        // Start from the first input rather than an empty one: a single input needs no merging.
        var summary = inputs.first?.summary ?? ReplySummary()
        var accumulators = inputs.first?.rules ?? rules.makeAccumulators(capacity: summary.keyCapacity)
        for input in inputs.dropFirst() {
            summary += input.summary
            accumulators += input.rules
        }
        self.init(inputs: inputs, summary: summary, accumulators: accumulators, rules: rules, top: top, window: window,
                  filter: filter, accountBaseline: accountBaseline)
    }

    /// A report of inputs already folded into one total as they were read
    /// (`Analyzer.analyzeFolded`): the inputs are outlines, the counts are in the total.
    /// `threads`: cores the rules are judged on (`RuleSet.findings`).
    public init(folded: FoldedAnalysis, rules: RuleSet = RuleSet(), top: Int = 10, window: TimeWindow? = nil,
                filter: LineFilter = LineFilter(), accountBaseline: AccountBaseline? = nil, threads: Int = 1) {
        self.init(inputs: folded.inputs, summary: folded.summary, accumulators: folded.rules, rules: rules, top: top,
                  window: window, filter: filter, accountBaseline: accountBaseline, threads: threads)
    }

    private init(inputs: [InputResult], summary: ReplySummary, accumulators: RuleAccumulators, rules: RuleSet,
                 top: Int, window: TimeWindow?, filter: LineFilter, accountBaseline: AccountBaseline?, threads: Int = 1) {
        self.inputs = inputs
        self.top = top
        self.threads = threads
        self.window = window.flatMap { $0.isUnbounded ? nil : $0 }
        self.filter = filter.isEmpty ? nil : filter
        self.summary = summary
        self.accumulators = accumulators
        ruleSet = rules
        ruleCutTables = rules.cutTables(of: accumulators)
        findings = rules.findings(from: accumulators,
                                  in: RuleContext(summary: summary, inputs: inputs, window: self.window, top: top,
                                                  accountBaseline: accountBaseline),
                                  threads: threads)
        if let rule = rules.rule(AccountVolumeRule.self), let volume = rules.accumulator(of: AccountVolumeRule.self, in: accumulators) {
            self.accountBaseline = rule.baseline(after: volume, previous: accountBaseline)
        }
    }

    /// A merge of hosts' payloads: the findings are made again, on the merged data, by `rules`.
    /// Each host stands as one input, carrying its lines and its newest line, so that what is
    /// said of an input (no reply in it, a log that stopped) is said of a host.
    public init(merging payload: MergePayload, rules: RuleSet = RuleSet(), top: Int = 10, window: TimeWindow? = nil) {
        inputs = payload.hosts.map { host in
            var summary = ReplySummary(keyCapacity: 2, inFlight: 2)
            summary.lines = host.lines
            summary.newestLine = host.newest
            return InputResult(name: InputName(host.host), summary: summary, rules: rules.makeAccumulators(capacity: 2),
                               isCompressed: false, compression: nil, bytesRead: host.bytes, error: nil)
        }
        self.top = top
        self.window = window.flatMap { $0.isUnbounded ? nil : $0 }
        filter = nil
        summary = payload.summary
        accumulators = payload.rules
        ruleSet = rules
        hosts = payload.hosts
        isMerge = true
        // A merged report can be merged again.
        carriesPayload = true
        ruleCutTables = rules.cutTables(of: accumulators)
        findings = rules.findings(from: accumulators,
                                  in: RuleContext(summary: summary, inputs: inputs, window: self.window, top: top))
    }

    /// Names the host this run read the logs of (`--host`). With `payload`, the JSON carries
    /// what `smtplog merge` needs: the summary's and the rules' tables, several MB and, through
    /// the JSON encoder, several times that in memory on a busy day (305 MiB for a 1 GB log,
    /// `.ci/bench`), so a run asks for it by naming its host.
    /// Without the payload, the rules' accumulators are let go: the findings are made, and
    /// their tables (the largest part of a run's memory) need not stay alive while the report
    /// is rendered.
    ///
    /// A run on several cores lets them go on another thread: freeing their rows took about
    /// 40 M instructions on the 1 GB benchmark log (callgrind), on the one core that renders
    /// while the others idle.
    public mutating func name(host: String, payload: Bool = true) {
        hosts = [HostFigures(host: host, report: self)]
        carriesPayload = payload
        guard !payload else { return }
        let spent = accumulators
        accumulators = ruleSet.makeAccumulators(capacity: 2)
        if threads > 1 { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(spent) {} } }
    }

    /// Cores the run was given (`init(folded:…threads:)`): the rules are judged on them, and
    /// with more than one the rules' tables are let go on another thread (`name(host:payload:)`).
    private var threads = 1

    /// Whether the JSON carries the merge payload (`name(host:payload:)`).
    public private(set) var carriesPayload = false

    /// What `smtplog merge` needs of this report; nil when it names no host or was not asked for.
    public var payload: MergePayload? {
        hosts.isEmpty || !carriesPayload ? nil
            : MergePayload(hosts: hosts, summary: summary, rules: accumulators, ruleSet: ruleSet)
    }

    public var errors: [InputDiagnostic] { inputs.compactMap(\.error) }

    /// Share of Postfix/Exim lines not understood above which the report warns: an unknown
    /// variant of the format must never look like a quiet day.
    public static let notUnderstoodWarningShare = 0.05

    /// Warnings for stderr: what would make the figures mislead if left unsaid.
    public var warnings: [String] {
        var warnings: [String] = inputs.flatMap { $0.warnings.map(\.description) }
        for input in inputs where input.error == nil || input.summary.lines.read > 0 {
            let lines = input.summary.lines
            let name = input.name.description
            let nonBlank = lines.read - lines.blank - lines.outsideWindow
            if nonBlank > 0 && lines.events == 0 {
                var reason = "\(name): no SMTP reply found in \(lines.read) lines"
                if lines.filtered > 0 {
                    reason += "; \(lines.filtered) of them were left out by the filters"
                } else if lines.mailLines == 0 {
                    if lines.otherPrograms > 0 {
                        let programs = input.summary.otherPrograms.top(3).map(\.key).joined(separator: ", ")
                        reason += "; no Postfix or Exim lines (programs seen: \(programs))"
                    } else {
                        reason += "; no line was recognised as a mail log line: is this a mail log?"
                    }
                }
                warnings.append(reason)
            } else if lines.unrecognized > 0, Double(lines.unrecognized) > Double(nonBlank) * 0.2 {
                warnings.append("\(name): \(lines.unrecognized) of \(lines.read) lines have no timestamp and program smtplog knows; their replies are not counted")
            }
            if lines.mailLines > 0, Double(lines.notUnderstood) > Double(lines.mailLines) * Report.notUnderstoodWarningShare {
                warnings.append("\(name): \(lines.notUnderstood) of \(lines.mailLines) Postfix/Exim lines look like replies but were not understood")
            }
            if lines.oversized > 0 {
                warnings.append("\(name): \(lines.oversized) lines longer than the line limit were skipped")
            }
        }
        // How much was left out, in both senses: the events are exact (listed + other = total);
        // the keys are an upper bound, since a key dropped on two cores counts twice.
        warnings += cutTables.map(\.description)
        return warnings
    }

    /// Every list of the summary and of the rules that was cut at its capacity. The "top
    /// peers" lists are left out: they only feed top-N tables, whose last row already says
    /// that the list was cut and counts the rest, and a busy day cuts them (10,000 peers), so
    /// a warning would come with every daily mail and say nothing the report does not.
    public var cutTables: [CutTable] {
        let others = [("auth mechanisms", summary.authMechanisms), ("other programs", summary.otherPrograms)]
        return summary.cutLists.map { CutTable($0.name, $0.list, leftOut: .underOther) }
            + others.filter { $0.1.isTruncated }.map { CutTable($0.0, $0.1, leftOut: .underOther) }
            + ruleCutTables
    }
}
