import Foundation
import Testing
@testable import SMTPLogKit

/// Real lines, each annotated with what it is (Fixtures/findings/README.md): our own failures
/// by condition, deliveries that failed with no reply by reason, Postfix's cached verdicts, and
/// the replies smtpd and postscreen send without writing them. The annotations were made from
/// the lines and from Postfix's and Exim's sources, not from smtplog's output.
@Suite("Annotated finding lines")
struct AnnotatedFindingLinesTests {
    struct Annotated: CustomStringConvertible, Sendable {
        var source: String
        var expect: String
        var line: String
        var description: String { source }
    }

    static func annotated(_ files: [String]) -> [Annotated] {
        var result: [Annotated] = []
        for file in files {
            let url = Shell.packageRoot.appendingPathComponent("Tests/SMTPLogKitTests/Fixtures/findings/\(file)")
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where line.hasPrefix("# source: ") && index + 1 < lines.count {
                let parts = line.dropFirst(10).components(separatedBy: "; expect: ")
                guard parts.count == 2 else { continue }
                result.append(Annotated(source: parts[0], expect: parts[1], line: lines[index + 1]))
            }
        }
        return result
    }

    static func parse(_ text: String) -> (kind: LineKind, bytes: [UInt8], program: String?) {
        let bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeBufferPointer { LineParser(years: .startingYear(2026)).parse($0) }
        let program = parsed.program.isEmpty ? nil : String(decoding: bytes[parsed.program], as: UTF8.self)
        return (parsed.kind, bytes, program)
    }

    // MARK: our own failures

    /// The sweep's "other" shapes, each given the condition smtplog files it under: crashing
    /// daemons are outages, failing DNSBL queries our resolver's, frozen messages a queue
    /// matter, and commands an administrator ran by hand nobody's outage.
    static let otherShapes: [String: String?] = [
        "P47": "service_failure", "P48": "service_failure", "P49": "service_failure", "P50": "service_failure",
        "P51": "service_failure", "P52": "service_failure", "P53": "service_failure", "E39": "service_failure",
        "E40": "service_failure", "P54": "dns_lookups", "P55": "dns_lookups", "E42": "frozen_messages",
        "E43": "frozen_messages", "E44": "frozen_messages", "P56": nil, "P57": nil, "P58": nil, "P59": nil,
        "P60": nil, "P61": nil, "P62": nil, "P63": nil, "P64": nil, "E45": nil, "E41": "service_failure",
    ]

    /// Lines where smtplog decides otherwise than the sweep's annotation, and why.
    static let overrides: [String: String?] = [
        // Exim 4.86 and later log it at every start while keep_environment is unset: harmless,
        // and a finding every day would teach administrators to ignore findings.
        "Mashpy-ajenti_track/mainlog:12": nil,
    ]

    static let conditionLines = annotated([
        "conditions-postfix-outage.log", "conditions-postfix-config.log", "conditions-postfix-other-noise.log",
        "conditions-exim-outage.log", "conditions-exim-config.log", "conditions-exim-other-noise.log",
    ]).filter { !$0.line.hasPrefix("# ") }

