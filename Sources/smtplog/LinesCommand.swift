import ArgumentParser
import SMTPLogKit

struct LinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lines",
        abstract: "Show how each line was read: its reply, or why it carries none.",
        discussion: "Prints FILE:LINE, the verdict, and for replies the code, direction and peer. Use --only to filter."
    )

    @Argument(help: "Log files to read; '-' is standard input.")
    var files: [String] = ["-"]

    @Option(help: "Show only lines with this verdict: event, no-reply, not-understood, other-program, continuation, unrecognized.")
    var only: String?

    @Option(help: "Year of the first syslog line.")
    var year: Int?

    func validate() throws {
        // Years past 9999 overflowed the packed time of every syslog line (a crash).
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year must be a year between 1970 and 9999") }
    }

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: year))
        var failed = false
        for name in files.map(InputName.init) {
            let opened: OpenedInput
            do { opened = try OpenedInput.open(name) } catch {
                Terminal.diagnose("\(name): \(error)")
                failed = true
                continue
            }
            var output = ""
            let error = analyzer.trace(opened) { verdict in
                guard only == nil || only == verdict.kind.rawValue else { return }
                var row = "\(name):\(verdict.line): \(verdict.kind.rawValue)"
                if let event = verdict.event {
                    row += " \(event.code) \(event.direction.rawValue)\(event.implied ? " implied" : "")"
                    if let peer = event.peerAddress ?? event.peerName { row += " peer=\(peer)" }
                    if event.isRelayRefusal { row += " relay-refusal" }
                }
                output += DisplayText.escaped(row + "\t" + verdict.text) + "\n"
                if output.utf8.count > 1 << 16 {
                    Terminal.write(output)
                    output = ""
                }
            }
            Terminal.write(output)
            if let error { Terminal.diagnose(error.description); failed = true }
        }
        if failed { throw ExitCode(2) }
    }
}
