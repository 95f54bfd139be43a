import Testing
@testable import SMTPLogKit

/// The lines that follow a message through the queue (qmgr's `nrcpt=`, Exim's deliveries and
/// `Completed`) are shown to the rules about logins' messages only when the message may be
/// one: its arrival came after a login, or the part reading it has not seen its arrival (it
/// may be in an earlier chunk or file). A message that arrived in the same part without a login
/// is of no interest to them, and showing them its lines was most of what they cost.
@Suite("Message flow shown to the rules about logins")
struct MessageFlowTopicsTests {
    /// Notes the ids of the messages whose flow it is shown, as `account_volume` would see them.
    struct FlowSpy: RuleAccumulator {
        static var topics: ObservationTopics { [.login, .messageFlow] }
        var seen: [String] = []

        mutating func observe(_ observation: Observation) {
            guard let fact = observation.traffic, let id = fact.id, observation.topics.contains(.messageFlow) else { return }
            seen.append("\(fact.kind) \(String(decoding: UnsafeBufferPointer(rebasing: observation.line[id]), as: UTF8.self))")
        }

        mutating func merge(_ other: FlowSpy) { seen += other.seen }
        mutating func offsetLineNumbers(by lines: Int) {}
    }

    static func seen(_ text: String, beginsRun: Bool = true) -> (seen: [String], summary: ReplySummary) {
        var summary = ReplySummary(keyCapacity: 1_000)
        if beginsRun { summary.traffic.beginRun() }
        let sink = ReportSink(fileName: "mail.log", summary: summary, rules: RuleAccumulators([FlowSpy()]))
        let loop = LineLoop(reader: LineReader(bufferSize: 4_096, maxLineLength: 2_000),
                            parser: LineParser(years: .startingYear(2026)))
        let result = loop.run(MemorySource(Array(text.utf8)), into: sink)
        #expect(result.error == nil)
        let spy = sink.rules.items.first as? FlowSpy
        return (spy?.seen ?? [], sink.finishedSummary())
    }

    static let postfix = """
        Nov 22 06:00:01 mx postfix/submission/smtpd[100]: 1A2B3C4D5E: client=unknown[203.0.113.9], sasl_method=PLAIN, sasl_username=alice@example.org
        Nov 22 06:00:01 mx postfix/smtpd[101]: 2B3C4D5E6F: client=mail.example.net[198.51.100.7]
        Nov 22 06:00:02 mx postfix/qmgr[50]: 1A2B3C4D5E: from=<alice@example.org>, size=1000, nrcpt=2 (queue active)
        Nov 22 06:00:02 mx postfix/qmgr[50]: 2B3C4D5E6F: from=<bob@example.net>, size=2000, nrcpt=1 (queue active)
        Nov 22 06:00:03 mx postfix/qmgr[50]: 3C4D5E6F7A: from=<carol@example.com>, size=3000, nrcpt=1 (queue active)
        Nov 22 06:00:04 mx postfix/smtp[102]: 1A2B3C4D5E: to=<u1@example.com>, relay=mx.example.com[198.51.100.8]:25, delay=2, delays=1/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)
        Nov 22 06:00:05 mx postfix/qmgr[50]: 1A2B3C4D5E: removed
        Nov 22 06:00:05 mx postfix/qmgr[50]: 2B3C4D5E6F: removed

        """

    @Test("Postfix: qmgr's line of a login's message and of one met first by it; not of a message that arrived without a login")
    func postfixFlow() {
        let (seen, summary) = MessageFlowTopicsTests.seen(MessageFlowTopicsTests.postfix)
        #expect(seen == ["queueActive 1A2B3C4D5E", "queueActive 3C4D5E6F7A"])
        // The traffic summary is shown every line whatever the rules are shown.
        #expect(summary.traffic.messages.counts.received == 2)
        #expect(summary.traffic.messages.counts.bytesReceived == 3_000)
        #expect(summary.traffic.messages.counts.delivered == 1)
    }

