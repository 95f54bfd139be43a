import Foundation
import Testing
@testable import SMTPLogKit

/// Log text written by strangers, through every output of the built binary: nothing may reach a
/// terminal as a control sequence, on stdout or on stderr.
@Suite("Hostile log text on the command line", .serialized)
struct HostileCommandLineTests {
    static let attack = "\u{1B}[2J\u{1B}]0;pwned\u{07}"

    static func log() -> [UInt8] {
        let lines = [
            "Nov 22 06:25:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from evil\(attack)[192.0.2.7]: 554 5.7.1 <x@y\(attack).example>: Relay access denied; from=<a@b.example> to=<x@y.example> proto=ESMTP helo=<\(attack)<script>>",
            "Nov 22 06:25:02 mx postfix/smtpd[1]: warning: unknown[192.0.2.8]: SASL LOGIN authentication failed: \(attack), sasl_username=root\(attack)",
            "Nov 22 06:25:03 mx \(attack)evil[2]: hello",
            "Nov 22 06:25:04 mx postfix/smtp[3]: ABC123: to=<u@d.example>, relay=mx.d.example[198.51.100.1]:25, delay=1, delays=0/0/0/1, dsn=5.7.1, status=bounced (host mx.d.example[198.51.100.1] said: 550 5.7.1 \(attack) blocked (in reply to RCPT TO command))",
        ]
        var bytes = Array(lines.joined(separator: "\n").utf8) + [0x0A]
        // Invalid UTF-8 and a NUL in a reply text.
        bytes += Array("Nov 22 06:25:05 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 550 5.1.1 <".utf8)
            + [0xFF, 0xFE, 0x00, 0xC3] + Array(">: Recipient address rejected: User unknown; from=<a@b> to=<c@d> proto=ESMTP helo=<x>\n".utf8)
        return bytes
    }

    @Test("no escape or bell byte reaches stdout or stderr, in any format or subcommand", arguments: [
        ["report", "--format", "text", "--color", "always"], ["report", "--format", "json"],
        ["report", "--format", "markdown"], ["report", "--format", "html"], ["lines"],
    ])
    func noControlBytes(_ arguments: [String]) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("evil.log", HostileCommandLineTests.log())
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        let result = try Shell.run(Shell.smtplog, arguments + [path], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        var stdout = [UInt8](result.stdout)
        if arguments.contains("always") {
            // The palette's own colour codes are the only escapes allowed: SGR sequences.
            let text = String(decoding: stdout, as: UTF8.self)
                .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            stdout = Array(text.utf8)
        }
        #expect(!stdout.contains(0x1B) && !stdout.contains(0x07) && !stdout.contains(0x00), "stdout of \(arguments)")
        let stderr = Array(result.stderr.utf8)
        #expect(!stderr.contains(0x1B) && !stderr.contains(0x07), "stderr of \(arguments): \(result.stderr)")
        let shown = String(decoding: result.stdout, as: UTF8.self)
        #expect(shown.contains("\\x1b") || shown.contains("\\u001b") || shown.contains("\\\\x1b"),
                "the attack is shown escaped, not dropped: \(arguments)")
    }

    @Test("warnings that quote the log (program names) are escaped on stderr")
    func warningsEscaped() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("other.log", "Nov 22 06:25:03 mx \u{1B}]0;pwned\u{07}evil[2]: hello\n")
        let result = try Shell.run(Shell.smtplog, ["report", path])
        #expect(result.stderr.contains("programs seen: \\x1b]0;pwned\\x07evil"), "\(result.stderr)")
        #expect(!Array(result.stderr.utf8).contains(0x1B))
    }
}
