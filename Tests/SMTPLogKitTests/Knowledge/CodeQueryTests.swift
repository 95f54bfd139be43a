import Foundation
import Testing
import SMTPLogKit

/// `explain` gets codes typed by people and copied from logs; it must say clearly whether
/// the text is not a code at all or a real code the knowledge base does not hold.
struct CodeQueryTests {
    @Test(arguments: [("535", CodeQuery.reply(535)), ("5.7.8", .enhanced(.permanentNegative, subject: 7, detail: 8)),
                      ("4.7.8", .enhanced(.transientNegative, subject: 7, detail: 8)),
                      ("  250\n", .reply(250)), ("2.1.5", .enhanced(.positiveCompletion, subject: 1, detail: 5)),
                      ("5.7.606", .enhanced(.permanentNegative, subject: 7, detail: 606))])
    func parsesWellFormedCodes(_ text: String, _ expected: CodeQuery) throws {
        #expect(try KnowledgeBase.parse(text) == expected)
    }

    @Test func lookupAcceptsBothKindsAndBothClasses() throws {
        #expect(KnowledgeBase.lookup("535")?.title == "Authentication Credentials Invalid")
        #expect(KnowledgeBase.lookup("5.7.8")?.code == "5.7.8")
        #expect(KnowledgeBase.lookup("4.7.8")?.code == "4.7.8")
        #expect(KnowledgeBase.lookup("4.7.8")?.replyClass == .transientNegative)
        #expect(KnowledgeBase.lookup(" 5.7.8 ")?.code == "5.7.8")
    }

    /// Each malformed input with a phrase its message must contain, so the user learns the rule.
    @Test(arguments: [
        ("5x5", "contains \"x\""),
        ("999", "first digit of a reply code is 2, 3, 4 or 5"),
        ("100", "not 1"),
        ("5.7", "three parts"),
        ("5.7.8.1", "three parts"),
        ("55", "exactly three digits"),
        ("5355", "exactly three digits"),
        ("3.7.8", "class of an enhanced status code is 2, 4 or 5"),
        ("X.7.8", "instead of X"),
        ("5..8", "must all be numbers"),
        ("5.a.8", "must all be numbers"),
        ("5.7.1000", "one to three digits"),
        ("-535", "contains \"-\""),
        ("٥٣٥", "three digits"),
    ])
    func malformedInputThrowsAUsefulMessage(_ text: String, _ phrase: String) {
        do {
            _ = try KnowledgeBase.parse(text)
            Issue.record("\"\(text)\" was accepted")
        } catch {
            guard case .malformed = error else {
                Issue.record("\"\(text)\" gave \(error), expected malformed")
                return
            }
            #expect(error.description.contains(phrase), "message for \"\(text)\": \(error.description)")
            #expect(error.description.contains("is not an SMTP code"))
        }
        #expect(KnowledgeBase.lookup(text) == nil)
        #expect(throws: KnowledgeError.self) { try KnowledgeBase.entry(for: text) }
    }

    @Test(arguments: ["", "   ", "\t\n"])
    func emptyInputSaysWhatIsExpected(_ text: String) {
        #expect(throws: KnowledgeError.empty) { try KnowledgeBase.parse(text) }
        #expect(KnowledgeError.empty.description.contains("535"))
        #expect(KnowledgeError.empty.description.contains("5.7.8"))
    }

    @Test(arguments: ["599", "299", "5.9.9", "4.7.606", "2.8.0"])
    func wellFormedButUnknownIsNotMalformed(_ text: String) throws {
        let query = try KnowledgeBase.parse(text)
        #expect(KnowledgeBase.lookup(query) == nil)
        do {
            _ = try KnowledgeBase.entry(for: text)
            Issue.record("\(text) was found")
        } catch {
            #expect(error == .unknown(query))
            #expect(error.description.hasPrefix(text + " is a well-formed"), "\(error.description)")
        }
    }

    @Test func errorMessagesEscapeControlCharacters() throws {
        let error = try #require(throws: KnowledgeError.self) { try KnowledgeBase.parse("5\u{1b}[2J5") }
        #expect(!error.description.contains("\u{1b}"))
        #expect(error.description.contains("\\u{1b}"))
    }
}
