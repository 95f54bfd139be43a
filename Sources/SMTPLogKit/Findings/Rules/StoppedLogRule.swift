extension Finding.Kind {
    /// A log that holds lines, but none inside the window: logging stopped.
    public static let logStopped = Finding.Kind(rawValue: "log_stopped")
}

/// A report of zeros must not look like a quiet day. With a window (`--day yesterday` from
/// cron), logs that hold lines but none inside it say that logging stopped: the mail server, or
/// syslog, or the rotation, is broken, and the daily report is exactly where nobody would
/// notice. Needs no accumulator: every summary knows its newest stamped line.
public struct StoppedLogRule: FindingRule {
    public struct Config: RuleConfig {
        public var severity = Severity.warning
        public init() {}
        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    public typealias Accumulator = NoAccumulator
    public static let section = "log_stopped"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> NoAccumulator { NoAccumulator() }

    public func evaluate(_ accumulator: NoAccumulator, in context: RuleContext) -> [Finding] {
        guard let window = context.window, let start = window.start else { return [] }
        var newest: LogTime?
        var inside = 0
        for input in context.inputs {
            let lines = input.summary.lines
            inside += lines.read - lines.outsideWindow - lines.blank - lines.oversized - lines.unrecognized
            if let last = [input.summary.newestLine, input.skippedSpan?.last].compactMap({ $0 }).max() {
                newest = max(newest ?? last, last)
            }
        }
        guard inside == 0, let newest else { return [] }
        let statement: String
        if newest < start {
            statement = "No log line inside \(window): the newest line is from \(LogTime.spaced(newest)); logging stopped"
        } else {
            statement = "No log line inside \(window), though the log has lines after it: logging stopped for that time"
        }
        return [Finding(kind: .logStopped, severity: config.severity, direction: .inbound, code: nil, statement: statement,
                        count: 0, primary: .inputs,
                        first: newest, last: newest, explanation: StoppedLogRule.explanation, fix: StoppedLogRule.fix)]
    }

    static let explanation = """
        The logs hold lines, but none in the time the report covers. Either nothing at all happened, \
        which a mail server on the Internet never sees for a whole day, or nothing was written: the \
        mail service stopped, syslog stopped or writes elsewhere (journald only, a new file name), or \
        logrotate rotated the file without the daemon reopening it.
        """

    static let fix = """
        Check that Postfix or Exim runs (systemctl status postfix; mailq), that the syslog daemon runs \
        and writes mail.* to this file (rsyslog's mail.* rule; on a system without rsyslog read the \
        journal: journalctl -u postfix), and that logrotate's postrotate reloads it. Then point the \
        daily job at the file that really holds the lines.
        """
}
