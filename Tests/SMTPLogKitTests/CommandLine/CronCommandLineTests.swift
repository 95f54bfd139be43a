import Foundation
import Testing
@testable import SMTPLogKit

/// What cron relies on: windows, `--state`, and an exit status that means something.
@Suite("smtplog from cron", .serialized)
struct CronCommandLineTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--day limits the report to that day and says so, in text and in JSON")
    func dayWindow() throws {
        let text = try CommandLineTests.smtplog(["report", "--day", "2026-11-22", "samples/exim.log"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("window: the day 2026-11-22"))
        let before = try CommandLineTests.smtplog(["report", "--format", "json", "--until", "2026-11-21", "samples/exim.log"])
        let document = try json(before.stdout)
        #expect(document["events"] as? Int == 0, "the sample starts on 2026-11-21")
        #expect((document["window"] as? [String: String])?["end"] == "2026-11-21T00:00:00")
        #expect(!before.stderr.contains("no SMTP reply found"), "an empty window is not an unknown format")
        let whole = try json(try CommandLineTests.smtplog(["report", "--format", "json", "samples/exim.log"]).stdout)
        let days = try ["2026-11-21", "2026-11-22"].map {
            try json(try CommandLineTests.smtplog(["report", "--format", "json", "--day", $0, "samples/exim.log"]).stdout)
        }
        #expect(days.allSatisfy { ($0["events"] as? Int ?? 0) > 0 })
        #expect(days.map { $0["events"] as? Int ?? 0 }.reduce(0, +) == whole["events"] as? Int)
    }

    @Test("every exit status: 0, 1 for --fail-on, 2 for input and state errors (2 wins), 64 for usage", arguments: [
        (["report", "samples/exim.log"], 0),
        (["report", "--fail-on", "critical", "samples/exim.log"], 1),
        (["report", "--fail-on", "critical", "samples/exim.log", "no-such.log"], 2),
        (["report", "no-such.log"], 2),
        (["report", "--day", "2026-02-30", "samples/exim.log"], 64),
        (["report", "--day", "today", "--since", "1h", "samples/exim.log"], 64),
        (["report", "--since", "soon", "samples/exim.log"], 64),
        (["report", "--state", "/nonexistent-dir/state", "samples/exim.log"], 2),
    ] as [([String], Int32)])
    func exitStatus(_ arguments: [String], _ status: Int32) throws {
        let result = try CommandLineTests.smtplog(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        if status == 2 { #expect(result.stderr.contains("smtplog: ")) }
    }

    @Test("--state: a second run over an unchanged log counts nothing; a damaged state warns and reads all")
    func stateFile() throws {
        let folder = try TemporaryFolder()
        let log = try folder.write("mail.log", try String(contentsOfFile: CommandLineTests.root.appendingPathComponent("samples/exim.log").path, encoding: .utf8))
        let state = folder.path("state.json")
        let first = try json(try CommandLineTests.smtplog(["report", "--format", "json", "--state", state, log]).stdout)
        #expect(first["events"] as? Int ?? 0 > 0)
        let second = try CommandLineTests.smtplog(["report", "--format", "json", "--state", state, log])
        #expect(second.status == 0)
        #expect(try json(second.stdout)["events"] as? Int == 0)
        try folder.write("state.json", "garbage")
        let damaged = try CommandLineTests.smtplog(["report", "--format", "json", "--state", state, log])
        #expect(damaged.status == 0)
        #expect(damaged.stderr.contains("state file is damaged; reading every input in full"))
        #expect(try json(damaged.stdout)["events"] as? Int == first["events"] as? Int)
        #expect(try ReadState.load(path: state)?.files.count == 1, "the damaged state was replaced")
    }

    @Test("no progress bar when stderr is not a terminal, and a file named twice is read once")
    func quietOnPipes() throws {
        let result = try CommandLineTests.smtplog(["report", "--format", "json", "samples/exim.log", "./samples/exim.log"])
        #expect(!result.stderr.contains("\r"))
        #expect(result.stderr.contains("is the same file as samples/exim.log; read once"))
        let once = try CommandLineTests.smtplog(["report", "--format", "json", "samples/exim.log"])
        #expect(try json(result.stdout)["events"] as? Int == json(once.stdout)["events"] as? Int)
    }

    @Test("on a terminal, a run over a second shows a progress bar on stderr, erased at the end, never in stdout")
    func progressOnTerminal() throws {
        let folder = try TemporaryFolder()
        let typescript = folder.path("typescript"), report = folder.path("report.json")
        // `script` gives the run a terminal; the slow pipe makes it last over a second.
        let command = "\(Shell.smtplog) report --threads 1 --format json samples/exim.log <(sleep 1.6; cat samples/exim.log) > \(report)"
        let result = try Shell.run("/usr/bin/script", ["-qfec", "bash -c '\(command)'", typescript],
                                   directory: CommandLineTests.root)
        #expect(result.status == 0, "\(result.stderr)")
        let screen = String(decoding: try Data(contentsOf: URL(fileURLWithPath: typescript)), as: UTF8.self)
        #expect(screen.contains("] 16 KB of 16 KB (100%)"), "a bar was drawn: \(screen)")
        #expect(screen.contains("\r\u{1B}[K"), "and erased")
        let json = String(decoding: try Data(contentsOf: URL(fileURLWithPath: report)), as: UTF8.self)
        #expect(json.hasPrefix("{") && !json.contains("\r"))
    }
}
