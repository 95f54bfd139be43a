/// The sink of a report: every line counted in the summary, and the lines that carry a reply or
/// a notice shown to the rules that asked for their topics. The peer key of a reply is made
/// once here for both.
final class ReportSink: LineSink {
    let fileName: String
    /// Unchecked exclusivity: every line modifies these, and the runtime check of that access
    /// cost as much as parsing the line (callgrind). The sink belongs to one reader, which
    /// hands it one line at a time, so no second access can overlap.
    @exclusivity(unchecked) var summary: ReplySummary
    @exclusivity(unchecked) var rules: RuleAccumulators
    @exclusivity(unchecked) private var topics = TopicCache()
    /// The phrases of warnings' and errors' texts, for the rule about our own failures.
    @exclusivity(unchecked) private var noticePhrases = NoticeConditionCache()
    /// Other programs' lines by name, on their way to `summary.otherPrograms`.
    @exclusivity(unchecked) private var programs = OtherProgramTally()
    /// The example of the line being observed, shared by the rules (`Observation.example()`).
    private let exampleMemo: ExampleMemo
    /// The observed lines' seconds since the epoch, made once for the rules that count them.
    @exclusivity(unchecked) private var clock = EpochClock()
    /// The /24 networks of dotted quads lately made, by the bytes before the last dot: a
    /// botnet's hosts share networks, and each host's made the network's string and hashed it
    /// again (about 1,000 instructions a failed login or login, callgrind).
    @exclusivity(unchecked) private var dottedNetworks = ShortNameCache<HashedName>()
    /// Replies' peers and logins' clients lately keyed, with their networks once asked for:
    /// a client's replies come again (its refusals, its failed logins), outbound replies name
    /// the same servers, and each made its key's string and hashed it again for the summary
    /// and the rules (`PeerNameCache`).
    @exclusivity(unchecked) private var peerNames = PeerNameCache()
    /// Logins' users lately keyed, by their bytes: a user's messages come in runs, and each
    /// login made the name's string and hashed it again (about 450 instructions), and every
    /// rule's table then compared its string with the one it kept.
    @exclusivity(unchecked) private var loginUsers = PeerNameCache(sets: 128)
    /// The report's filters; nil without any, so that such a run pays one branch a line.
    private let filter: LineMatcher?

    init(fileName: String, summary: ReplySummary, rules: RuleAccumulators, filter: LineFilter = LineFilter()) {
        self.fileName = fileName
        self.summary = summary
        self.rules = rules
        self.filter = LineMatcher(filter)
        exampleMemo = ExampleMemo(file: fileName)
    }

