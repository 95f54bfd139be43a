/// What `smtplog trace` found: the messages followed, in the order they were selected, and
/// what the run must tell beside them (inputs that could not be read, messages over the cap).
public struct TraceReport: Sendable {
    public var query: TraceQuery
    public var messages: [MessageTrace]
    /// Messages that matched after `query.limit` were traced: counted, not shown.
    public var notShown: Int
    /// The count of those is a lower bound: too many to remember which were counted.
    public var notShownIsLowerBound: Bool
    public var linesRead: Int
    public var inputs: [String]
    public var errors: [InputDiagnostic]
    public var warnings: [InputDiagnostic]

    public init(query: TraceQuery, messages: [MessageTrace], notShown: Int = 0, notShownIsLowerBound: Bool = false,
                linesRead: Int = 0, inputs: [String] = [], errors: [InputDiagnostic] = [], warnings: [InputDiagnostic] = []) {
        self.query = query
        self.messages = messages
        self.notShown = notShown
        self.notShownIsLowerBound = notShownIsLowerBound
        self.linesRead = linesRead
        self.inputs = inputs
        self.errors = errors
        self.warnings = warnings
    }

    /// Whether anything matched, shown or not (exit status 0 against 1).
    public var foundAny: Bool { !messages.isEmpty || notShown > 0 }
}