    @Test("each line is filed under the condition it names, client noise and commands run by hand under none",
          arguments: conditionLines)
    func condition(_ sample: Annotated) throws {
        let word = String(sample.expect.prefix { $0 != " " })
        var expected: String? = word
        if word == "client_noise" { expected = nil }
        if word == "other" {
            let id = String(sample.expect.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" })
            expected = try #require(AnnotatedFindingLinesTests.otherShapes[id], "no decision for \(id)")
        }
        if let override = AnnotatedFindingLinesTests.overrides[sample.source] { expected = override }
        let (kind, bytes, program) = AnnotatedFindingLinesTests.parse(sample.line)
        let found: String? = bytes.withUnsafeBufferPointer { line in
            switch kind {
            case .notice(let notice) where notice.isSystemNotice:
                return SystemConditions.classify(line.slice(notice.text), kind: notice.kind, program: program ?? "exim")?.id
            case .notice(let notice) where notice.kind == .undelivered:
                return "undelivered"
            case .event(let event) where event.direction == .inbound:
                let topic = ReplyTopics.classify(code: event.code, enhanced: event.enhanced.map { EnhancedCode(line, $0) },
                                                 text: line.slice(event.text))
                return SystemConditions.condition(forReply: topic, text: line.slice(event.text))?.id
            default:
                return nil
            }
        }
        #expect(found == expected, "\(sample.source): \(sample.line)")
    }

    // MARK: failures without a reply

    static let reasons = ["connection_refused": "refused", "network_unreachable": "unreachable"]

    static let undeliveredLines = annotated(["undelivered-postfix.log", "undelivered-exim.log"])

    @Test("failed deliveries with no reply are notices with their reason; attempts and cached verdicts are told apart",
          arguments: undeliveredLines)
    func undelivered(_ sample: Annotated) throws {
        let (kind, bytes, _) = AnnotatedFindingLinesTests.parse(sample.line)
        let words = sample.expect.split(separator: " ").map(String.init)
        func reason(of notice: RawNotice) -> String {
            bytes.withUnsafeBufferPointer { DeliveryFailureReasons.classify($0.slice(notice.text)).id }
        }
        // A delivery held up by our own trouble is filed under that trouble, as the conditions
        // fixture annotates the same line.
        if case .notice(let notice) = kind, notice.isSystemNotice {
            #expect(AnnotatedFindingLinesTests.conditionLines.contains { $0.source == sample.source },
                    "\(sample.source): filed as our own failure, which the conditions fixture does not say")
            return
        }
        switch words[0] {
        case "undelivered":
            guard case .notice(let notice) = kind, notice.kind == .undelivered else {
                Issue.record("\(sample.source): not an undelivered notice: \(kind)")
                return
            }
            #expect(reason(of: notice) == AnnotatedFindingLinesTests.reasons[words[1], default: words[1]], "\(sample.source)")
        case "cachedVerdict,", "cached":
            guard case .notice(let notice) = kind, notice.kind == .cachedVerdict else {
                Issue.record("\(sample.source): not a cached verdict: \(kind)")
                return
            }
            if words.count > 2, words[1] == "repeats", let expected = AnnotatedFindingLinesTests.reasons[words[2]] ?? Optional(words[2]),
               Int(expected) == nil, expected != "421" {
                #expect(notice.code == 0, "\(sample.source): a failed connection repeats no code")
                #expect(reason(of: notice) == expected, "\(sample.source)")
            } else if sample.expect.contains("421") {
                #expect(notice.code == 421, "\(sample.source)")
            }
        case "retry_timeout":
            guard case .notice(let notice) = kind, notice.kind == .undelivered, notice.status == .expired else {
                Issue.record("\(sample.source): an expired message is a failed delivery: \(kind)")
                return
            }
            #expect(reason(of: notice) == "retry_timeout")
        case "attempt", "address":
            // One host of several failed; the delivery goes on: not a final outcome.
            if case .notice = kind { Issue.record("\(sample.source): an attempt counted as a failure") }
            if case .event = kind { Issue.record("\(sample.source): an attempt counted as a reply") }
        default:
            Issue.record("\(sample.source): unknown expectation \(sample.expect)")
        }
    }

    // MARK: replies smtpd and postscreen send without writing them

    static let impliedLines = annotated(["smtpd-implied.log"])

    @Test("lines that pin down an unwritten reply count it as implied; lines whose reply depends on the configuration count nothing",
          arguments: impliedLines)
    func implied(_ sample: Annotated) throws {
        let (kind, _, _) = AnnotatedFindingLinesTests.parse(sample.line)
        let words = sample.expect.split(separator: " ").map(String.init)
        if words[0] == "implied" {
            guard case .event(let event) = kind else {
                Issue.record("\(sample.source): no reply counted for \(sample.line)")
                return
            }
            #expect(event.implied && event.direction == .inbound, "\(sample.source)")
            // "ambiguous 535/454": without the warning before it the line reads as a refused login.
            let code = words[1] == "ambiguous" ? 535 : Int(words[1])
            #expect(event.code == code, "\(sample.source): \(sample.line)")
        } else {
            if case .event(let event) = kind {
                Issue.record("\(sample.source): counted a \(event.code) for a line that pins no reply")
            }
        }
    }
}
