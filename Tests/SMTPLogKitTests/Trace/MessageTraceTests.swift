import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// `smtplog trace` in the library: each traced step against the very line it came from, on the
/// samples, on real content-filter and relay fixtures (Fixtures/trace) and on generated logs.
@Suite("Message trace")
struct MessageTraceTests {
    static func path(_ relative: String) -> String { Shell.packageRoot.appendingPathComponent(relative).path }

    static func trace(_ relative: String, year: Int = 2026, _ query: TraceQuery) -> TraceReport {
        Analyzer(options: AnalysisOptions(startingYear: year)).trace(query, inputs: [InputName(path(relative))])
    }

    /// The 1-based number of the only line of `relative` that contains every one of `parts`.
    static func lineNumber(_ relative: String, _ parts: String...) throws -> Int {
        let lines = try String(contentsOfFile: path(relative), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let hits = lines.indices.filter { index in parts.allSatisfy { lines[index].contains($0) } }
        try #require(hits.count == 1, "\(parts) is on \(hits.count) lines")
        return hits[0] + 1
    }

    // MARK: samples

    @Test("a Postfix message with a bounce, a sent recipient and its notice, step by step")
    func postfixBounce() throws {
        let file = "samples/postfix.log"
        let report = MessageTraceTests.trace(file, try TraceQuery(queueIDs: ["A1D3F5B7C9"]))
        try #require(report.messages.count == 2)
        let message = report.messages[0]
        #expect(message.queueID == "A1D3F5B7C9")
        #expect(message.messageID == "5d2c8e1b-77f0-4b9a-a3de-61c0f4b2e9d7@example.com")
        #expect(message.arrival.sender == "dave@example.com")
        #expect(message.arrival.clientName == "office-gw.example.com")
        #expect(message.arrival.clientAddress == "192.0.2.50")
        #expect(message.arrival.authenticatedAs == "dave@example.com")
        #expect(message.arrival.size == 41_960)
        #expect(message.arrival.recipientCount == 2)
        #expect(message.arrival.source?.line == (try MessageTraceTests.lineNumber(file, "A1D3F5B7C9: client=")))
        #expect(message.steps.map(\.kind) == [.reply, .delivery, .delivery, .notice, .removed])
        let reply = message.steps[0]
        #expect(reply.code == 450 && reply.enhanced == "4.7.1")
        #expect(reply.relay == "mx1.example.org[198.51.100.31]")
        let bounce = message.steps[1]
        #expect(bounce.outcome == .bounced && bounce.code == 551 && bounce.enhanced == "5.1.6")
        #expect(bounce.recipient == "p.lange@old.example.net")
        #expect(bounce.relay == "mx.old.example.net[198.51.100.60]:25")
        #expect(bounce.delayMillis == 1_100)
        #expect(bounce.explanation == KnowledgeBase.lookup("5.1.6")?.summary)
        #expect(bounce.source?.line == (try MessageTraceTests.lineNumber(file, "A1D3F5B7C9: to=<p.lange")))
        let sent = message.steps[2]
        #expect(sent.outcome == .sent && sent.code == 250 && sent.enhanced == "2.0.0")
        #expect(sent.relay == "mx2.example.org[198.51.100.32]:25")
        // `queued as` from a remote server is its own queue id, not one of this log.
        #expect(sent.handedTo == nil)
        #expect(message.steps[3].handedTo == "B2E4A6C8D0E")
        #expect(message.status == .bounced)
        #expect(message.totalDelayMillis == 1_900)
        let notice = report.messages[1]
        #expect(notice.queueID == "B2E4A6C8D0E" && notice.cameFrom == "A1D3F5B7C9" && notice.selectedBy == "notice")
        #expect(notice.arrival.sender == "")
        #expect(notice.steps.first?.recipient == "dave@example.com")
        #expect(notice.status == .sent)
    }

    @Test("a recipient's messages through a timeout and a later delivery")
    func postfixDeferredThenSent() throws {
        let report = MessageTraceTests.trace("samples/postfix.log", try TraceQuery(recipients: ["Support@Slow.Example.NET"]))
        #expect(report.messages.map(\.queueID) == ["3C5E7A9B1D", "4D6F8B0C2E"])
        let first = try #require(report.messages.first)
        let deliveries = first.steps.filter { $0.kind == .delivery }
        #expect(deliveries.map(\.outcome) == [.deferred, .sent])
        // A timeout has no reply code: the dsn says what Postfix made of it.
        #expect(deliveries[0].code == nil && deliveries[0].enhanced == nil && deliveries[0].dsn == "4.4.1")
        #expect(deliveries[0].explanation == KnowledgeBase.lookup("4.4.1")?.summary)
        #expect(deliveries[0].text == "connect to mail.slow.example.net[198.51.100.180]:25: Connection timed out")
        #expect(deliveries[0].relay == "none")
        #expect(deliveries[1].code == 250)
        #expect(deliveries[1].delayMillis == 6_312_000)
        #expect(first.status == .sent)
        #expect(first.totalDelayMillis == 6_312_000)
        #expect(first.selectedBy == "to")
    }

    @Test("a message-id and a domain select the same message; nothing matched is an empty report")
    func messageIDAndDomain() throws {
        let byID = MessageTraceTests.trace("samples/postfix.log",
                                           try TraceQuery(messageIDs: ["<5d2c8e1b-77f0-4b9a-a3de-61c0f4b2e9d7@example.com>"]))
        #expect(byID.messages.first?.queueID == "A1D3F5B7C9")
        #expect(byID.messages.first?.selectedBy == "message-id")
        let nothing = MessageTraceTests.trace("samples/postfix.log", try TraceQuery(queueIDs: ["FFFFFFFFFF"]))
        #expect(nothing.messages.isEmpty && !nothing.foundAny)
        #expect(nothing.linesRead == 249)
    }

    @Test("Exim: a sender's messages, a deferral then a delivery, and a bounce with its notice")
    func exim() throws {
        let file = "samples/exim.log"
        let report = MessageTraceTests.trace(file, try TraceQuery(senders: ["carol@example.com"]))
        let message = try #require(report.messages.first { $0.queueID == "1xUhjZ-000BGY-D5" })
        #expect(message.arrival.authenticatedAs == "carol@example.com")
        #expect(message.arrival.size == 4_521)
        let deliveries = message.steps.filter { $0.kind == .delivery }
        #expect(deliveries.map(\.outcome) == [.deferred, .deferred, .sent])
        #expect(deliveries[0].code == 421 && deliveries[0].relay == "mx1.example.org[198.51.100.31]")
        #expect(deliveries[2].code == 250 && deliveries[2].relay == "mx2.example.org[198.51.100.32]")
        #expect(deliveries[2].source?.line == (try MessageTraceTests.lineNumber(file, "1xUhjZ-000BGY-D5 =>")))
        #expect(message.status == .sent)
        // From the `<=` line (09:50:13) to `Completed` (10:30:03): Exim wrote no QT= here.
        #expect(message.totalDelayMillis == (39 * 60 + 50) * 1000)

        let bounced = MessageTraceTests.trace(file, try TraceQuery(queueIDs: ["1xUkF5-000BeQ-MB"]))
        #expect(bounced.messages.map(\.queueID) == ["1xUkF5-000BeQ-MB", "1xUkF6-000BeV-1Y"])
        #expect(bounced.messages[0].status == .bounced)
        #expect(bounced.messages[0].steps.first?.code == 550)
        #expect(bounced.messages[0].steps.first?.enhanced == "5.1.1")
        #expect(bounced.messages[1].cameFrom == "1xUkF5-000BeQ-MB")
        #expect(bounced.messages[1].steps.first?.relay == "R=local_user T=mail_spool")

        let byMessageID = MessageTraceTests.trace(file, try TraceQuery(messageIDs: ["c0e83b19-6a4f-4d02-9e7c-5f1d2a8b4c63@example.com"]))
        #expect(byMessageID.messages.first?.queueID == "1xUkF5-000BeQ-MB")
    }

    @Test("a refusal before queueing is shown for its sender or recipient")
    func refusedBeforeQueueing() throws {
        let report = MessageTraceTests.trace("samples/postfix.log", try TraceQuery(recipients: ["relaytest@victim.example.com"]))
        try #require(report.messages.count == 1)
        let refused = report.messages[0]
        #expect(refused.queueID == "NOQUEUE" && refused.status == .rejected)
        #expect(refused.arrival.clientAddress == "203.0.113.9")
        #expect(refused.steps.first?.code == 554 && refused.steps.first?.enhanced == "5.7.1")
    }

    // MARK: fixtures

    @Test("a content filter hop: the new queue id is followed although its lines came first")
    func contentFilter() throws {
        let file = "Tests/SMTPLogKitTests/Fixtures/trace/postfix-content-filter.log"
        for query in [try TraceQuery(queueIDs: ["78E8330001C7"]), try TraceQuery(recipients: ["recipient@recipient.com"])] {
            let report = MessageTraceTests.trace(file, year: 2020, query)
            #expect(report.messages.map(\.queueID) == ["78E8330001C7", "A17F830001CA"])
            let origin = try #require(report.messages.first)
            #expect(origin.status == .handedOn)
            let hop = try #require(origin.steps.first)
            #expect(hop.kind == .filter && hop.relay == "127.0.0.1[127.0.0.1]:10024" && hop.handedTo == "A17F830001CA")
            #expect(hop.code == 250)
            let filtered = report.messages[1]
            #expect(filtered.cameFrom == "78E8330001C7" && filtered.selectedBy == "filter")
            #expect(filtered.messageID == "000msgid0000@example.com")
            #expect(filtered.arrival.clientName == "localhost" && filtered.arrival.clientAddress == "127.0.0.1")
            #expect(filtered.arrival.size == 2_259 && filtered.arrival.recipientCount == 1)
            #expect(filtered.arrival.source?.line == (try MessageTraceTests.lineNumber(file, "A17F830001CA: client=localhost")))
            #expect(filtered.steps.map(\.kind) == [.reply, .delivery, .delivery, .removed])
            let deferred = filtered.steps[1]
            #expect(deferred.outcome == .deferred && deferred.code == 451 && deferred.dsn == "4.0.0")
            #expect(deferred.relay == "mailin6.zih.recipient.relay.example.com[141.30.67.69]:25")
            #expect(deferred.delayMillis == 750)
            let sent = filtered.steps[2]
            #expect(sent.outcome == .sent && sent.code == 250)
            #expect(sent.relay == "mailin5.zih.recipient.relay.example.com[11.22.33.44]:25")
            #expect(sent.source?.line == (try MessageTraceTests.lineNumber(file, "A17F830001CA: to=<", "status=sent")))
            #expect(filtered.status == .sent && filtered.totalDelayMillis == 427_000)
        }
        // The other message of the file, through the same filter, is not followed.
        let other = MessageTraceTests.trace(file, year: 2020, try TraceQuery(queueIDs: ["939E030001C8"]))
        #expect(other.messages.map(\.queueID) == ["939E030001C8", "BA8BA30001C7"])
    }

    @Test("a hand-over to another local instance, five deferrals, expiry and the notice")
    func relayInstance() throws {
        let file = "Tests/SMTPLogKitTests/Fixtures/trace/postfix-relay-instance.log"
        let report = MessageTraceTests.trace(file, year: 2020, try TraceQuery(queueIDs: ["20B4E3D5BD"]))
        #expect(report.messages.map(\.queueID) == ["20B4E3D5BD", "23EBE3D5C0", "A7E673C067"])
        #expect(report.messages[0].steps.first?.kind == .filter)
        #expect(report.messages[0].steps.first?.handedTo == "23EBE3D5C0")
        let queued = report.messages[1]
        #expect(queued.selectedBy == "relay")
        let deliveries = queued.steps.filter { $0.kind == .delivery }
        #expect(deliveries.count == 5)
        #expect(deliveries.allSatisfy { $0.outcome == .deferred && $0.code == 452 && $0.enhanced == "4.1.1" })
        #expect(queued.steps.contains { $0.kind == .expired })
        #expect(queued.status == .expired)
        #expect(queued.totalDelayMillis == 440_374_000)
        #expect(report.messages[2].status == .sent && report.messages[2].cameFrom == "23EBE3D5C0")
    }

    // MARK: generated logs

    /// The delivery lines of one message in a generated log, read with a regular expression of
    /// the test's own: `(line number, recipient, relay, dsn, status, delay ms)`.
    static func postfixDeliveries(_ text: String, id: String) throws -> [(Int, String, String, String, String, Int)] {
        let pattern = try NSRegularExpression(pattern: #": \#(id): to=<([^>]*)>, relay=([^,]*), delay=([0-9.]+), .*dsn=([0-9.]+), status=(\w+)"#)
        var result: [(Int, String, String, String, String, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            guard let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            func group(_ number: Int) -> String { String(line[Range(match.range(at: number), in: line)!]) }
            let delay = Int((Double(group(3))! * 1000).rounded())
            result.append((index + 1, group(1), group(2), group(4), group(5), delay))
        }
        return result
    }

    @Test("a generated Postfix log: every message deferred and then delivered agrees with its lines")
    func generatedPostfix() throws {
        let folder = try TemporaryFolder()
        let flavor = GeneratedTruthTests.Flavor(name: "trace-postfix", arguments: ["--flavor", "postfix", "--size", "500K", "--seed", "5"])
        let (log, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        // Messages with a deferral and a later delivery, found by the test itself.
        let deferred = try NSRegularExpression(pattern: #": ([0-9A-F]{10,12}): to=<[^>]*>, .*status=deferred"#)
        var ids: [String] = []
        for match in deferred.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let id = String(text[Range(match.range(at: 1), in: text)!])
            if !ids.contains(id), text.contains(": \(id): to=<"), text.range(of: #": \#(id): to=<[^\n]*status=sent"#, options: .regularExpression) != nil {
                ids.append(id)
            }
        }
        try #require(ids.count >= 2, "the generated log has too few deferred-then-sent messages")
        let options = AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth))
        let report = Analyzer(options: options).trace(try TraceQuery(queueIDs: ids), inputs: [InputName(log)])
        for id in ids {
            let message = try #require(report.messages.first { $0.queueID == id })
            let lines = try MessageTraceTests.postfixDeliveries(text, id: id)
            let steps = message.steps.filter { $0.kind == .delivery || $0.kind == .filter }
            #expect(steps.count == lines.count, "\(id)")
            for (step, line) in zip(steps, lines) {
                #expect(step.source?.line == line.0, "\(id)")
                #expect(step.recipient == line.1)
                #expect(step.relay == line.2)
                #expect(step.dsn == line.3)
                #expect(step.outcome?.rawValue == line.4)
                #expect(step.delayMillis == line.5)
            }
            #expect(steps.contains { $0.outcome == .deferred })
            #expect(message.totalDelayMillis == lines.map(\.5).max())
            // Each recipient's last attempt decides.
            var last: [String: String] = [:]
            for line in lines { last[line.1] = line.4 }
            let expected: MessageTrace.Status = last.values.contains("bounced") ? .bounced
                : last.values.contains("deferred") ? .removed : .sent
            #expect(message.status == expected, "\(id)")
            #expect(message.leftQueue == text.contains(": \(id): removed"))
        }
    }

    @Test("a generated Exim log: a message deferred and then delivered agrees with its lines")
    func generatedExim() throws {
        let folder = try TemporaryFolder()
        let flavor = GeneratedTruthTests.Flavor(name: "trace-exim", arguments: ["--flavor", "exim", "--size", "400K", "--seed", "5"])
        let (log, _) = try GeneratedTruthTests.generate(flavor, in: folder)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        // The first id with a `==` line and a later `=>` line.
        let id = try #require(lines.lazy.compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[3] == "==" else { return nil }
            let id = String(fields[2])
            return lines.contains { $0.contains(" \(id) => ") } ? id : nil
        }.first)
        let report = Analyzer(options: AnalysisOptions()).trace(try TraceQuery(queueIDs: [id]), inputs: [InputName(log)])
        let message = try #require(report.messages.first)
        let own = lines.enumerated().filter { $0.element.contains(" \(id) ") }
        let deliveries = own.filter { $0.element.contains(" \(id) => ") || $0.element.contains(" \(id) == ") || $0.element.contains(" \(id) ** ") }
        let steps = message.steps.filter { $0.kind == .delivery }
        #expect(steps.map { $0.source?.line } == deliveries.map { $0.offset + 1 })
        #expect(steps.map(\.outcome) == deliveries.map { $0.element.contains(" => ") ? .sent : $0.element.contains(" == ") ? .deferred : .bounced })
        for (step, line) in zip(steps, deliveries) {
            let recipient = line.element.components(separatedBy: " ")[4]
            #expect(step.recipient == recipient)
            if let host = line.element.range(of: " H=") {
                let name = line.element[host.upperBound...].split(separator: " ")[0]
                #expect(step.relay?.hasPrefix(String(name)) == true)
            }
            // A `451 4.7.650` deferral carries its code and enhanced code into the step.
            if let code = line.element.range(of: #": [45]\d\d [45]\.\d+\.\d+"#, options: .regularExpression) {
                let words = line.element[code].dropFirst(2).split(separator: " ")
                #expect(step.code == Int(words[0]) && step.enhanced == String(words[1]))
            }
        }
        #expect(message.arrival.source?.line == (own.first { $0.element.contains(" <= ") }?.offset).map { $0 + 1 })
        let last = try #require(deliveries.last)
        if last.element.contains(" => ") { #expect(message.status == .sent) }
        #expect(message.leftQueue == own.contains { $0.element.hasSuffix(" Completed") })
    }

    // MARK: bounds and escaping

    @Test("the cap: the first N messages are traced, the rest only counted")
    func cap() throws {
        let file = "samples/exim.log"
        let all = MessageTraceTests.trace(file, try TraceQuery(senders: ["@example.com"]))
        // The test's own count: distinct ids of `<=` lines with a sender at example.com.
        let text = try String(contentsOfFile: MessageTraceTests.path(file), encoding: .utf8)
        let ids = Set(text.split(separator: "\n").compactMap { line -> Substring? in
            let fields = line.split(separator: " ")
            return fields.count > 4 && fields[3] == "<=" && fields[4].lowercased().hasSuffix("@example.com") ? fields[2] : nil
        })
        #expect(Set(all.messages.map(\.queueID)).isSuperset(of: ids.map(String.init)))
        #expect(all.notShown == 0)
        let capped = MessageTraceTests.trace(file, try TraceQuery(senders: ["@example.com"], limit: 2))
        #expect(capped.messages.map(\.queueID) == Array(all.messages.prefix(2).map(\.queueID)))
        // Only messages the query matched count; the bounce notices they led to are not asked for.
        let matched = all.messages.filter { $0.selectedBy == "from" }.count
        let queued = all.messages.filter { $0.selectedBy == "from" && $0.queueID != "NOQUEUE" }
        #expect(Set(queued.map(\.queueID)) == Set(ids.map(String.init)))
        // And one refusal (`F=<...@example.com> rejected RCPT`) that never got an id.
        #expect(matched == ids.count + text.split(separator: "\n").filter { $0.contains("@example.com> rejected RCPT") }.count)
        #expect(capped.notShown == matched - 2)
        #expect(capped.foundAny)
        #expect(TraceTextRenderer.render(capped).contains("\(matched - 2) more matching messages not shown (--limit 2)."))
    }

    @Test("arrival details are kept for a bounded number of messages in flight, oldest dropped first")
    func boundedHeads() throws {
        let capacity = MessageTraceSink.headCapacity
        var log: [UInt8] = []
        // capacity + 500 messages arrive and stay queued; then the first and the last are
        // delivered to the recipient asked for. The first one's arrival was dropped.
        for number in 0..<(capacity + 500) {
            log += Array("Nov 21 10:00:00 mx1 postfix/smtpd[1]: \(String(format: "%010X", number)): client=c\(number).example[192.0.2.1]\n".utf8)
        }
        for number in [0, capacity + 499] {
            log += Array("Nov 21 10:05:00 mx1 postfix/smtp[3]: \(String(format: "%010X", number)): to=<wanted@example.net>, relay=mx.example.net[198.51.100.9]:25, delay=300, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)\n".utf8)
        }
        // Messages that leave the queue drop their heads at once: the list stays small.
        for number in 0..<(3 * capacity) {
            let id = String(format: "B%09X", number)
            log += Array("Nov 21 11:00:00 mx1 postfix/smtpd[1]: \(id): client=d.example[192.0.2.2]\n".utf8)
            log += Array("Nov 21 11:00:01 mx1 postfix/qmgr[2]: \(id): removed\n".utf8)
        }
        let sink = MessageTraceSink(query: try TraceQuery(recipients: ["wanted@example.net"]))
        let parser = LineParser(years: .startingYear(2026))
        log.withUnsafeBufferPointer { bytes in
            var start = 0
            var number = 0
            for end in bytes.indices where bytes[end] == 0x0A {
                number += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                var parsed = parser.parse(line)
                sink.consume(line, number: number, parsed: &parsed)
                start = end + 1
            }
        }
        #expect(sink.traces.map(\.queueID) == [String(format: "%010X", 0), String(format: "%010X", capacity + 499)])
        #expect(sink.traces[0].arrival.clientName == nil)
        #expect(sink.traces[1].arrival.clientName == "c\(capacity + 499).example")
        #expect(sink.heldHeads.heads <= capacity)
        #expect(sink.heldHeads.order <= 2 * capacity + 1)
    }

    @Test("hostile bytes in addresses and replies are escaped in text and valid in JSON")
    func hostileBytes() throws {
        var log = Array("Nov 21 10:00:00 mx1 postfix/smtpd[1]: 0A1B2C3D4E: client=evil\u{1B}[2J.example[192.0.2.66]\n".utf8)
        log += Array("Nov 21 10:00:00 mx1 postfix/qmgr[2]: 0A1B2C3D4E: from=<x\u{202E}gpj.exe@example.org>, size=10, nrcpt=1 (queue active)\n".utf8)
        log += Array("Nov 21 10:00:01 mx1 postfix/smtp[3]: 0A1B2C3D4E: to=<v@example.net>, relay=mx.example.net[198.51.100.9]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.net[198.51.100.9] said: 550 5.1.1 bad \u{07}".utf8)
        log += [0xFF, 0xFE] + Array(" user (in reply to RCPT TO command))\n".utf8)
        let report = Analyzer(options: AnalysisOptions(startingYear: 2026)).trace(try TraceQuery(queueIDs: ["0A1B2C3D4E"]), bytes: log)
        let message = try #require(report.messages.first)
        #expect(message.steps.first?.code == 550)
        let text = TraceTextRenderer.render(report)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("evil\\x1b[2J.example"))
        #expect(text.contains("x\\u{202e}gpj.exe@example.org"))
        #expect(text.contains("bad \\x07\\xff\\xfe user"))
        let json = try TraceJSONRenderer.render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "smtplog.trace/1")
        #expect(!json.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("queries are checked: something to look for, bounded values, a limit in range")
    func queryValidation() throws {
        #expect(throws: TraceQuery.QueryError.empty) { try TraceQuery() }
        #expect(throws: TraceQuery.QueryError.invalid("--to")) { try TraceQuery(recipients: ["a b@example.com"]) }
        #expect(throws: TraceQuery.QueryError.tooLong("--id")) { try TraceQuery(queueIDs: [String(repeating: "A", count: 513)]) }
        #expect(throws: TraceQuery.QueryError.limit(0)) { try TraceQuery(queueIDs: ["A"], limit: 0) }
        #expect(throws: TraceQuery.QueryError.limit(100_001)) { try TraceQuery(queueIDs: ["A"], limit: 100_001) }
        // `<>` asks for bounces: an empty sender.
        let bounces = MessageTraceTests.trace("samples/postfix.log", try TraceQuery(senders: ["<>"]))
        #expect(!bounces.messages.isEmpty && bounces.messages.allSatisfy { $0.arrival.sender == "" })
    }

    @Test("a message is followed across a rotated set, oldest file first")
    func acrossFiles() throws {
        let folder = try TemporaryFolder()
        let lines = try String(contentsOfFile: MessageTraceTests.path("samples/postfix.log"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        // Cut between the timeout (07:45:40) and the delivery (09:30:22) of 3C5E7A9B1D.
        let cut = try MessageTraceTests.lineNumber("samples/postfix.log", "3C5E7A9B1D: to=<", "status=deferred")
        let older = try folder.write("mail.log.1", Array((lines[..<cut].joined(separator: "\n") + "\n").utf8))
        let newer = try folder.write("mail.log", Array(lines[cut...].joined(separator: "\n").utf8))
        let ordered = RotatedSet.order([InputName(newer), InputName(older)]).names
        let report = Analyzer(options: AnalysisOptions(startingYear: 2026)).trace(try TraceQuery(queueIDs: ["3C5E7A9B1D"]), inputs: ordered)
        let message = try #require(report.messages.first)
        #expect(message.steps.filter { $0.kind == .delivery }.map(\.outcome) == [.deferred, .sent])
        #expect(message.steps.first?.source?.input == older)
        #expect(message.steps.last?.source?.input == newer)
        #expect(message.status == .sent)
    }
}
