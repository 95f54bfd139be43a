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
        #expect(report.summary.relayDomains.counts.keys.contains { $0.contains("\\xff\\xfe\\xc3(") })
    }

    /// What no output may hold: control characters other than a newline, and the raw forms.
    static func expectNoRawControl(_ output: String, _ format: String) {
        let controls = output.unicodeScalars.filter { DisplayText.isUnsafe($0) && $0 != "\n" }
        #expect(controls.isEmpty, "\(format) holds control characters \(controls.map { $0.value })")
        #expect(output.contains("\\x1b[2J") || output.contains("\\x1b\\[2J"), "\(format): the escape is not shown")
        // Keys cut from a line (the relay domain here) and whole lines alike show a bad byte as
        // `\xff`, never as U+FFFD.
        #expect(!output.contains("\u{FFFD}"), "\(format): invalid UTF-8 shown as U+FFFD")
        #expect(output.contains("xff"), "\(format): invalid UTF-8 is not shown")
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

    /// One character of each kind that can reorder, hide or split what surrounds it: Cf
    /// (bidirectional marks, overrides and isolates, zero-width characters, the BOM, the soft
    /// hyphen, an invisible operator, a tag character), Zl and Zp.
    static let formatCharacters: [(scalar: Unicode.Scalar, category: String)] = [
        ("\u{200F}", "Cf right-to-left mark"), ("\u{200E}", "Cf left-to-right mark"), ("\u{202E}", "Cf override"),
        ("\u{2067}", "Cf isolate"), ("\u{200B}", "Cf zero-width space"), ("\u{200D}", "Cf zero-width joiner"),
        ("\u{FEFF}", "Cf byte order mark"), ("\u{00AD}", "Cf soft hyphen"), ("\u{2062}", "Cf invisible times"),
        ("\u{E0041}", "Cf tag"), ("\u{061C}", "Cf Arabic letter mark"),
        ("\u{2028}", "Zl line separator"), ("\u{2029}", "Zp paragraph separator"),
    ]

    @Test("every format, line-separator and paragraph-separator character is escaped", arguments: formatCharacters)
    func formatCharacter(_ character: Unicode.Scalar, category: String) throws {
        let expectedCategory: Unicode.GeneralCategory = category.hasPrefix("Zl") ? .lineSeparator
            : category.hasPrefix("Zp") ? .paragraphSeparator : .format
        #expect(character.properties.generalCategory == expectedCategory)
        let shown = String(repeating: "0", count: max(0, 4 - String(character.value, radix: 16).count))
        let visible = "\\u{" + shown + String(character.value, radix: 16) + "}"
        let raw = "evil\(Character(character))text"
        #expect(DisplayText.escaped(raw) == "evil\(visible)text")
        #expect(HTMLEscaping.escaped(raw) == "evil\(visible)text")
        // Markdown puts a backslash before the escape's own backslash.
        #expect(MarkdownEscaping.escaped(raw) == "evil\\" + visible + "text")

        // Through whole reports: the character sits in a reply text, a SASL user name and a line
        // that is not understood.
        let c = String(Character(character))
        let log = [
            "Nov 22 06:25:01 mx1 postfix/smtp[3]: ABCDEF1234: to=<u@example.org>, relay=mx.example.org[198.51.100.1]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.1] said: 550 5.1.1 <u@example.org>: gone\(c)away (in reply to RCPT TO command))",
            "Nov 22 06:25:03 mx1 postfix/submission/smtpd[2]: warning: unknown[203.0.113.45]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=adm\(c)in",
            "Nov 22 08:25:07 mx1 postfix/smtpd[4]: NOQUEUE: reject: RCPT from weird[203.0.113.7]: 9x9 odd\(c)line",
        ].joined(separator: "\n") + "\n"
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(bytes: Array(log.utf8), name: InputName("f\(c).log"))
        let report = Report(inputs: [result])
        for (format, output) in [("text", try report.rendered(.text)),
                                 ("Markdown", try report.rendered(.markdown)), ("HTML", try report.rendered(.html))] {
            #expect(!output.unicodeScalars.contains(character), "\(category) reaches the \(format) report raw")
            #expect(output.contains(visible) || output.contains(visible.replacingOccurrences(of: "{", with: "\\{")),
                    "\(format) does not show \(visible)")
        }
    }

    @Test("format and separator characters in a message reach stderr escaped")
    func formatCharactersOnStderr() throws {
        let folder = try TemporaryFolder()
        let name = folder.path("missing\u{202E}gol.\u{2028}x.log")
        let result = try Shell.run(Shell.smtplog, ["report", name])
        #expect(result.status == 2)
        #expect(!result.stderr.unicodeScalars.contains("\u{202E}") && !result.stderr.unicodeScalars.contains("\u{2028}"))
        #expect(result.stderr.contains("missing\\u{202e}gol.\\u{2028}x.log"), "stderr: \(result.stderr)")
    }

    /// Exim's bounce line for a recipient whose address holds a byte that is not UTF-8.
    static let eximInvalidLine: [UInt8] = Array("2026-11-22 09:44:33 10HmaX-000000005vi-0000 ** u".utf8) + [0xFF]
        + Array("@test.ex R=client T=send_to_server H=mx.test.ex [192.0.2.7] : SMTP error from remote mail server after RCPT TO:<u".utf8)
        + [0xFF] + Array("@x>: 550 5.1.1 no such user\n".utf8)

    @Test("a reply line with an invalid byte counts as its reply, and every output shows the byte as \\xff")
    func invalidByteInReply() throws {
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(bytes: HostileTextTests.eximInvalidLine,
                                                                                    name: InputName("exim.log"))
        #expect(result.summary.lines.events == 1)
        #expect(result.summary.lines.notUnderstood == 0)
        #expect(result.summary.codes[550]?.total == 1)
        // A threshold of 1 makes the bounce a finding, which shows the line as its example.
        var rules = RuleSet()
        rules.configure(InvalidRecipientsRule.self) { $0.threshold = 1 }
        let report = Report(inputs: [result], rules: rules)
        let json = try report.rendered(.json)
        for (format, output) in [("text", try report.rendered(.text)),
                                 ("Markdown", try report.rendered(.markdown)), ("HTML", try report.rendered(.html)),
                                 ("JSON", json)] {
            #expect(!output.contains("\u{FFFD}"), "\(format) shows U+FFFD")
            // The text report cuts the example at its width; Markdown wraps it.
            let shown = format == "JSON" ? "RCPT TO:<u\\\\xff@x>" : format == "Markdown" ? "\\<u\\\\xff@x\\>"
                : format == "HTML" ? "RCPT TO:&lt;u\\xff@x&gt;" : "u\\xff@test.ex"
            #expect(output.contains(shown), "\(format) does not show the line with \\xff")
        }
    }

    @Test("smtplog lines shows the reply of a line with an invalid byte, and the byte as \\xff")
    func invalidByteInLines() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("exim.log", HostileTextTests.eximInvalidLine)
        let result = try Shell.run(Shell.smtplog, ["lines", path])
        let out = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.status == 0)
        #expect(out.hasPrefix("\(path):1\tevent\t550\toutbound\twritten\t192.0.2.7\t-\t"), "stdout: \(out)")
        #expect(out.contains("RCPT TO:<u\\xff@x>: 550 5.1.1 no such user"))
    }

    @Test("display text from log bytes keeps valid UTF-8 and shows each invalid byte", arguments: [
        ([0x61, 0xFF, 0x62], "a\\xffb"),
        ([0xC3, 0xA9, 0xC3], "é\\xc3"),
        ([0xE2, 0x82, 0x41], "\\xe2\\x82A"),
        ([0xED, 0xA0, 0x80], "\\xed\\xa0\\x80"),          // a UTF-16 surrogate encoded as UTF-8
        ([0xF0, 0x9F, 0x98, 0x80, 0x80], "😀\\x80"),
        ([0x1B, 0x5B, 0x32, 0x4A], "\u{1B}[2J"),              // controls are left for `escaped`
    ] as [([UInt8], String)])
    func fromLog(bytes: [UInt8], expected: String) {
        #expect(LogText.display(bytes) == expected)
    }
}