    @Test("Exim: the deliveries and Completed of a login's message and of one whose arrival is elsewhere only")
    func eximFlow() {
        let text = """
            2026-11-22 06:00:01 1tA000-000000-a1 <= alice@example.org H=(client) [203.0.113.9] P=esmtpsa A=dovecot_plain:alice@example.org S=1000 id=a@example.org
            2026-11-22 06:00:01 1tB000-000000-b2 <= bob@example.net H=mail.example.net [198.51.100.7] P=esmtps S=2000 id=b@example.net
            2026-11-22 06:00:02 1tA000-000000-a1 => u1@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.8] C="250 OK" QT=1s DT=1s
            2026-11-22 06:00:02 1tB000-000000-b2 => u2@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.8] C="250 OK" QT=1s DT=1s
            2026-11-22 06:00:03 1tC000-000000-c3 => u3@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.8] C="250 OK" QT=9s DT=1s
            2026-11-22 06:00:03 1tA000-000000-a1 Completed QT=2s
            2026-11-22 06:00:03 1tB000-000000-b2 Completed QT=2s

            """
        let (seen, summary) = MessageFlowTopicsTests.seen(text)
        #expect(seen == ["delivery 1tA000-000000-a1", "delivery 1tC000-000000-c3", "removed 1tA000-000000-a1"])
        #expect(summary.traffic.messages.counts.delivered == 3)
    }

    @Test("a part that does not begin the run shows every flow line, also of messages it saw arrive without a login")
    func laterPartsShowAll() {
        let (seen, _) = MessageFlowTopicsTests.seen(MessageFlowTopicsTests.postfix, beginsRun: false)
        #expect(seen == ["queueActive 1A2B3C4D5E", "queueActive 2B3C4D5E6F", "queueActive 3C4D5E6F7A"])
    }

    /// `account_volume`'s findings of `text` read whole, and in parts cut before the lines at
    /// `cuts`: the parts after the first keep what they cannot place for the part before, as
    /// when they were shown every line.
    static func volume(_ text: String, cuts: [Int]) -> [String] {
        let lines = text.split(separator: "\n").map(String.init)
        var parts: [String] = [], from = 0
        for cut in cuts + [lines.count] {
            parts.append(lines[from..<cut].joined(separator: "\n") + "\n")
            from = cut
        }
        var options = AnalysisOptions(startingYear: 2026)
        options.rules.configure(AccountVolumeRule.self) { $0.recipientsPerHour = 2 }
        let analyzer = Analyzer(options: options)
        let results = parts.enumerated().map { index, part in
            let bytes = Array(part.utf8)
            return analyzer.analyze(OpenedInput(name: InputName("mail.log"), source: MemorySource(bytes), modificationTime: nil,
                                                size: bytes.count), beginsRun: index == 0)
        }
        var summary = results[0].summary, rules = results[0].rules
        for result in results.dropFirst() {
            summary += result.summary
            rules += result.rules
        }
        return options.rules.findings(from: rules, in: RuleContext(summary: summary, inputs: results, window: nil, top: 5))
            .filter { $0.kind == .accountVolume }.map(\.statement)
    }

    @Test("account_volume's findings read whole and cut anywhere, the login in one part and its qmgr line in the next")
    func findingsWholeAndSplit() throws {
        let whole = MessageFlowTopicsTests.volume(MessageFlowTopicsTests.postfix, cuts: [])
        let found = try #require(whole.first)
        #expect(found.contains("alice@example.org sent 1 message to 2 recipients"), "\(found)")
        for cut in 1..<8 { #expect(MessageFlowTopicsTests.volume(MessageFlowTopicsTests.postfix, cuts: [cut]) == whole, "cut at \(cut)") }
        // The id of alice's message arrives again, without a login, before qmgr's line (in the
        // same part or the next): the line counts for her in both, as it did when every line
        // was shown.
        var lines = MessageFlowTopicsTests.postfix.split(separator: "\n").map(String.init)
        lines.insert("Nov 22 06:00:01 mx postfix/smtpd[103]: 1A2B3C4D5E: client=mail.example.net[198.51.100.9]", at: 2)
        let reused = lines.joined(separator: "\n") + "\n"
        let reusedWhole = MessageFlowTopicsTests.volume(reused, cuts: [])
        #expect(reusedWhole == whole)
        for cut in 1..<9 { #expect(MessageFlowTopicsTests.volume(reused, cuts: [cut]) == reusedWhole, "cut at \(cut)") }
    }
}
