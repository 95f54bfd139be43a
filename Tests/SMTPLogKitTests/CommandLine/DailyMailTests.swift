import Foundation
import Testing
@testable import SMTPLogKit

/// `Config/smtplog-daily`, the cron and systemd job, with a stand-in `sendmail` that keeps the
/// message it is given.
@Suite("The daily mail job", .serialized)
struct DailyMailTests {
    static func run(format: String, options: String = "") throws -> (status: Int32, mail: String, stdout: String) {
        let folder = try TemporaryFolder()
        let mailbox = folder.path("mail.eml")
        let sendmail = try folder.write("sendmail", "#!/bin/sh\ncat > '\(mailbox)'\n")
        #expect(chmod(sendmail, 0o755) == 0)
        let defaults = try folder.write("defaults", """
            SMTPLOG=\(Shell.smtplog)
            LOGS="\(CommandLineTests.root.path)/samples/exim.log"
            DAY=2026-11-22
            FORMAT=\(format)
            SENDMAIL=\(sendmail)
            MAILTO=postmaster@example.com
            SMTPLOG_OPTIONS="\(options)"

            """)
        var environment = ProcessInfo.processInfo.environment
        environment["SMTPLOG_DEFAULTS"] = defaults
        let script = CommandLineTests.root.appendingPathComponent("Config/smtplog-daily").path
        let result = try Shell.run("/bin/sh", [script], environment: environment)
        let mail = (try? String(contentsOfFile: mailbox, encoding: .utf8)) ?? ""
        return (result.status, mail, String(decoding: result.stdout, as: UTF8.self))
    }

    /// The decoded body of the MIME part with `type`.
    static func part(_ mail: String, type: String) throws -> String {
        let start = try #require(mail.range(of: "Content-Type: \(type); charset=utf-8\nContent-Transfer-Encoding: base64\n\n"))
        let rest = mail[start.upperBound...]
        let body = rest.prefix { $0 != "-" }.replacingOccurrences(of: "\n", with: "")
        let data = try #require(Data(base64Encoded: body))
        return String(decoding: data, as: UTF8.self)
    }

    @Test("HTML: one multipart mail, the HTML report with the text report as its alternative")
    func multipart() throws {
        let (status, mail, _) = try DailyMailTests.run(format: "html")
        #expect(status == 0)
        #expect(mail.contains("To: postmaster@example.com\n"))
        #expect(mail.contains("Subject: smtplog: ") && mail.contains("mail report for 2026-11-22\n"))
        #expect(mail.contains("Content-Type: multipart/alternative; boundary="))
        let text = try DailyMailTests.part(mail, type: "text/plain")
        let html = try DailyMailTests.part(mail, type: "text/html")
        #expect(text.hasPrefix("smtplog report\n") && text.contains("window: the day 2026-11-22"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
    }

    @Test("text: a plain mail; findings at --fail-on are in the subject and the status")
    func plainWithFindings() throws {
        let (status, mail, _) = try DailyMailTests.run(format: "text", options: "--fail-on warning")
        #expect(status == 1)
        #expect(mail.contains("mail report for 2026-11-22: findings need attention\n"))
        #expect(!mail.contains("multipart"))
        #expect(try DailyMailTests.part(mail, type: "text/plain").contains("WARNING"))
    }
}
