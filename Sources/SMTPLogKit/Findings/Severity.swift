/// How urgent a finding is, in the order `--fail-on` and the report sort by.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case info, notice, warning, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .notice: 1
        case .warning: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
