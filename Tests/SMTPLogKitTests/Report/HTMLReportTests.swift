import Foundation
import Testing
@testable import SMTPLogKit

/// The HTML page is mailed to administrators: it must stand alone (nothing to fetch, nothing to
/// run) and hold up to a strict reading, tag by tag.
@Suite("HTML report")
struct HTMLReportTests {
    static func sample(_ name: String) -> Report {
        FindingsTests.report([Shell.packageRoot.appendingPathComponent("samples/\(name)").path], year: 2026)
    }

    /// Elements that load, embed, link or run something.
    static let forbiddenElements: Set<String> = [
        "script", "iframe", "frame", "object", "embed", "img", "image", "link", "base", "form", "input", "button",
        "audio", "video", "source", "a", "use", "foreignobject", "meta-refresh", "animate", "set",
    ]
    /// Attributes that name something to load or follow.
    static let urlAttributes: Set<String> = [
        "src", "href", "xlink:href", "srcset", "action", "formaction", "background", "poster", "data", "cite", "ping",
    ]

    @Test("the page is self-contained: no script, no handler, no URL, every tag closed", arguments: ["postfix.log", "exim.log"])
    func selfContained(_ sample: String) throws {
        let html = (try HTMLReportTests.sample(sample).rendered(.html))
        let page = try HTMLPage(html)

        #expect(page.elements.first?.name == "html")
        #expect(page.elements(named: "meta").contains { $0.attributes["charset"] == "utf-8" })
        for element in page.elements {
            #expect(!HTMLReportTests.forbiddenElements.contains(element.name), "<\(element.name)> in the page")
            for (name, value) in element.attributes {
                #expect(!name.hasPrefix("on"), "event handler \(name) on <\(element.name)>")
                #expect(!HTMLReportTests.urlAttributes.contains(name), "\(name) on <\(element.name)>")
                #expect(!value.lowercased().contains("url("), "url() in \(name) on <\(element.name)>")
                #expect(!value.lowercased().contains("http"), "a URL in \(name) on <\(element.name)>")
                #expect(!value.lowercased().contains("javascript:"))
            }
        }
        // The only CSS is one <style> in the head, and it loads nothing.
        let styles = page.elements.indices.filter { page.elements[$0].name == "style" }
        #expect(styles.count == 1)
        if let style = styles.first, let parent = page.elements[style].parent {
            #expect(page.elements[parent].name == "head")
        }
        for css in page.styles {
            for banned in ["url(", "@import", "@font-face", "http", "expression("] {
                #expect(!css.lowercased().contains(banned), "\(banned) in the style sheet")
            }
        }
        // One chart, drawn with rectangles.
        let svgs = page.elements.indices.filter { page.elements[$0].name == "svg" }
        try #require(svgs.count == 1)
        let rects = page.descendants(of: svgs[0]).filter { page.elements[$0].name == "rect" }
        #expect(rects.count > 4)
    }

    @Test("findings come first, each with its explanation and fix", arguments: ["postfix.log", "exim.log"])
    func findingsFirst(_ sample: String) throws {
        let report = HTMLReportTests.sample(sample)
        try #require(!report.findings.isEmpty)
        let page = try HTMLPage((try report.rendered(.html)))
        #expect(page.elements(named: "h2").first?.text == "Findings")
        let text = page.text
        let tables = try #require(text.range(of: "Replies by class"))
        var searchFrom = text.startIndex
        for finding in report.findings {
            let statement = try #require(text.range(of: finding.statement, range: searchFrom..<text.endIndex),
                                         "\(finding.statement) missing or out of order")
            #expect(statement.upperBound < tables.lowerBound)
            let fix = try #require(text.range(of: finding.fix, range: statement.upperBound..<text.endIndex))
            #expect(text.range(of: finding.explanation, range: statement.upperBound..<fix.lowerBound) != nil)
            searchFrom = fix.upperBound
        }
    }

    @Test("the window is shown in the header when the run was limited to one")
    func window() throws {
        var report = HTMLReportTests.sample("postfix.log")
        report.window = TimeWindow.day(20261122)
        let page = try HTMLPage((try report.rendered(.html)))
        #expect(page.elements(named: "th").contains { $0.text == "Window" })
        #expect(page.elements(named: "td").contains { $0.text == "the day 2026-11-22" })
        #expect((try report.rendered(.markdown)).contains("- **Window:** the day 2026-11-22\n"))
    }

    @Test("a report with no reply is still a valid page, with no chart")
    func empty() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("quiet.log", "2026-11-22 06:25:01 Start queue run: pid=1\n")
        let page = try HTMLPage((try FindingsTests.report([path]).rendered(.html)))
        #expect(page.elements(named: "svg").isEmpty)
        #expect(page.elements(named: "h2").map(\.text) == ["Lines"])
    }
}
