import Testing
@testable import SMTPLogKit

/// The exact text of `smtplog explain` for a few codes in every language, so that layout or
/// wording changes are seen in review instead of in a user's terminal.
struct ExplainGoldenTests {
    enum Page: String, CaseIterable, Sendable {
        case explain535 = "explain-535"
        case explain578 = "explain-5.7.8"
        case compare251551 = "compare-251-551"
    }

    @Test(arguments: Page.allCases, ExplainLanguage.allCases)
    func matchesGolden(_ page: Page, _ language: ExplainLanguage) throws {
        let output: String
        switch page {
        case .explain535:
            output = ExplainRenderer.explain(try #require(KnowledgeBase.lookup("535")), language: language)
        case .explain578:
            output = ExplainRenderer.explain(try #require(KnowledgeBase.lookup("5.7.8")), language: language)
        case .compare251551:
            output = ExplainRenderer.compare(try #require(KnowledgeBase.lookup("251")),
                                             try #require(KnowledgeBase.lookup("551")), language: language)
        }
        ExplainGolden.check(output, against: "\(page.rawValue).\(language.rawValue).txt")
    }

    @Test func transientEnhancedCodeMatchesGolden() throws {
        let entry = try #require(KnowledgeBase.lookup("4.7.8"))
        ExplainGolden.check(ExplainRenderer.explain(entry, language: .en, width: 72), against: "explain-4.7.8.en.w72.txt")
    }

    @Test func codeListMatchesGolden() {
        ExplainGolden.check(ExplainRenderer.codeList(), against: "codes.en.txt")
    }

    @Test func narrowCodeListMatchesGolden() {
        ExplainGolden.check(ExplainRenderer.codeList(language: .ja, width: 40), against: "codes.ja.w40.txt")
    }
}
