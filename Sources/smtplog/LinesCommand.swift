import ArgumentParser
import SMTPLogKit

struct LinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lines",
        abstract: "Show how each line was read: its reply, or why it carries none.",
        discussion: """
            Prints one line per log line, its fields separated by tabs: FILE:LINE, the verdict, the \
            code, the direction, \"implied\" or \"written\", the peer, \"relay-refusal\" or \"-\", \
            and the line itself. Fields that do not apply are \"-\". Use --only to filter.
            """
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
                var fields = ["\(name):\(verdict.line)", verdict.kind.rawValue]
                if let event = verdict.event {
                    fields += ["\(event.code)", event.direction.rawValue, event.implied ? "implied" : "written",
                               event.peerAddress ?? event.peerName ?? "-", event.isRelayRefusal ? "relay-refusal" : "-"]
                } else {
                    fields += ["-", "-", "-", "-", "-"]
                }
                fields.append(verdict.text)
                // Each field escaped on its own: a tab inside log text shows as \\x09, so that
                // the real tabs between fields are the only ones.
                output += fields.map(DisplayText.escaped).joined(separator: "\t") + "\n"
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
