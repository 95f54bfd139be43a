import Foundation
import Testing
@testable import SMTPLogKit

/// Strangers write HELO names, recipients, user names, host names and reply texts. Whatever
/// they wrote must reach the HTML and Markdown reports as text: no tag, no attribute, no table
/// column, no terminal escape, no invalid UTF-8.
@Suite("Hostile log text in HTML and Markdown")
struct HostileTextTests {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let column = "| col |"
    static let terminal = "\u{1B}[2J\u{1B}]0;pwned\u{07}"
    static let svg = "\"><svg/onload=alert(1)>|x|"

    /// Real Postfix line shapes with the hostile text where strangers control it: HELO,
    /// recipient domain, SASL user name, relay host name, reply text, a line not understood,
    /// and bytes that are not UTF-8. The file name is hostile too.
    static func report() throws -> (report: Report, folder: TemporaryFolder) {
        let s = script, i = image, c = column, t = terminal
        var log = [
            "Nov 22 06:25:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@\(s)>: Relay access denied; from=<a@example.com> to=<x@\(s)> proto=ESMTP helo=<\(s)>",
            "Nov 22 06:25:02 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@v\(c)\(t)>: Relay access denied; from=<a@example.com> to=<x@v\(c)\(t)> proto=ESMTP helo=<\(i)>",
            "Nov 22 06:25:03 mx1 postfix/submission/smtpd[2]: warning: unknown[203.0.113.45]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=\(s)",
            "Nov 22 06:25:04 mx1 postfix/submission/smtpd[2]: warning: unknown[203.0.113.45]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=\(i)\(c)\(t)",
            "Nov 22 07:25:05 mx1 postfix/smtp[3]: ABCDEF1234: to=<u@example.org>, relay=mx\(svg).example.org[198.51.100.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx\(svg).example.org[198.51.100.1] said: 550 5.1.1 <u@example.org>: \(i) \(c) \(t) (in reply to RCPT TO command))",
            "Nov 22 07:25:06 mx1 postfix/smtp[3]: ABCDEF1235: to=<p@old.example.net>, relay=mx.old.example.net[198.51.100.60]:25, delay=1, delays=0/0/0/1, dsn=5.1.6, status=bounced (host mx.old.example.net[198.51.100.60] said: 551 5.1.6 User not local; please try <\(i)> (in reply to RCPT TO command))",
            "Nov 22 08:25:07 mx1 postfix/smtpd[4]: NOQUEUE: reject: RCPT from weird[203.0.113.7]: 9x9 \(s) \(c) \(t)",
        ].map { Array($0.utf8) + [0x0A] }.joined().map { $0 }
        log += Array("Nov 22 08:25:08 mx1 postfix/smtpd[5]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@bad".utf8)
            + [0xFF, 0xFE, 0xC3, 0x28] + Array(".example>: Relay access denied; to=<x@bad".utf8) + [0xFF, 0xFE, 0xC3, 0x28]
            + Array(".example> proto=ESMTP helo=<h".utf8) + [0xFF] + Array(">\n".utf8)
        let folder = try TemporaryFolder()
        let path = try folder.write("x<script>|\u{1B}[2J.log", log)
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        return (Report(inputs: [analyzer.analyze(InputName(path))]), folder)
    }

    /// The hostile text did reach the report: otherwise the checks below would prove nothing.
    static func reachesReport(_ report: Report) {
        let users = report.summary.authUsers.counts.keys
        #expect(users.contains(script))
        #expect(report.summary.relayDomains.counts.keys.contains { $0.contains("col") && $0.contains("\u{1B}") })
        #expect(report.summary.peers[.permanentNegative]?.counts.keys.contains { $0.contains("<svg") } == true)
        #expect(report.summary.notUnderstoodExamples.contains { $0.text.contains(script) })
        #expect(report.summary.relayDomains.counts.keys.contains { $0.contains("\u{FFFD}") })
    }

    /// What no output may hold: control characters other than a newline, and the raw forms.
    static func expectNoRawControl(_ output: String, _ format: String) {
        let controls = output.unicodeScalars.filter { DisplayText.isUnsafe($0) && $0 != "\n" }
        #expect(controls.isEmpty, "\(format) holds control characters \(controls.map { $0.value })")
        #expect(output.contains("\\x1b[2J") || output.contains("\\x1b\\[2J"), "\(format): the escape is not shown")
        #expect(output.contains("\u{FFFD}"), "\(format): invalid UTF-8 is not shown as U+FFFD")
    }

    @Test("HTML shows hostile text as text: no tag, no handler, no control character")
    func html() throws {
        let (report, folder) = try HostileTextTests.report()
        defer { withExtendedLifetime(folder) {} }
        HostileTextTests.reachesReport(report)
        let html = (try report.rendered(.html))
        let page = try HTMLPage(html)

        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "div", "h1", "h2", "p", "span",
                                    "code", "strong", "table", "tr", "th", "td", "ul", "li", "svg", "g", "rect",
                                    "line", "text"]
        #expect(Set(page.elements.map(\.name)).subtracting(allowed).isEmpty)
        #expect(page.elements.allSatisfy { $0.attributes.keys.allSatisfy { !$0.hasPrefix("on") } })
        for raw in ["<script", "<img", "<svg/", "onerror=alert(1)>"] {
            #expect(!html.contains(raw), "raw \(raw) in the HTML")
        }
        HostileTextTests.expectNoRawControl(html, "HTML")
        // Decoded, the page says exactly what the log said.
        for shown in [HostileTextTests.script, HostileTextTests.image, HostileTextTests.svg, "pwned\\x07"] {
            #expect(page.text.contains(shown), "\(shown) is not shown as text")
        }
    }

    @Test("Markdown shows hostile text as text: every markup character escaped, no extra column")
    func markdown() throws {
        let (report, folder) = try HostileTextTests.report()
        defer { withExtendedLifetime(folder) {} }
        let markdown = (try report.rendered(.markdown))

        #expect(!markdown.contains(HostileTextTests.column), "a raw pipe pair in the Markdown")
        HostileTextTests.expectNoRawControl(markdown, "Markdown")
        // Every markup character a stranger wrote is preceded by a backslash. The report's own
        // markup uses none of these, except pipes in tables (counted below) and bold labels.
        for character: Character in ["<", ">", "`", "_", "[", "]", "~", "$", "&"] {
            #expect(MarkdownCheck.unescaped(character, in: markdown).isEmpty, "an unescaped \(character)")
        }
        let prose = MarkdownCheck.prose(markdown)
        for character: Character in ["*", "|"] {
            #expect(MarkdownCheck.unescaped(character, in: prose).isEmpty, "an unescaped \(character) outside tables")
        }
        MarkdownCheck.expectWellFormedTables(markdown)
        // Unescaped and unwrapped, it says exactly what the log said.
        let plain = MarkdownCheck.unescape(markdown).replacingOccurrences(of: "\n  ", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
        for shown in [HostileTextTests.script, HostileTextTests.image, HostileTextTests.svg, "pwned\\x07"] {
            #expect(plain.contains(shown), "\(shown) is not shown as text")
        }
    }
}
