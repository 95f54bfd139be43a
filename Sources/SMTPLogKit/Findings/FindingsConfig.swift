/// Thresholds, windows and severities for findings. `Config/smtplog.yml` documents every key;
/// a test keeps that file and these defaults the same.
public struct FindingsConfig: Sendable, Equatable {
    public struct Auth: Sendable, Equatable {
        /// Seconds in which one client's failures are counted as a run.
        public var window = 3_600
        public var runThreshold = 10
        public var severity = Severity.warning
        public var runSeverity = Severity.critical
        public var outboundSeverity = Severity.critical
    }
    public struct Relay: Sendable, Equatable {
        public var severity = Severity.warning
        public var probeThreshold = 5
        public var probeSeverity = Severity.warning
        public var outboundSeverity = Severity.notice
    }
    /// A per-destination count at or above `threshold` is a finding of `severity`.
    public struct Threshold: Sendable, Equatable {
        public var threshold: Int
        public var severity: Severity
    }

    public var auth = Auth()
    public var relay = Relay()
    public var deferrals = Threshold(threshold: 10, severity: .warning)
    public var policyBlocks = Threshold(threshold: 3, severity: .warning)
    public var invalidRecipients = Threshold(threshold: 5, severity: .notice)
    public var localFailures = Threshold(threshold: 1, severity: .critical)

    public init() {}
}
