import Foundation
import Testing
@testable import SMTPLogKit

/// The built `smtplog` binary, end to end: golden reports of the samples, exit statuses,
/// stdin, colour and diagnostics. `SMTPLOG_RECORD=1 swift test` rewrites the goldens and
/// fails once, so that a new golden never passes unseen.
@Suite("smtplog command line", .serialized)
struct CommandLineTests {
    static let root = Shell.packageRoot

    static func smtplog(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        let process = try Shell.run(Shell.smtplog, arguments, stdin: stdin, environment: environment, directory: root)
        return (process.status, String(decoding: process.stdout, as: UTF8.self), process.stderr)
    }

    struct Golden: Sendable, CustomStringConvertible {
        let name: String
        let arguments: [String]
        var description: String { name }
    }

    static let goldens: [Golden] = [
        Golden(name: "postfix.report.txt", arguments: ["report", "--year", "2026", "samples/postfix.log"]),
        Golden(name: "postfix.report.json", arguments: ["report", "--year", "2026", "--format", "json", "--host", "mx1.example.org", "samples/postfix.log"]),
        Golden(name: "exim.report.txt", arguments: ["report", "samples/exim.log"]),
        Golden(name: "exim.report.json", arguments: ["report", "--format", "json", "--host", "mx2.example.org", "samples/exim.log"]),
        Golden(name: "postfix.report.md", arguments: ["report", "--year", "2026", "--format", "markdown", "samples/postfix.log"]),
        Golden(name: "postfix.report.html", arguments: ["report", "--year", "2026", "--format", "html", "samples/postfix.log"]),
        Golden(name: "exim.report.md", arguments: ["report", "--format", "markdown", "samples/exim.log"]),
        Golden(name: "exim.report.html", arguments: ["report", "--format", "html", "samples/exim.log"]),
        Golden(name: "postfix.report.prom", arguments: ["report", "--year", "2026", "--format", "prometheus", "samples/postfix.log"]),
    ]

    @Test("the sample reports match their golden files", arguments: goldens)
    func goldenReports(_ golden: Golden) throws {
        var result = try CommandLineTests.smtplog(golden.arguments)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        // The run's clock, the only figures no log fixes, is compared apart (PrometheusCommandLineTests).
        if golden.name.hasSuffix(".prom") { result.stdout = PrometheusGolden.fixingClock(result.stdout) }
        let path = CommandLineTests.root.appendingPathComponent("samples").appendingPathComponent(golden.name)
        if ProcessInfo.processInfo.environment["SMTPLOG_RECORD"] == "1" {
            try result.stdout.write(to: path, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.name): check it and run the tests again without SMTPLOG_RECORD")
            return
        }
        let expected = try String(contentsOf: path, encoding: .utf8)
        #expect(result.stdout == expected, "\(golden.name) differs from the golden file")
    }

