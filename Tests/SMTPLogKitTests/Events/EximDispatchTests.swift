import Foundation
import Testing
@testable import SMTPLogKit

/// The one-pass dispatch of `EximExtractor` (`EximPhrases`) gives the same extraction as the
/// dispatch it replaced, which searched the line once per phrase and ran `replyLike` on every
/// line none took: on hand-made lines, on every byte changed at every place of a few seeds, on
/// every fixture line, on a generated Exim log, and on the corpus when ../shared is beside the
/// checkout. The previous dispatch is kept here as the reference.
@Suite("Exim one-pass dispatch")
struct EximDispatchTests {
    // MARK: the reference

    /// `EximExtractor.extract(_:message:idEnd:)` as it was, phrase by phrase.
    static func referenceExtract(_ exim: EximExtractor, _ line: UnsafeBufferPointer<UInt8>, message: Int, idEnd: Int?) throws -> Extraction {
        var body = message
        if let idEnd {
            body = idEnd + 1
            if body + 3 <= line.count, line[body + 2] == 0x20 {
                switch (line[body], line[body + 1]) {
                case (0x3D, 0x3E), (0x2D, 0x3E), (0x2A, 0x3E), (0x3E, 0x3E):
                    return try exim.delivery(line, flagAt: body)
                case (0x2A, 0x2A), (0x3D, 0x3D):
                    return try exim.failure(line, flagAt: body)
                case (0x3C, 0x3D):
                    return .nonEvent
                default:
                    break
                }
            }
        }
        if let failed = line.firstIndex(of: "authenticator failed", from: body) {
            return try exim.authFailure(line, from: body, near: failed, direction: body == message ? .inbound : .outbound)
        }
        if line.firstIndex(of: " C=\"", from: body) != nil {
            return try exim.delivery(line, flagAt: body)
        }
        if line.hasPrefix("SA: ", at: body) { return .nonEvent }
        if line.hasPrefix("configured error code ", at: body) { return EximExtractor.systemNotice(line, from: body) }
        if let implied = EximExtractor.sessionError(line, from: body) { return .event(implied) }
        if let rejected = line.firstIndex(of: "rejected", from: body),
           rejected + 8 == line.count || line[rejected + 8] == 0x20 || line[rejected + 8] == 0x3A {
            if line.hasPrefix("rejected by non-SMTP ACL", at: rejected) { return EximExtractor.systemNotice(line, from: body) }
            return exim.rejection(line, from: body, rejectedAt: rejected)
        }
        if line.firstIndex(of: "SMTP error from remote mail", from: body) != nil
            || line.firstIndex(of: "LMTP error after", from: body) != nil
            || line.firstIndex(of: "PRDR error after", from: body) != nil
            || line.firstIndex(of: "\" was: ", from: body) != nil {
            return try exim.remoteFailure(line, from: body, recipient: nil)
        }
        if try exim.replyLike.match(line, from: body) != nil { return .notUnderstood }
        return EximExtractor.systemNotice(line, from: body)
    }