    @inline(__always)
    func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: inout ParsedLine) {
        // The file name is read only when an example is made (a few lines in a thousand) or a
        // rule is shown the line: held in a local, it cost a retain and a release of the string
        // on every line, about 64 instructions (callgrind).
        func example() -> LineExample { LineExample(file: self.fileName, line: number, bytes: line) }
        // Before the summary, the traffic and the rules see it: a line left out is in no count
        // but two (read, filtered).
        if filter != nil {
            switch parsed.kind {
            case .event(let event): if leavesOut(event, time: parsed.time, in: line) { return }
            case .notice(let notice): if leavesOut(notice, time: parsed.time, in: line) { return }
            default: break
            }
        }
        if let fact = parsed.traffic {
            let afterLogin = summary.traffic.record(fact, line: line, time: parsed.time, program: parsed.program,
                                                    example: example)
            // The topics first, here: most facts (connections, Postfix's deliveries) have none,
            // and the call made for each of them to find out cost about 17 instructions a line.
            let postfix = Observation.isPostfix(line, program: parsed.program)
            let topics = ObservationTopics.of(fact, postfix: postfix, afterLogin: afterLogin)
            if !topics.isDisjoint(with: rules.wanted) {
                observe(fact, topics: topics, postfix: postfix, line: line, number: number, time: parsed.time,
                        program: parsed.program)
            }
        }
        // The cases bind no payload: bound by the switch, an event's or a notice's fields were
        // loaded (and spilled) before the kind was even tested, on every line (callgrind: 19
        // instructions a line). Each case reads its own payload.
        switch parsed.kind {
        case .event:
            guard case .event(let event) = parsed.kind else { return }
            let known = event.peerRange.map { range in peerNames.name(UnsafeBufferPointer(rebasing: line[range])) }
            let peer = known?.name
            summary.record(event: event, time: parsed.time, line: line, peer: peer, example: example)
            if event.isRejection { summary.traffic.recordRejected(parsed.time) }
            let topics = ObservationTopics.of(event)
            if !topics.isDisjoint(with: rules.wanted) {
                let topic = topics.isDisjoint(with: .refusals) ? TopicCache.Entry(topic: -1, condition: -1)
                    : self.topics.entry(code: event.code, enhanced: event.enhanced, text: event.text, in: line,
                                        withCondition: topics.contains(.inboundRefusal) && rules.wanted.contains(.inboundRefusal))
                rules.observe(Observation(content: .reply(event), line: line, time: parsed.time, topics: topics,
                                          peer: peer, program: parsed.program, file: self.fileName, lineNumber: number,
                                          topicIndex: topic.topic, conditionIndex: topic.condition,
                                          network: network(of: peer, at: known?.place, for: topics),
                                          epochSeconds: seconds(parsed.time), exampleMemo: exampleMemo))
            }
        case .notice:
            guard case .notice(let notice) = parsed.kind else { return }
            summary.recordUnderstood(time: parsed.time)
            let topics = ObservationTopics.of(notice)
            if !topics.isDisjoint(with: rules.wanted) {
                let phrase = topics.contains(.systemNotice) && rules.wanted.contains(.systemNotice)
                    ? noticePhrases.match(line.slice(notice.text)) ?? Observation.noPhrase : Observation.unread
                rules.observe(Observation(content: .notice(notice), line: line, time: parsed.time, topics: topics,
                                          peer: nil, program: parsed.program, file: self.fileName, lineNumber: number,
                                          conditionIndex: phrase, epochSeconds: seconds(parsed.time),
                                          exampleMemo: exampleMemo))
            }
        case .nonEvent:
            summary.recordUnderstood(time: parsed.time)
        case .otherProgram(let program):
            summary.recordOtherProgram(time: parsed.time)
            programs.add(program, in: line, to: &summary.otherPrograms)
        default:
            summary.record(parsed.kind, time: parsed.time, line: line, example: example)
        }
    }

    /// The summary with every count of the run in it: read it once the lines are through.
    func finishedSummary() -> ReplySummary {
        programs.flush(into: &summary.otherPrograms)
        return summary
    }

    /// A traffic fact shown to the rules about accounts (`topics`, some of them wanted); out of
    /// line, so that the loop carries one branch for it when no rule asks.
    @inline(never)
    private func observe(_ fact: TrafficFact, topics: ObservationTopics, postfix: Bool, line: UnsafeBufferPointer<UInt8>,
                         number: Int, time: LogTime?, program: Range<Int>) {
        let login = topics.contains(.login)
        let known = login ? fact.client.flatMap { $0.isEmpty ? nil : peerNames.name(UnsafeBufferPointer(rebasing: line[$0])) } : nil
        let peer = known?.name
        rules.observe(Observation(content: .traffic(fact), line: line, time: time, topics: topics, peer: peer,
                                  program: program, file: fileName, lineNumber: number,
                                  loginUser: login ? Observation.loginUserRange(fact, in: line, postfix: postfix).map {
                                      loginUsers.name(UnsafeBufferPointer(rebasing: line[$0])).name
                                  } : nil,
                                  network: network(of: peer, at: known?.place, for: topics), epochSeconds: seconds(time),
                                  exampleMemo: exampleMemo))
    }

    /// The line's seconds since the epoch, for an observation (`Observation.epochSeconds`).
    @inline(__always)
    private func seconds(_ time: LogTime?) -> Int?? {
        guard let time else { return .some(nil) }
        return .some(clock.seconds(time))
    }

    /// The peer's network at the default prefixes for the rules about networks, remembered
    /// with the peer's name where it is kept (`place`); `.none` for other topics (the
    /// observation makes none).
    @inline(__always)
    private func network(of peer: HashedName?, at place: PeerNameCache.Place?, for topics: ObservationTopics) -> HashedName?? {
        guard let peer, !topics.isDisjoint(with: .aboutNetworks) else { return .none }
        guard let place else { return .some(defaultNetwork(of: peer)) }
        return .some(peerNames.network(at: place) { defaultNetwork(of: $0) })
    }

    /// `NetworkPrefix.defaultNetwork(of:)`, a dotted quad's from the cache of networks.
    private func defaultNetwork(of peer: HashedName) -> HashedName? {
        guard NetworkPrefix.defaultIPv4 == 24 else { return NetworkPrefix.defaultNetwork(of: peer.string) }
        var address = peer.string
        return address.withUTF8 { bytes in
            guard let end = NetworkPrefix.dottedQuadNetworkEnd(bytes) else { return NetworkPrefix.defaultNetwork(of: peer.string) }
            return dottedNetworks.name(UnsafeBufferPointer(rebasing: bytes[..<end])) {
                HashedName(NetworkPrefix.network(ofDottedPrefix: $0))
            }
        }
    }

    /// Out of line, so that a run without filters carries none of this in its loop. Only
    /// replies and notices name what a filter is about: other lines are never left out.
    @inline(never)
    private func leavesOut(_ event: RawReplyEvent, time: LogTime?, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard filter!.leavesOut(event, in: line) else { return false }
        summary.recordFiltered(time: time)
        return true
    }

    @inline(never)
    private func leavesOut(_ notice: RawNotice, time: LogTime?, in line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard filter!.leavesOut(notice, in: line) else { return false }
        summary.recordFiltered(time: time)
        return true
    }

    func consumeOversized(number: Int) {
        summary.recordOversized()
    }
}
