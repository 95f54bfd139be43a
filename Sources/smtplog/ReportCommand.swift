import ArgumentParser
import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Severity: ExpressibleByArgument {}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Summarise the SMTP replies in mail logs (plain, rotated, gzip, stdin).",
        discussion: """
            Reads each FILE (gzip is recognised by its content) or standard input ('-', or no \
            FILE with a pipe). A file that cannot be read is named on stderr and the others are \
            still reported. Exit status: 0 success; 1 a finding reached --fail-on; 2 an input \
            could not be read or was damaged, or the configuration is wrong (2 wins over 1); \
            64 a usage error.
            """
    )

    @Argument(help: "Log files to read; '-' is standard input.")
    var files: [String] = []

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal), always, never.")
    var color: ColorChoice = .auto

    @Option(help: "Year of the first syslog line (syslog stamps carry none); inferred from each file's modification time by default.")
    var year: Int?

    @Option(help: "How many rows each list shows.")
    var top = 10

    @Option(help: "Lines longer than this many bytes are counted as oversized and skipped.")
    var maxLineLength = 65_536

    @Option(help: "Cores to use (default: all). Files are read concurrently and large plain files are split.")
    var threads: Int?

    @Option(help: "Exit with status 1 when a finding is at least this severe: \(Severity.allCases.map(\.rawValue).joined(separator: ", ")). By default findings never fail the run.")
    var failOn: Severity?

    @Option(help: ArgumentHelp("Configuration file for findings (thresholds, windows, severities).",
                               discussion: "Default: $SMTPLOG_CONFIG, then ~/.config/smtplog/smtplog.yml, then /etc/smtplog/smtplog.yml, else the built-in defaults (Config/smtplog.yml)."))
    var config: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if maxLineLength < 256 { throw ValidationError("--max-line-length must be at least 256") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year must be a year between 1970 and 9999") }
        if files.isEmpty && isatty(0) == 1 {
            throw ValidationError("no input: name a log file, or pipe one in")
        }
    }

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        let findingsConfig: FindingsConfig
        do {
            findingsConfig = try ConfigLoader.load(explicit: config)
        } catch {
            Terminal.diagnose(error.description)
            throw ExitCode(2)
        }
        var options = AnalysisOptions(startingYear: year, threads: threads ?? AnalysisOptions.availableCores)
        options.maxLineLength = maxLineLength
        options.authWindow = findingsConfig.auth.window
        let analyzer = Analyzer(options: options)
        let names = files.isEmpty ? [InputName.standardInput] : files.map(InputName.init)
        let results = analyzer.analyze(names)
        let report = Report(inputs: results, top: top, config: findingsConfig)
        for error in report.errors { Terminal.diagnose(error.description) }
        for warning in report.warnings { Terminal.warn(warning) }
        switch format {
        case .text:
            let useColor = color == .always || (color == .auto && Terminal.isColorTerminal(fd: 1))
            Terminal.write(TextReport(report, palette: Palette(enabled: useColor)).rendered())
        case .json:
            Terminal.write(try JSONReport(report).rendered())
        }
        if !report.errors.isEmpty { throw ExitCode(2) }
        if let failOn, report.findings.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }
}