    @Test("text output stays within 100 columns and has no colour on a pipe")
    func textWidth() throws {
        let result = try CommandLineTests.smtplog(["report", "--year", "2026", "samples/postfix.log", "samples/exim.log"])
        #expect(result.status == 0)
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 100, "too wide: \(line)")
        }
        #expect(!result.stdout.contains("\u{1B}["))
        let colored = try CommandLineTests.smtplog(["report", "--color", "always", "--year", "2026", "samples/postfix.log"])
        #expect(colored.stdout.contains("\u{1B}[1m"))
    }

    @Test("a missing file is named on stderr, the others are reported, and the status is 2")
    func missingFile() throws {
        let result = try CommandLineTests.smtplog(["report", "--format", "json", "no/such/mail.log", "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("smtplog: no/such/mail.log: no such file or directory"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["events"] as? Int == 41)
    }

    @Test("a directory is an input error, not a crash")
    func directory() throws {
        let result = try CommandLineTests.smtplog(["report", "samples"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("smtplog: samples: is a directory"))
    }

    @Test("usage errors exit with 64")
    func usageErrors() throws {
        #expect(try CommandLineTests.smtplog(["report", "--top", "0", "samples/exim.log"]).status == 64)
        #expect(try CommandLineTests.smtplog(["report", "--format", "yaml", "samples/exim.log"]).status == 64)
        #expect(try CommandLineTests.smtplog(["report", "--year", "12", "samples/exim.log"]).status == 64)
    }

    @Test("stdin is read with '-' and with no file, and gzip on stdin is recognised")
    func standardInput() throws {
        let log = try Data(contentsOf: CommandLineTests.root.appendingPathComponent("samples/exim.log"))
        for arguments in [["report", "--format", "json", "-"], ["report", "--format", "json"]] {
            let result = try CommandLineTests.smtplog(arguments, stdin: log)
            #expect(result.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["events"] as? Int == 41)
        }
        let folder = try TemporaryFolder()
        let plain = try folder.write("exim.log", Array(log))
        let gzip = try Shell.run("/bin/gzip", ["-c", plain])
        let result = try CommandLineTests.smtplog(["report", "--format", "json", "-"], stdin: gzip.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["events"] as? Int == 41)
    }

    @Test("a file with no reply says so on stderr: an unknown format must not look like a quiet day")
    func noEventsWarning() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("auth.log", "Nov 22 06:25:01 host sshd[1]: Accepted publickey for root\n"
                                             + "Nov 22 06:25:02 host sshd[1]: session opened\n")
        let result = try CommandLineTests.smtplog(["report", path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no SMTP reply found in 2 lines"))
        #expect(result.stderr.contains("sshd"))
    }

    @Test("a closed pipe ends the run quietly with status 0")
    func closedPipe() throws {
        let script = "'\(Shell.smtplog)' lines samples/postfix.log samples/postfix.log samples/postfix.log | head -n 1 >/dev/null; echo ${PIPESTATUS[0]}"
        let result = try Shell.run("/bin/bash", ["-c", script], directory: CommandLineTests.root)
        #expect(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(!result.stderr.contains("smtplog"))
    }

    @Test("'smtplog lines' shows each line's verdict")
    func linesCommand() throws {
        let result = try CommandLineTests.smtplog(["lines", "--only", "event", "samples/exim.log"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n")
        #expect(rows.count == 41)
        // Fields separated by real tabs: place, verdict, code, direction, implied, peer, relay, line.
        for row in rows {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(fields.count == 8, "\(row)")
            #expect(fields[0].hasPrefix("samples/exim.log:") && fields[1] == "event")
            #expect(Int(fields[2]).map { (200...599).contains($0) } == true)
            #expect(["inbound", "outbound"].contains(fields[3]) && ["implied", "written"].contains(fields[4]))
            #expect(fields[7].hasPrefix("2026-11-"))
        }
    }

    @Test("explain prints one entry, compares two, and translates the headings")
    func explain() throws {
        let one = try CommandLineTests.smtplog(["explain", "535"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("535"))
        #expect(one.stdout.contains("smtp_sasl_password_maps"), "the outbound fix names the Postfix setting")
        let enhanced = try CommandLineTests.smtplog(["explain", "5.7.8"])
        #expect(enhanced.status == 0 && enhanced.stdout.contains("5.7.8"))
        let pair = try CommandLineTests.smtplog(["explain", "251", "551"])
        #expect(pair.status == 0 && pair.stdout.contains("251") && pair.stdout.contains("551"))
        let vietnamese = try CommandLineTests.smtplog(["explain", "--lang", "vi", "535"])
        #expect(vietnamese.stdout.contains("Mô tả"))
        let japanese = try CommandLineTests.smtplog(["explain", "--lang", "ja", "251", "551"])
        #expect(japanese.stdout.contains("主な違い"))
    }

    @Test("a malformed or unknown code is a clear error with status 64", arguments: ["5x5", "999", "5.7", "599", ""])
    func explainErrors(code: String) throws {
        let result = try CommandLineTests.smtplog(["explain", code])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("smtplog: "), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("codes lists every known code with its title")
    func codes() throws {
        let result = try CommandLineTests.smtplog(["codes"])
        #expect(result.status == 0)
        for code in ["220", "235", "250", "251", "530", "535", "551", "554", "X.7.8", "X.7.1", "X.1.1"] {
            #expect(result.stdout.contains(code), "\(code) missing from 'smtplog codes'")
        }
    }

    @Test("--fail-on exits 1 when a finding reaches the severity, and an input error still wins with 2")
    func failOn() throws {
        // The Exim sample's most severe finding is critical (a password-guessing run).
        #expect(try CommandLineTests.smtplog(["report", "--fail-on", "critical", "samples/exim.log"]).status == 1)
        #expect(try CommandLineTests.smtplog(["report", "--fail-on", "warning", "samples/exim.log"]).status == 1)
        #expect(try CommandLineTests.smtplog(["report", "samples/exim.log"]).status == 0)
        let folder = try TemporaryFolder()
        let quiet = try folder.write("quiet.log", "2026-11-22 06:25:01 Start queue run: pid=1\n")
        #expect(try CommandLineTests.smtplog(["report", "--fail-on", "info", quiet]).status == 0)
        #expect(try CommandLineTests.smtplog(["report", "--fail-on", "critical", "samples/exim.log", "missing.log"]).status == 2)
        #expect(try CommandLineTests.smtplog(["report", "--fail-on", "loud", "samples/exim.log"]).status == 64)
    }

    @Test("a configuration error names the file and the key, and exits 2")
    func configError() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("smtplog.yml", "auth_failures:\n  treshold: 3\n")
        let result = try CommandLineTests.smtplog(["report", "--config", config, "samples/exim.log"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):2: auth_failures.treshold: unknown key"))
    }
}
