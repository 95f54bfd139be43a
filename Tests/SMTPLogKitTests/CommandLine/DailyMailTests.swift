import Foundation
import Testing
@testable import SMTPLogKit

/// `Config/smtplog-daily`, the cron and systemd job, with a stand-in `sendmail` that keeps the
/// message it is given.
@Suite("The daily mail job", .serialized)
struct DailyMailTests {
    static func run(format: String, options: String = "", smtplog: String = Shell.smtplog, in folder: TemporaryFolder? = nil,
                    day: String = "2026-11-22",
                    environment extra: [String: String] = [:]) throws -> (status: Int32, mail: String, stdout: String) {
        let folder = try folder ?? TemporaryFolder()
        let mailbox = folder.path("mail.eml")
        let sendmail = try folder.write("sendmail", "#!/bin/sh\ncat > '\(mailbox)'\n")
        #expect(chmod(sendmail, 0o755) == 0)
        let defaults = try folder.write("defaults", """
            SMTPLOG=\(smtplog)
            LOGS="\(CommandLineTests.root.path)/samples/exim.log"
            DAY=\(day)
            FORMAT=\(format)
            SENDMAIL=\(sendmail)
            MAILTO=postmaster@example.com
            SMTPLOG_OPTIONS="\(options)"

            """)
        var environment = ProcessInfo.processInfo.environment
        environment["SMTPLOG_DEFAULTS"] = defaults
        environment.merge(extra) { $1 }
        try? FileManager.default.removeItem(atPath: mailbox)
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

    @Test("a day with no log line is a log that stopped: the subject says so, and --fail-on warning fails the job")
    func loggingStopped() throws {
        // The sample's lines are from November 21 and 22: a week later, nothing was written.
        let (status, mail, _) = try DailyMailTests.run(format: "text", options: "--fail-on warning", day: "2026-11-29")
        #expect(status == 1)
        #expect(mail.contains("Subject: smtplog: ") && mail.contains("mail report for 2026-11-29: LOGGING STOPPED"))
        let text = try DailyMailTests.part(mail, type: "text/plain").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("WARNING No log line inside the day 2026-11-29: the newest line is from 2026-11-22"))
    }

    /// The figures line both renderings print: "8 replies in 45 lines of the window: …".
    static func figures(_ text: String) -> String? {
        guard let range = text.range(of: #"[0-9,]+ replies in [0-9,]+ lines[^<\n]*"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    @Test("with --state in SMTPLOG_OPTIONS smtplog runs once: both parts carry the same figures, the state moves once per mail")
    func stateMovesOncePerMail() throws {
        let folder = try TemporaryFolder()
        let state = folder.path("daily.state")
        let (status, mail, _) = try DailyMailTests.run(format: "html", options: "--state \(state)", in: folder)
        #expect(status == 0)
        let text = try DailyMailTests.part(mail, type: "text/plain")
        let html = try DailyMailTests.part(mail, type: "text/html")
        let figures = try #require(DailyMailTests.figures(text))
        #expect(figures.hasPrefix("8 replies in 45 lines"), "the day's figures: \(figures)")
        #expect(DailyMailTests.figures(html) == figures, "the HTML part is the same analysis as the text part")
        #expect(try ReadState.load(path: state)?.generation == 1, "one smtplog run, one state commit")
        // The next mail has nothing new, in both parts.
        let (_, again, _) = try DailyMailTests.run(format: "html", options: "--state \(state)", in: folder)
        #expect(DailyMailTests.figures(try DailyMailTests.part(again, type: "text/plain"))?.hasPrefix("0 replies in 0 lines") == true)
        #expect(DailyMailTests.figures(try DailyMailTests.part(again, type: "text/html"))?.hasPrefix("0 replies in 0 lines") == true)
        #expect(try ReadState.load(path: state)?.generation == 2)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("smtplog writes no report (refused state): the mail says so with its message, never an empty body")
    func failedRunIsMailed() throws {
        let folder = try TemporaryFolder()
        let loose = folder.path("loose")
        #expect(mkdir(loose, 0o777) == 0 && chmod(loose, 0o777) == 0)
        let (status, mail, _) = try DailyMailTests.run(format: "html", options: "--state \(loose)/state", in: folder)
        #expect(status == 2)
        #expect(mail.contains("mail report for 2026-11-22: no report (smtplog failed with status 2)\n"))
        #expect(!mail.contains("multipart"))
        let body = try DailyMailTests.part(mail, type: "text/plain")
        #expect(body.contains("smtplog wrote no report for 2026-11-22"))
        #expect(body.contains("is writable by others (mode 0777) and has no sticky bit"))
        #expect(!FileManager.default.fileExists(atPath: "\(loose)/state"))
    }

    @Test("another run holds the state's lock: status 75, and the mail says so")
    func lockedStateIsMailed() throws {
        let folder = try TemporaryFolder()
        let state = folder.path("daily.state")
        let lock = try StateLock.acquire(state + ".lock", timeout: 0)
        defer { lock.release() }
        let (status, mail, _) = try DailyMailTests.run(format: "text", options: "--state \(state) --lock-timeout 0.2", in: folder)
        #expect(status == 75)
        #expect(mail.contains("no report (another smtplog run held the state's lock)\n"))
        #expect(try DailyMailTests.part(mail, type: "text/plain").contains("has held its lock for 0.2 s"))
        #expect(!FileManager.default.fileExists(atPath: state), "the waiting run read and saved nothing")
    }

    @Test("an smtplog that exits 0 but writes nothing, or no temporary directory: the mail says so, not an empty body")
    func emptyReportIsMailed() throws {
        let folder = try TemporaryFolder()
        let silent = try folder.write("silent-smtplog", "#!/bin/sh\nexit 0\n")
        #expect(chmod(silent, 0o755) == 0)
        let (status, mail, _) = try DailyMailTests.run(format: "html", smtplog: silent, in: folder)
        #expect(status == 2)
        #expect(mail.contains("no report (smtplog wrote an empty report)"))
        #expect(try DailyMailTests.part(mail, type: "text/plain").contains("smtplog wrote no report"))
        let (noTemp, tempMail, _) = try DailyMailTests.run(format: "html", in: folder,
                                                           environment: ["TMPDIR": folder.path("no-such-directory")])
        #expect(noTemp == 2)
        #expect(try DailyMailTests.part(tempMail, type: "text/plain").contains("cannot create a temporary directory"))
    }
}