    /// What the phrase searches said, one search each.
    static func referencePhrases(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> EximPhrases {
        var phrases = EximPhrases()
        if let failed = line.firstIndex(of: "authenticator failed", from: start) {
            phrases.authenticatorFailed = failed
            return phrases
        }
        phrases.cutthrough = line.firstIndex(of: " C=\"", from: start) != nil
        phrases.rejected = line.firstIndex(of: "rejected", from: start)
        phrases.remoteError = line.firstIndex(of: "SMTP error from remote mail", from: start) != nil
            || line.firstIndex(of: "LMTP error after", from: start) != nil
            || line.firstIndex(of: "PRDR error after", from: start) != nil
            || line.firstIndex(of: "\" was: ", from: start) != nil
        return phrases
    }

    /// Counts of what the comparisons saw, so that a run over lines that exercise nothing fails.
    struct Tally {
        var compared = 0
        var events = 0
        var notUnderstood = 0
        var patternSkipped = 0
        var patternMatched = 0
    }

    /// Both dispatches from `start` (as Exim's message start), and the phrases from the body.
    static func compare(_ bytes: [UInt8], from start: Int, _ exim: EximExtractor, _ tally: inout Tally, _ label: String) {
        bytes.withUnsafeBufferPointer { line in
            guard start < line.count else { return }
            let idEnd = EximExtractor.messageIDEnd(line, at: start)
            let ours = Result { try exim.extract(line, message: start, idEnd: idEnd) }
            let theirs = Result { try referenceExtract(exim, line, message: start, idEnd: idEnd) }
            let oursText = String(describing: ours), theirsText = String(describing: theirs)
            #expect(oursText == theirsText, "extraction from \(start) of \(label)")
            tally.compared += 1
            if case .success(.event) = theirs { tally.events += 1 }
            if case .success(.notUnderstood) = theirs { tally.notUnderstood += 1 }

            let body = idEnd.map { $0 + 1 } ?? start
            var phrases = EximPhrases.scan(line, from: body)
            let wouldMatch = (try? exim.replyLike.match(line, from: body)) != nil
            // The pass may rule the pattern out only where it cannot match.
            if phrases.authenticatorFailed == nil {
                if wouldMatch {
                    #expect(phrases.mayBeReplyLike, "replyLike ruled out but matches from \(body) of \(label)")
                    tally.patternMatched += 1
                }
                if !phrases.mayBeReplyLike { tally.patternSkipped += 1 }
            }
            phrases.mayBeReplyLike = false
            #expect(phrases == referencePhrases(line, from: body), "phrases from \(body) of \(label)")
        }
    }

    /// Each line at the message start its prefix gives (when it is an Exim line) and, with
    /// `everyWord`, at every place after a space too.
    static func compareLine(_ bytes: [UInt8], _ exim: EximExtractor, _ tally: inout Tally, _ label: String, everyWord: Bool) {
        var starts: [Int] = []
        bytes.withUnsafeBufferPointer { line in
            if let prefix = LinePrefix.parse(line), prefix.mail == .exim { starts.append(prefix.message) }
            if everyWord {
                starts.append(0)
                for index in line.indices where index > 0 && line[index - 1] == 0x20 { starts.append(index) }
            }
        }
        for start in starts { compare(bytes, from: start, exim, &tally, label) }
    }

    // MARK: the lines

    /// Lines whose phrases sit at the edges: at the start, cut short, doubled, near misses.
    static let edgeCases: [String] = [
        "authenticator failed", "authenticator faile", "xauthenticator failed for h [1.2.3.4]: 535 no",
        "rejected", "rejectedx rejected RCPT <a@b>: no", "rejected: no", "temporarily rejected RCPT <a@b>: later",
        "H=x [1.2.3.4] F=<a@b> rejected RCPT <c@d>: relay not permitted", "rejected by non-SMTP ACL: x", "rejecte",
        " C=\"250 ok\"", "C=\"250 ok\"", "x C=\"", " C=", "xC=\"550 no", "C=\"650", "C=\"",
        "SMTP error from remote mail server after RCPT TO:<a@b>: 550 no", "SMTP error from remote mailer after x: 4",
        "SMTP error from x", "SMTP error fro", "LMTP error after end of data: 451 x", "LMTP error afte",
        "PRDR error after DATA: 550 x", "response to \"RCPT TO:<a@b>\" was: 550 no", "\" was: ", "\" was:",
        "x 550 5.7.1 no", "x 550-5.1.1 no", "x 550 5.1.", "550 5.1.1", "x550 5.1.1", "x 650 5.1.1 no", "x 550 6.1.1",
        "x 55 5.1.1", "x 550 5..1", "x 550  5.1.1", "1.2.3.4 5.6", ".", "..", "5.", "x 250 2.0.0",
        "SMTP connection from [1.2.3.4]:25 (TCP/IP connection count = 1)", "Start queue run: pid=1", "End queue run: pid=1",
        "no host name found for IP address 1.2.3.4", "TLS error on connection from x [1.2.3.4] (SSL_accept): timed out",
        "SMTP connection from (rejected) [1.2.3.4]:25 closed by QUIT", "SMTP command timeout on connection from x [1.2.3.4]",
        "SMTP protocol error in \"AUTH\" H=x [1.2.3.4] AUTH command used when not advertised",
        "SA: Action: scanned", "configured error code x", "Warning: x", "SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[1.2.3.4]",
        "1tAbCd-000XyZ-9Q Completed", "1tAbCd-000XyZ-9Q == a@b R=x T=y defer (-53): retry time not reached",
        "1tAbCd-000XyZ-9Q ** a@b: Unrouteable address", "1tAbCd-000XyZ-9Q => a@b R=x T=y H=mx [1.2.3.4] C=\"250 ok\"",
        "1tAbCd-000XyZ-9Q SMTP error from remote mail server after RCPT TO:<a@b>: host mx [1.2.3.4]: 550 no",
        "1tAbCd-000XyZ-9Q login authenticator failed for mx [1.2.3.4]: 535 no", "1tAbCd-000XyZ-9Q H=mx [1.2.3.4] C=\"250 x\"",
        "1tAbCd-000XyZ-9Q rejected", "1tAbCd-000XyZ-9Q 550 5.1.1", "1tAbCd-000XyZ-9Q ",
    ]

    static func fixtureLines() -> [[UInt8]] {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("lines")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var lines: [[UInt8]] = []
        for name in names.sorted() where name.hasSuffix(".log") {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            for raw in data.split(separator: 0x0A) where raw.first != 0x23 { lines.append(Array(raw)) }
        }
        return lines
    }

    // MARK: the comparisons

    @Test("the same extraction as the phrase-by-phrase dispatch on the edge cases and every fixture line")
    func fixtures() {
        let exim = EximExtractor()
        var tally = Tally()
        for text in EximDispatchTests.edgeCases {
            EximDispatchTests.compareLine(Array(text.utf8), exim, &tally, text, everyWord: true)
            EximDispatchTests.compareLine(Array(("2026-11-21 00:00:00 " + text).utf8), exim, &tally, text, everyWord: false)
        }
        var eximLines = 0
        for bytes in EximDispatchTests.fixtureLines() {
            let label = String(decoding: bytes, as: UTF8.self)
            let isExim = bytes.withUnsafeBufferPointer { LinePrefix.parse($0)?.mail == .exim }
            if isExim { eximLines += 1 }
            EximDispatchTests.compareLine(bytes, exim, &tally, label, everyWord: true)
        }
        // The fixtures hold real Exim lines of each kind: the comparisons reached them all.
        #expect(eximLines >= 50)
        #expect(tally.compared > 2_000)
        #expect(tally.events > 100)
        #expect(tally.notUnderstood > 5)
        #expect(tally.patternMatched > 20)
        #expect(tally.patternSkipped > 500)
    }

    @Test("the same extraction with every byte changed at every place of a few seeds")
    func mutatedBytes() {
        let exim = EximExtractor()
        var tally = Tally()
        let seeds = ["x authenticator failed 550 5.1.1 C=\"250", "H=a [1.2.3.4] rejected RCPT <a@b>: 550-4.7.1 x",
                     "SMTP error from remote mail x\" was: 5", "LMTP error after x PRDR error after y",
                     "1tAbCd-000XyZ-9Q x C=\"450 4.2.0 y"]
        let alphabet: [UInt8] = [0x20, 0x2D, 0x2E, 0x22, 0x3D, 0x43, 0x68, 0x6A, 0x53, 0x4C, 0x50, 0x32, 0x35, 0x36, 0x3A, 0x00, 0xFF]
        ByteMutations.forEach(seeds: seeds, alphabet: alphabet) { changed, changedLabel, cut, cutLabel in
            EximDispatchTests.compareLine(changed, exim, &tally, changedLabel, everyWord: true)
            EximDispatchTests.compareLine(cut, exim, &tally, cutLabel, everyWord: true)
        }
        #expect(tally.patternMatched > 100)
        #expect(tally.patternSkipped > 100)
    }

    @Test("the same extraction on every line of a generated Exim log")
    func generated() throws {
        let exim = EximExtractor()
        var tally = Tally()
        let folder = try TemporaryFolder()
        let flavor = try #require(GeneratedTruthTests.flavors.first { $0.name == "exim" })
        let (log, _) = try GeneratedTruthTests.generate(flavor, in: folder)
        let data = try #require(FileManager.default.contents(atPath: log))
        for raw in data.split(separator: 0x0A) {
            EximDispatchTests.compareLine(Array(raw), exim, &tally, String(decoding: raw, as: UTF8.self), everyWord: false)
        }
        #expect(tally.compared > 10_000)
        #expect(tally.events > 1_000)
        #expect(tally.patternSkipped > 1_000)
    }

    @Test("the same extraction on every Exim line of the corpus (when ../shared is there)")
    func corpus() {
        guard let files = Shell.corpusLogs else {
            print("skipped: no ../shared/corpus beside the checkout")
            return
        }
        let exim = EximExtractor()
        var tally = Tally()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            for raw in data.split(separator: 0x0A) {
                EximDispatchTests.compareLine(Array(raw), exim, &tally, file.name, everyWord: false)
            }
        }
        #expect(tally.compared > 1_000)
    }
}
