import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// `smtplog merge FILE...`: one report of many hosts, from the JSON each wrote with
/// `smtplog report --format json`. The hosts' summaries and the rules' accumulators are added
/// as a run over all their logs would add them, and the findings are made again on the sum.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the JSON reports of several hosts into one report.",
        discussion: """
            Each FILE is the JSON of 'smtplog report --format json' (schema \(MergeInput.schema)) \
            of one host, or of an earlier merge. The counts are added exactly, as one run over \
            all the hosts' logs would count them; the findings are made again on the sum, with \
            this machine's configuration (--config). Messages and sessions still open at the \
            end of a host's log are never joined with another host's. The report shows each \
            host beside the sum.

            A file of another schema version, or whose numbers are not counts, is refused with \
            its name and the others are merged. A host may come once: a file naming a host \
            already merged (the same file twice, or two hosts run with the same --host) is \
            refused, since its figures would be counted twice.

            --output [FORMAT:]FILE writes the report atomically, as 'smtplog report' does.

            Exit status: 0 success; 1 a finding reached --fail-on; 2 a file was refused or \
            the report could not be written (2 wins over 1); 64 a usage error.
            """
    )

    @Argument(help: "JSON reports to merge, one or more.")
    var files: [String] = []

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @Option(help: "How many rows each list shows (1 to \(ReportCommand.topRange.upperBound)).")
    var top = 10

    @Option(help: "Exit with status 1 when a finding is at least this severe: \(Severity.allCases.map(\.rawValue).joined(separator: ", ")).")
    var failOn: Severity?

    @Option(name: .customLong("output"),
            help: ArgumentHelp("Write the report to this file instead of stdout, atomically; a format prefix (html:, text:, json:, markdown:, prometheus:) overrides --format. Repeatable.",
                               valueName: "[format:]file"))
    var outputs: [String] = []

    @Option(help: ArgumentHelp("Configuration file for findings (thresholds, windows, severities).",
                               discussion: "Default: as for 'smtplog report'."))
    var config: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name the JSON reports to merge") }
        guard files.count <= MergeInput.maxFiles else {
            throw ValidationError("at most \(MergeInput.maxFiles) files can be merged at once; merge them in groups, then merge the groups")
        }
        guard ReportCommand.topRange.contains(top) else {
            throw ValidationError("--top must be from \(ReportCommand.topRange.lowerBound) to \(ReportCommand.topRange.upperBound), not \(top)")
        }
        try ReportOutputs.validate(outputs, format: format, inputs: files, inputsNoun: "the files to merge")
    }

    func run() throws {
        let clock = MetricsClock()
        Terminal.ignoreBrokenPipeSignal()
        let configuration: Configuration
        do {
            configuration = try ConfigLoader.load(explicit: config)
        } catch {
            Terminal.diagnose(error.description)
            throw ExitCode(2)
        }
        let rules = configuration.rules
        var failed = false
        var payloads: [MergePayload] = []
        var hostFiles: [String: String] = [:]
        for file in files {
            let payload: MergePayload
            do {
                payload = try MergeInput.payload(file: file, rules: rules)
            } catch {
                Terminal.diagnose(error.description)
                failed = true
                continue
            }
            if let repeated = payload.hosts.first(where: { hostFiles[$0.host] != nil }) {
                Terminal.diagnose("\(DisplayText.escaped(file)): host \(repeated.host) is already in \(DisplayText.escaped(hostFiles[repeated.host]!)); not merged, its figures would be counted twice")
                failed = true
                continue
            }
            for host in payload.hosts { hostFiles[host.host] = file }
            payloads.append(payload)
        }
        guard let merged = MergePayload.merged(payloads) else {
            Terminal.diagnose("no report to merge")
            throw ExitCode(2)
        }
        let report = Report(merging: merged, rules: rules, top: top, window: MergeCommand.window(of: merged.hosts))
        for warning in report.warnings { Terminal.warn(warning) }
        let model = ReportModel(report)
        let metrics = clock.run(counters: nil)
        let delivery = try ReportOutputs.deliver(model, format: format, outputs: outputs, color: color, run: metrics)
        switch delivery {
        case .written: break
        case .readerClosed: return
        case .failed(let message):
            Terminal.diagnose(message)
            throw ExitCode(2)
        }
        if failed { throw ExitCode(2) }
        if let failOn, report.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    /// The hosts' window when they all had the same one (the daily mail of each, `--day
    /// yesterday`), so that a host whose log stopped is found again; otherwise none.
    static func window(of hosts: [HostFigures]) -> TimeWindow? {
        guard let first = hosts.first,
              hosts.allSatisfy({ $0.windowStart == first.windowStart && $0.windowEnd == first.windowEnd }) else { return nil }
        let window = TimeWindow(start: first.windowStart, end: first.windowEnd)
        return window.isUnbounded ? nil : window
    }
}
