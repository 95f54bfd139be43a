import Foundation
import Testing
import SMTPLogKit

/// The five reference pages in shared/seeds are the minimum the entries for 235, 250, 251,
/// 530, 535 and 551 must say. Each case names facts from those pages (and, for 535, from
/// the issue) that an entry must keep if someone rewrites it.
struct SeedFactsTests {
    struct Fact: Sendable, CustomTestStringConvertible {
        let code: String
        /// Where the fact must appear; nil means anywhere in the entry.
        let place: Place?
        let phrases: [String]
        var testDescription: String { "\(code) \(place.map { "\($0)" } ?? "entry"): \(phrases.joined(separator: " | "))" }
    }

    enum Place: Sendable {
        case meaning, whenSeen(Direction), fix(Direction)
    }

    static let facts: [Fact] = [
        // 235: authenticated via AUTH; the session may now send mail; what was submitted; nothing to fix.
        Fact(code: "235", place: .meaning, phrases: ["successfully authenticated", "AUTH command",
                                                   "accept mail commands from this authenticated session"]),
        Fact(code: "235", place: .whenSeen(.inbound), phrases: ["valid credentials", "AUTH", "LOGIN", "PLAIN", "SASL"]),
        Fact(code: "235", place: .fix(.inbound), phrases: ["No fix needed", "username, password", "authentication mechanism"]),
        Fact(code: "235", place: .fix(.outbound), phrases: ["No fix needed"]),
        // 250: the most common positive reply, after which commands, and nothing to fix.
        Fact(code: "250", place: .meaning, phrases: ["completed successfully", "most common positive response",
                                                   "HELO/EHLO", "MAIL FROM", "RCPT TO", "DATA"]),
        Fact(code: "250", place: .whenSeen(.inbound), phrases: ["nearly every successful", "greeting", "sender",
                                                              "recipients", "standard success confirmation"]),
        Fact(code: "250", place: .fix(.inbound), phrases: ["No fix needed", "command syntax and server policies"]),
        // 251: not local, forwards to the forwarding address, acts as relay; send directly to avoid relaying.
        Fact(code: "251", place: .meaning, phrases: ["not local", "forward", "forwarding address", "relay"]),
        Fact(code: "251", place: .whenSeen(.outbound), phrases: ["hosted on a different server", "forwarding address",
                                                               "relay the message"]),
        Fact(code: "251", place: .fix(.outbound), phrases: ["No fix needed", "forwarded automatically",
                                                          "avoid relaying", "send directly to the address"]),
        // 530: authentication required before mail commands; submission on 587; AUTH before MAIL FROM.
        Fact(code: "530", place: .meaning, phrases: ["requires authentication before accepting mail commands",
                                                   "AUTH command with valid credentials"]),
        Fact(code: "530", place: .whenSeen(.inbound), phrases: ["587", "without first logging in", "AUTH command"]),
        Fact(code: "530", place: .fix(.inbound), phrases: ["AUTH command", "before sending MAIL FROM",
                                                         "correct SMTP credentials", "authentication method"]),
        Fact(code: "530", place: .fix(.outbound), phrases: ["smtp_sasl_auth_enable", "smtp_sasl_password_maps",
                                                          "hosts_require_auth"]),
        // 535: credentials invalid; what was rejected; the user's checks; the issue's per-direction facts.
        Fact(code: "535", place: .meaning, phrases: ["credentials provided are invalid",
                                                   "username, password, or authentication mechanism was rejected"]),
        Fact(code: "535", place: .whenSeen(.inbound), phrases: ["incorrect credentials", "AUTH command",
                                                              "does not match any account", "stale password",
                                                              "password-guessing", "count per address"]),
        Fact(code: "535", place: .fix(.inbound), phrases: ["username", "password", "app password", "revoked",
                                                         "SASL mechanism", "PLAIN", "LOGIN", "fail2ban", "postfix-sasl"]),
        Fact(code: "535", place: .whenSeen(.outbound), phrases: ["relay host refused our credentials"]),
        Fact(code: "535", place: .fix(.outbound), phrases: ["smtp_sasl_password_maps", "Exim client authenticator",
                                                          "app password", "Gmail, Outlook", "revoked",
                                                          "PLAIN, LOGIN", "stays queued until it is fixed"]),
        // 551: not local, no forwarding; unlike 251 a rejection; the new address after "please try".
        Fact(code: "551", place: .meaning, phrases: ["not local", "does not accept mail for forwarding", "Unlike 251",
                                                   "rejection", "will not relay", "please try"]),
        Fact(code: "551", place: .whenSeen(.outbound), phrases: ["moved", "hosted elsewhere",
                                                               "refuses to forward the message to the new location"]),
        Fact(code: "551", place: .fix(.outbound), phrases: ["forwarding address", "please try", "resend directly",
                                                          "Update your contact records", "permanently moved"]),
    ]

    @Test(arguments: facts)
    func entryStatesTheSeedFact(_ fact: Fact) throws {
        let entry = try #require(KnowledgeBase.lookup(fact.code))
        let text: String
        switch fact.place {
        case .meaning: text = entry.meaning
        case .whenSeen(let direction): text = entry.whenSeen(direction)
        case .fix(let direction): text = entry.fix(direction)
        case nil: text = ([entry.meaning] + Direction.allCases.flatMap { [entry.whenSeen($0), entry.fix($0)] }).joined(separator: " ")
        }
        for phrase in fact.phrases {
            #expect(text.localizedCaseInsensitiveContains(phrase), "\(fact.code) lacks \"\(phrase)\"")
        }
    }

    /// The seeds give these codes exactly these classes and titles; `explain A B` prints them.
    @Test(arguments: [("235", "Authentication Successful", 2), ("250", "OK", 2), ("251", "User Not Local", 2),
                      ("530", "Authentication Required", 5), ("535", "Authentication Credentials Invalid", 5),
                      ("551", "User Not Local", 5)])
    func seedCodeHasTheSeedTitleAndClass(_ code: String, _ title: String, _ digit: Int) throws {
        let entry = try #require(KnowledgeBase.lookup(code))
        #expect(entry.title == title)
        #expect(entry.replyClass.rawValue == digit)
    }
}
