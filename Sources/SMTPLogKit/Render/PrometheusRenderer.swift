/// The `--format prometheus` renderer: the Prometheus text exposition format (0.0.4), as
/// node_exporter's textfile collector reads it. `# HELP` and `# TYPE` before each family,
/// families by name and series sorted within each, so that the same report gives the same
/// bytes; values are integers except the clock's seconds.
///
/// The report holds no clock: when the run ended and how long it took are given by the caller
/// (`Run`), so that a test fixes them. So are the counters' values when a `--state` carries
/// totals across runs; without them, the counters are the report's own.
public struct PrometheusRenderer: ReportRenderer {
    /// What the renderer needs beyond the report.
    public struct Run: Sendable, Equatable {
        /// When the run ended, in milliseconds since the epoch, and how long it took.
        public var finishedMilliseconds: Int
        public var durationMilliseconds: Int
        /// Every counter's value to show (`PrometheusMetrics.adding`); nil: the report's own.
        public var counters: [String: Int]?

        /// Seconds are rounded to the millisecond; a time before the epoch, a negative duration
        /// or one that is not a number is shown as 0, never as a trap.
        public init(finished: Double, duration: Double, counters: [String: Int]? = nil) {
            finishedMilliseconds = Run.milliseconds(finished)
            durationMilliseconds = Run.milliseconds(duration)
            self.counters = counters
        }

        static func milliseconds(_ seconds: Double) -> Int {
            guard seconds.isFinite, seconds > 0, seconds < 1e15 else { return 0 }
            return Int((seconds * 1000).rounded())
        }
    }

    public var run: Run

    public init(run: Run) {
        self.run = run
    }

    public func render(_ model: ReportModel) -> String {
        let report = model.report
        var values: [String: String] = [:]
        for (series, value) in run.counters ?? PrometheusMetrics.counters(of: report) { values[series] = "\(value)" }
        for (series, value) in PrometheusMetrics.gauges(of: report) { values[series] = "\(value)" }
        values[PrometheusMetrics.lastRunTimestamp.name] = PrometheusRenderer.seconds(run.finishedMilliseconds)
        values[PrometheusMetrics.lastRunDuration.name] = PrometheusRenderer.seconds(run.durationMilliseconds)

        var byFamily: [Substring: [String]] = [:]
        for series in values.keys { byFamily[PrometheusMetrics.familyName(of: series), default: []].append(series) }
        var text = ""
        for family in PrometheusMetrics.families {
            // A family with no series is left out: no sample, nothing to declare.
            guard let members = byFamily[Substring(family.name)] else { continue }
            text += "# HELP \(family.name) \(PrometheusRenderer.escapedHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for series in members.sorted() { text += "\(series) \(values[series]!)\n" }
        }
        return text
    }

    /// `1795334400.25`: milliseconds as seconds, without a float's rounding.
    static func seconds(_ milliseconds: Int) -> String {
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(milliseconds / 1000)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(milliseconds / 1000).\(digits)"
    }

    /// The text format's escapes in help text: backslash and line feed.
    static func escapedHelp(_ help: String) -> String {
        var escaped = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
