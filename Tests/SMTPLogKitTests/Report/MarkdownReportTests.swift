import Foundation
import Testing
@testable import SMTPLogKit

/// The Markdown report: GFM pipe tables that log text cannot break, prose within 100 columns,
/// and the same sections in the same order as the text and HTML reports.
@Suite("Markdown report")
struct MarkdownReportTests {
    @Test("prose stays within 100 columns and every table is well formed", arguments: ["postfix.log", "exim.log"])
    func layout(_ sample: String) throws {
        let markdown = (try HTMLReportTests.sample(sample).rendered(.markdown))
        for line in markdown.split(separator: "\n") where !MarkdownCheck.isTableLine(line) {
            #expect(line.count <= MarkdownRenderer.width, "too wide: \(line)")
        }
        MarkdownCheck.expectWellFormedTables(markdown)
        #expect(markdown.hasPrefix("# smtplog report\n"))
        #expect(!markdown.contains("\n\n\n"), "no run of blank lines")
    }

    @Test("the text, Markdown and HTML reports show the same sections in the same order", arguments: ["postfix.log", "exim.log"])
    func sameSections(_ sample: String) throws {
        let report = HTMLReportTests.sample(sample)
        // In the text report a section title is a line that starts in the first column.
        let text = (try report.rendered(.text)).split(separator: "\n")
            .filter { !$0.hasPrefix(" ") }.dropFirst().map(String.init)
        let markdown = (try report.rendered(.markdown)).split(separator: "\n")
            .filter { $0.hasPrefix("## ") }.map { MarkdownCheck.unescape(String($0.dropFirst(3))) }
        let html = try HTMLPage((try report.rendered(.html))).elements(named: "h2").map(\.text)
        #expect(text.count > 5)
        #expect(markdown == text)
        #expect(html == text)
    }

    @Test("findings come first, in order, each with its explanation and fix")
    func findings() throws {
        let report = HTMLReportTests.sample("exim.log")
        let markdown = (try report.rendered(.markdown))
        // Unwrapped and unescaped, the prose reads as the findings say.
        let plain = MarkdownCheck.unescape(markdown).replacingOccurrences(of: "\n  ", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
        let tables = try #require(plain.range(of: "## Replies by class"))
        var searchFrom = plain.startIndex
        for finding in report.findings {
            let heading = try #require(plain.range(of: "### \(finding.severity.rawValue.uppercased())" + (CellText.code(finding).map { ": \($0)" } ?? ""),
                                                   range: searchFrom..<plain.endIndex))
            let fix = try #require(plain.range(of: finding.fix, range: heading.upperBound..<plain.endIndex))
            #expect(plain.range(of: finding.statement, range: heading.upperBound..<fix.lowerBound) != nil)
            #expect(plain.range(of: finding.explanation, range: heading.upperBound..<fix.lowerBound) != nil)
            #expect(fix.upperBound < tables.lowerBound)
            searchFrom = fix.upperBound
        }
    }

    @Test("text that begins a block or a wrapped line never opens a list, a heading or an underline")
    func blockStarts() {
        #expect(MarkdownEscaping.escapedBlockStart("- x.log") == "\\- x.log")
        #expect(MarkdownEscaping.escapedBlockStart("1. x.log") == "1\\. x.log")
        #expect(MarkdownEscaping.escapedBlockStart("12) x") == "12\\) x")
        #expect(MarkdownEscaping.escapedBlockStart("# x") == "\\# x")
        #expect(MarkdownEscaping.escapedBlockStart("=== x") == "\\=== x")
        #expect(MarkdownEscaping.escapedBlockStart("5.7.1 refused") == "5.7.1 refused")
        #expect(MarkdownEscaping.escapedBlockStart("-f x") == "-f x")
        for word in ["-", "+", "#", "===", "---", "1.", "42)"] {
            #expect(!MarkdownEscaping.canStartLine(word[...]), "\(word)")
        }
        for word in ["-f", "#1", "5.7.1", "550", "x"] {
            #expect(MarkdownEscaping.canStartLine(word[...]), "\(word)")
        }
        #expect(MarkdownEscaping.escaped("a|b `c` *d* _e_ [f](g) <h> ~i~ $j$ &k; \\l")
                == "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\<h\\> \\~i\\~ \\$j\\$ \\&k; \\\\l")
        #expect(MarkdownEscaping.escaped("line\nbreak\u{1B}") == "line\\\\x0abreak\\\\x1b")
    }
}
