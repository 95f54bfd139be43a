import Foundation
import Testing
@testable import SMTPLogKit

/// The knowledge base must cover every reply code and every registered enhanced code, each
/// with text for both directions: a missing or half-written entry would show up as an empty
/// section in `explain` on some server at the worst moment.
struct KnowledgeCoverageTests {
    /// RFC 5321 and the extensions the issue names (RFC 4954 AUTH, RFC 7504, RFC 3207).
    static let requiredReplyCodes = [
        "211", "214", "220", "221", "235", "250", "251", "252", "334", "354",
        "421", "432", "450", "451", "452", "454", "455",
        "500", "501", "502", "503", "504", "521", "530", "534", "535", "538",
        "550", "551", "552", "553", "554", "555", "556",
    ]

    /// The IANA "SMTP Enhanced Status Codes" registry, subject by subject.
    static let registryCodes: [String] = {
        let details: [(subject: Int, last: Int)] = [(0, 0), (1, 10), (2, 4), (3, 6), (4, 7), (5, 6), (6, 10), (7, 30)]
        return details.flatMap { subject, last in (0...last).map { "X.\(subject).\($0)" } }
    }()

    @Test func replyCodesAreExactlyTheRequiredOnesInOrder() {
        #expect(KnowledgeBase.allReplyCodes == Self.requiredReplyCodes)
    }

    @Test func enhancedCodesAreExactlyTheRegistryInNumericOrder() {
        #expect(Self.registryCodes.count == 81)
        #expect(KnowledgeBase.allEnhancedCodes == Self.registryCodes)
    }

    @Test(arguments: requiredReplyCodes)
    func replyCodeHasACompleteEntry(_ code: String) throws {
        let entry = try #require(KnowledgeBase.lookup(code), "no entry for \(code)")
        #expect(entry.code == code)
        #expect(entry.kind == .replyCode)
        #expect(String(entry.replyClass.rawValue) == String(code.prefix(1)), "class of \(code)")
        expectComplete(entry)
    }

    @Test(arguments: registryCodes)
    func enhancedCodeHasACompleteEntryInEveryClass(_ registryCode: String) throws {
        let usual = KnowledgeBase.usualClasses(ofEnhanced: registryCode)
        #expect(!usual.isEmpty, "\(registryCode) lists no usual class")
        #expect(usual.allSatisfy { [.positiveCompletion, .transientNegative, .permanentNegative].contains($0) })
        for digit in ["2", "4", "5"] {
            let code = digit + registryCode.dropFirst()
            let entry = try #require(KnowledgeBase.lookup(code), "no entry for \(code)")
            #expect(entry.code == code)
            #expect(entry.kind == .enhancedStatus)
            #expect(String(entry.replyClass.rawValue) == digit, "class of \(code)")
            expectComplete(entry)
        }
    }

    @Test func companionCodesExistAndPointBack() throws {
        for entry in KnowledgeBase.replyEntries {
            for companion in entry.related {
                let other = try #require(KnowledgeBase.lookup(companion), "\(entry.code) names unknown \(companion)")
                #expect(other.replyClass == entry.replyClass, "\(entry.code) and \(companion) differ in class")
                #expect(KnowledgeBase.usualClasses(ofEnhanced: "X" + companion.dropFirst()).contains(entry.replyClass),
                        "\(companion) is not usual in its class but is named by \(entry.code)")
                #expect(other.related.contains(entry.code), "\(companion) does not point back to \(entry.code)")
            }
        }
    }

    @Test func authenticationRepliesAndTheirEnhancedCodesArePaired() {
        #expect(KnowledgeBase.lookup("535")?.related.contains("5.7.8") == true)
        #expect(KnowledgeBase.lookup("5.7.8")?.related == ["535"])
        #expect(KnowledgeBase.lookup("235")?.related.contains("2.7.0") == true)
        #expect(KnowledgeBase.lookup("4.7.8")?.related == [])
    }

    @Test func enhancedMeaningSaysWhatTheClassAdds() throws {
        let permanent = try #require(KnowledgeBase.lookup("5.7.8"))
        let transient = try #require(KnowledgeBase.lookup("4.7.8"))
        #expect(permanent.title == transient.title)
        #expect(permanent.meaning.contains("As 5.7.8 the failure is permanent"))
        #expect(transient.meaning.contains("As 4.7.8 the condition is temporary"))
        #expect(transient.meaning.contains("unusual combination"), "4.7.8 is not a registered pairing")
        #expect(!permanent.meaning.contains("unusual"))
    }

    private func expectComplete(_ entry: KnowledgeEntry, sourceLocation: SourceLocation = #_sourceLocation) {
        let texts: [(String, String)] = [("title", entry.title), ("summary", entry.summary), ("meaning", entry.meaning)]
            + Direction.allCases.flatMap { [("whenSeen(\($0))", entry.whenSeen($0)), ("fix(\($0))", entry.fix($0))] }
        for (name, text) in texts {
            #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.code) \(name) is empty",
                    sourceLocation: sourceLocation)
            #expect(!text.contains("  ") && !text.contains("\n") && text == text.trimmingCharacters(in: .whitespaces),
                    "\(entry.code) \(name) has stray white space", sourceLocation: sourceLocation)
        }
        for (name, text) in texts.dropFirst(2) {
            #expect(text.count >= 20, "\(entry.code) \(name) is too short to help", sourceLocation: sourceLocation)
            #expect(text.hasSuffix(".") || text.hasSuffix(")") || text.hasSuffix("\""),
                    "\(entry.code) \(name) does not end a sentence", sourceLocation: sourceLocation)
        }
        #expect(!entry.summary.hasSuffix("."), "\(entry.code) summary ends with a period", sourceLocation: sourceLocation)
        #expect(entry.summary.count <= 90, "\(entry.code) summary is too long for a table", sourceLocation: sourceLocation)
        #expect(entry.whenSeen(.inbound) != entry.whenSeen(.outbound), "\(entry.code) says the same for both directions",
                sourceLocation: sourceLocation)
    }
}
