import Foundation
import Testing
@testable import SMTPLogKit

/// `explain` output goes to terminals and emails of fixed width: no line may be wider than
/// asked, whatever the code, the language (Japanese takes two columns a character) or the width.
struct ExplainLayoutTests {
    static let widths = [8, 12, 20, 33, 40, 60, 80, 100, 132]
    static let entries = KnowledgeBase.replyEntries + KnowledgeBase.enhancedEntries

    @Test(arguments: ExplainLanguage.allCases, widths)
    func noExplainedLineExceedsTheWidth(_ language: ExplainLanguage, _ width: Int) {
        for entry in Self.entries {
            expectFits(ExplainRenderer.explain(entry, language: language, width: width), width: width, entry.code)
        }
    }

    @Test(arguments: ExplainLanguage.allCases, widths)
    func noComparedLineExceedsTheWidth(_ language: ExplainLanguage, _ width: Int) throws {
        let pairs = [("251", "551"), ("235", "251"), ("535", "5.7.8"), ("421", "4.7.28"), ("530", "530"), ("5.1.1", "4.4.7")]
        for (a, b) in pairs {
            let first = try #require(KnowledgeBase.lookup(a))
            let second = try #require(KnowledgeBase.lookup(b))
            expectFits(ExplainRenderer.compare(first, second, language: language, width: width), width: width, "\(a) vs \(b)")
        }
    }

    @Test(arguments: ExplainLanguage.allCases, widths)
    func noCodeListLineExceedsTheWidth(_ language: ExplainLanguage, _ width: Int) {
        let list = ExplainRenderer.codeList(language: language, width: width)
        expectFits(list, width: width, "code list")
        for code in KnowledgeBase.allReplyCodes + KnowledgeBase.allEnhancedCodes {
            #expect(list.contains(code), "code list lacks \(code)")
        }
    }

    @Test(arguments: ExplainLanguage.allCases)
    func headingsAreInTheChosenLanguage(_ language: ExplainLanguage) throws {
        let entry = try #require(KnowledgeBase.lookup("535"))
        let explained = ExplainRenderer.explain(entry, language: language)
        for heading in [language.descriptionHeading, language.whenSeenHeading, language.fixHeading] {
            #expect(explained.contains("\n" + heading + "\n"), "missing heading \(heading)")
        }
        for direction in Direction.allCases {
            #expect(explained.contains(language.label(for: direction)))
        }
        #expect(explained.hasPrefix("SMTP 535 Authentication Credentials Invalid — 5xx Permanent Negative\n"))
        let compared = ExplainRenderer.compare(entry, try #require(KnowledgeBase.lookup("251")), language: language)
        #expect(compared.contains("\n" + language.differencesHeading + "\n"))
        #expect(compared.contains("\n" + language.whenToUseHeading + "\n"))
    }

    @Test func outputIsPlainDeterministicText() throws {
        let entry = try #require(KnowledgeBase.lookup("5.7.26"))
        let once = ExplainRenderer.explain(entry, language: .ja, width: 61)
        #expect(once == ExplainRenderer.explain(entry, language: .ja, width: 61))
        #expect(!once.contains("\u{1b}"))
        #expect(once.hasSuffix("\n") && !once.hasSuffix("\n\n"))
        for line in once.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(!line.hasSuffix(" "), "trailing space in \(line)")
        }
    }

    @Test func wrappingCountsColumnsNotCharacters() {
        #expect(TextWrapping.columns("説明") == 4)
        #expect(TextWrapping.columns("Mô tả") == 5)
        #expect(TextWrapping.columns("e\u{301}") == 1)
        let lines = TextWrapping.wrap("このコードが表示される場合", width: 10)
        #expect(lines.allSatisfy { TextWrapping.columns($0) <= 10 })
        #expect(lines.joined() == "このコードが表示される場合")
    }

    @Test func wrappingBreaksWordsLongerThanALine() {
        let lines = TextWrapping.wrap("see smtp_discard_ehlo_keyword_address_maps now", width: 12, indent: 2)
        #expect(lines.allSatisfy { TextWrapping.columns($0) <= 12 })
        #expect(lines.first == "  see")
        #expect(lines.joined().replacingOccurrences(of: " ", with: "") == "seesmtp_discard_ehlo_keyword_address_mapsnow")
    }

    @Test func wrappingKeepsIndentAndHangingIndent() {
        let lines = TextWrapping.wrap("1. one two three four five six", width: 14, indent: 2, hanging: 5)
        #expect(lines == ["  1. one two", "     three", "     four five", "     six"])
    }

    private func expectFits(_ text: String, width: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false)
        where TextWrapping.columns(line) > width {
            Issue.record("\(what) at width \(width): \(TextWrapping.columns(line)) columns: \(line)",
                         sourceLocation: sourceLocation)
            return
        }
    }
}
