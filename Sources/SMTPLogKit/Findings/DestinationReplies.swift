/// Which replies from remote servers a rule counts: the deferrals rule takes 4xx, the policy rule
/// 5xx refusals on policy, and so on. The accumulator reads each reply's topic once and asks.
public protocol DestinationFilter: Sendable {
    static var topics: ObservationTopics { get }
    /// Whether a reply a server sent us, of this topic, belongs to the rule.
    static func accepts(code: Int, topic: ReplyTopic, isAuthFailure: Bool, isRelayRefusal: Bool) -> Bool
}

/// Replies servers sent us, by topic and server, with the recipient domains they concern and
/// the messages Postfix held back on a cached verdict of the same kind.
public struct DestinationReplies<Filter: DestinationFilter>: RuleAccumulator, Codable {
    public static var topics: ObservationTopics { Filter.topics }
    var servers: CappedTable<TopicKey, SubjectActivity>
    var domains: NamePairs<TopicKey>

    init(capacity: Int) {
        servers = CappedTable(capacity: capacity)
        domains = NamePairs(capacity: capacity)
    }

    public mutating func observe(_ observation: Observation) {
        let line = observation.line
        switch observation.content {
        case .reply(let event):
            guard let server = observation.peerName, observation.topicIndex >= 0 else { return }
            let topic = observation.topicIndex
            guard Filter.accepts(code: event.code, topic: ReplyTopics.all[topic], isAuthFailure: event.isAuthFailure,
                                 isRelayRefusal: event.isRelayRefusal) else { return }
            let key = TopicKey(topic: UInt8(topic), name: server)
            let time = observation.time, examples = observation.examples, code = event.code
            servers.update(key) { $0.record(time, code: code, example: { examples.example() }) }
            if let domain = event.recipientDomain(in: line) { domains.add(subject: key, name: domain) }
        case .notice(let notice):
            guard notice.kind == .cachedVerdict, notice.code != 0,
                  let server = observation.name(notice.peerName) ?? observation.name(notice.peerAddress) else { return }
            let code = notice.code
            let topic = ReplyTopics.classifyIndex(code: code, enhanced: notice.enhanced.map { EnhancedCode(line, $0) },
                                                  text: line.slice(notice.text))
            guard Filter.accepts(code: code, topic: ReplyTopics.all[topic], isAuthFailure: code == 530 || code == 535,
                                 isRelayRefusal: false) else { return }
            let key = TopicKey(topic: UInt8(topic), name: server)
            let time = observation.time, examples = observation.examples
            servers.update(key) { $0.recordHeldBack(time, example: { examples.example() }) }
            if let recipient = notice.recipient, let at = line.lastByte(0x40, in: recipient), at + 1 < recipient.upperBound {
                domains.add(subject: key, name: line.key((at + 1)..<recipient.upperBound).lowercased())
            }
        case .traffic:
            break
        }
    }

    public mutating func merge(_ other: DestinationReplies) {
        servers += other.servers
        domains += other.domains
    }

    public mutating func offsetLineNumbers(by lines: Int) { servers.offsetExampleLines(by: lines) }

    public var tables: [CutTable] {
        [CutTable("servers", servers, leftOut: .inNoFinding), CutTable("domains by server", domains, leftOut: .notListed)]
    }

    /// One selection per topic, for the servers that pass `include`, in topic order.
    func byTopic(top: Int, where include: (SubjectActivity) -> Bool)
        -> [(topic: ReplyTopic, selection: SubjectSelection<TopicKey>)] {
        let topics = Set(servers.entries.map(\.0.topic)).sorted()
        return topics.compactMap { topic in
            let selection = SubjectSelection(servers, top: top) { key, row in key.topic == topic && include(row) }
            return selection.isEmpty ? nil : (ReplyTopics.all[Int(topic)], selection)
        }
    }

    /// A finding about one topic's servers: servers first, then the recipient domains concerned.
    func finding(_ kind: Finding.Kind, severity: Severity, topic: ReplyTopic, _ selection: SubjectSelection<TopicKey>,
                 statement: String, context: RuleContext) -> Finding {
        var subjects: [Finding.Role: Finding.NameList] = [.servers: selection.nameList(\.name)]
        let domains = self.domains.names(top: context.top) { selection.keys.contains($0) }
        if !domains.isEmpty { subjects[.domains] = domains }
        let code = selection.dominantCode
        return Finding(kind: kind, severity: severity, direction: .outbound, code: code, topic: topic.id,
                       statement: statement, count: selection.count, primary: .servers, subjects: subjects,
                       heldBack: selection.heldBack, first: selection.first, last: selection.last,
                       examples: selection.examples(), explanation: topic.explanation, fix: topic.outboundFix)
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The bytes of `range`, or none.
    func slice(_ range: Range<Int>?) -> UnsafeBufferPointer<UInt8> {
        guard let range else { return UnsafeBufferPointer(start: baseAddress, count: 0) }
        return UnsafeBufferPointer(rebasing: self[range])
    }
}

extension Wording {
    /// `; 12 messages held back` when Postfix deferred mail on the same verdict without asking.
    static func heldBack(_ count: Int) -> String {
        count > 0 ? "; \(plural(count, "message")) held back on that verdict without a new attempt" : ""
    }
}
