/// The sink of `smtplog trace`: one pass over the lines, following only the messages the query
/// selects. Named apart from `TraceSink`, the sink of `smtplog lines`.
///
/// A message is selected on the first line that matches (its queue id, its message-id, its
/// sender on the arrival or qmgr line, its recipient on a delivery line), or when a followed
/// message hands it on (a content filter's `queued as`, a bounce notice). From then on each of
/// its lines becomes a step. Lines of other messages cost a dictionary look-up by `BytesKey`.
///
/// Bounded: at most `query.limit` messages are traced (the others are counted), each keeps at
/// most `stepCapacity` steps, and the arrival details of messages not (yet) selected are kept
/// for at most `headCapacity` messages in flight, oldest dropped first. Those details are what
/// a later selection needs: a recipient is named only on delivery lines, after the client and
/// the message-id have gone by, and a filter's new queue id arrives before the line that hands
/// the message to it.
public final class MessageTraceSink: LineSink {
    public static let stepCapacity = 200
    public static let headCapacity = 20_000
    /// Messages counted as not shown are remembered (so that each counts once) up to this many
    /// at a time; beyond, the count is a lower bound.
    static let skippedCapacity = 100_000
    static let linkCapacity = 100_000

    /// What is kept of a message that is not followed yet.
    struct Head {
        var trace: MessageTrace
        var deliveries = 0
    }

    public let query: TraceQuery
    /// The name lines are attributed to, set before each input is read.
    public var inputName = ""
    public private(set) var traces: [MessageTrace] = []
    public private(set) var notShown = 0
    public private(set) var notShownIsLowerBound = false
    public private(set) var linesRead = 0

    private var active: [BytesKey: Int] = [:]
    private var heads: [BytesKey: Head] = [:]
    /// Insertion order of `heads`, for dropping the oldest; stale keys are skipped on the way.
    private var headOrder: [BytesKey] = []
    private var headOrderStart = 0
    /// An id a followed message handed on to, not selected yet.
    struct Link {
        var selectedBy: String
        /// The origin's index in `traces`, and the index of the step that handed it on.
        var from: Int
        var step: Int?
        /// For a hand-over to a relay that is not a loopback address (another Postfix
        /// instance on this machine: `relay=192.0.2.5[192.0.2.5]:2501 ... queued as X`), the
        /// address the new message must arrive from; a remote server's queue id never does.
        var requiredClient: String?
    }
    private var links: [BytesKey: Link] = [:]
    private var skipped: Set<BytesKey> = []

    /// How many heads, and keys in their order list, are held: what the bounds bound (tests).
    var heldHeads: (heads: Int, order: Int) { (heads.count, headOrder.count - headOrderStart) }

    public init(query: TraceQuery) {
        self.query = query
    }

    public func consumeOversized(number: Int) { linesRead += 1 }

    public func consume(_ line: UnsafeBufferPointer<UInt8>, number: Int, parsed lent: inout ParsedLine) {
        linesRead += 1
        // A trace reads few lines closely: a copy to capture in its closures costs nothing here.
        let parsed = lent
        switch parsed.kind {
        case .event, .nonEvent, .notice, .notUnderstood: break
        default: return
        }
        if let fact = parsed.traffic, let id = fact.id {
            consume(fact, id: id, line, number: number, parsed: parsed)
            return
        }
        // Postfix lines about one message that carry no traffic fact: cleanup's message-id, a
        // bounce notice, a `reject:` after the queue id was given, a server's reply with no status.
        let queued = parsed.program.isEmpty ? nil : TraceLineFields.postfixQueueID(line, program: parsed.program)
        guard let (id, body) = queued else {
            if query.hasAddresses, case .event(let event) = parsed.kind, event.isRejection { refuse(event, line, number: number, time: parsed.time) }
            return
        }
        let key = BytesKey(line, id)
        let source = MessageTrace.Source(input: inputName, line: number)
        if let messageID = TraceLineFields.cleanupMessageID(line, body: body) {
            if let index = active[key] {
                traces[index].messageID = traces[index].messageID ?? line.key(messageID)
                touch(index, parsed.time)
                return
            }
            if query.matchesMessageID(line, messageID) || query.matchesQueueID(line, id) || isTrustedLink(key) {
                let reason = query.matchesMessageID(line, messageID) ? "message-id" : (links[key]?.selectedBy ?? "id")
                guard let index = select(key, line, id, by: reason, time: parsed.time, source: source) else { return }
                traces[index].messageID = line.key(messageID)
                return
            }
            updateHead(key, line, id, time: parsed.time, source: source) { $0.trace.messageID = line.key(messageID) }
            return
        }
        var selectedBy: String?
        if active[key] == nil {
            if query.matchesQueueID(line, id) || isTrustedLink(key) {
                selectedBy = links[key]?.selectedBy ?? "id"
            } else if case .event(let event) = parsed.kind, event.isRejection {
                // `QID: reject: RCPT from ...` of one recipient, after another was taken.
                if let recipient = event.recipient, query.matchesRecipient(line, recipient) { selectedBy = "to" }
                if let sender = event.sender, query.matchesSender(line, TraceLineFields.eximSender(line, sender)) { selectedBy = "from" }
            }
        }
        guard let index = active[key] ?? selectedBy.flatMap({ select(key, line, id, by: $0, time: parsed.time, source: source) })
        else { return }
        touch(index, parsed.time)
        if let notice = TraceLineFields.notification(line, body: body),
           TraceLineFields.program(line, parsed.program, endsWith: "bounce") {
            var step = MessageTrace.Step(kind: .notice, time: parsed.time, source: source)
            step.text = line.key(body..<(notice.lowerBound - 2))
            step.handedTo = line.key(notice)
            add(step, to: index)
            link(BytesKey(line, notice), id: step.handedTo!, from: index, step: nil, by: "notice")
            return
        }
        // `reject: DATA ...` after the queue id was given; smtp's `host X said: 450 ...` for
        // one server of several (the next MX may take the message: its status line follows).
        guard case .event(let event) = parsed.kind, event.isRejection || event.direction == .outbound else { return }
        var step = MessageTrace.Step(kind: event.direction == .outbound ? .reply : .rejected, time: parsed.time, source: source)
        step.code = event.code
        step.enhanced = event.enhanced.map { line.key($0) }
        step.recipient = event.recipient.map { line.key($0) }
        if event.direction == .outbound {
            step.relay = MessageTraceSink.hostText(line, name: event.peerName, address: event.peerAddress)
            step.text = event.text.map { line.key($0) }
        } else {
            step.text = line.key(body..<line.count)
            // `reject: DATA ... from=<s>`: a message refused before qmgr named its sender.
            if traces[index].arrival.sender == nil, let sender = event.sender {
                traces[index].arrival.sender = line.key(TraceLineFields.eximSender(line, sender))
            }
        }
        step.explanation = MessageTraceSink.explanation(code: event.code, enhanced: step.enhanced)
        add(step, to: index)
    }

    /// A mail refused before it got a queue id (`NOQUEUE: reject: RCPT ...`, Exim's `rejected
    /// RCPT`): the commonest answer to "where is my mail" is that it never arrived. Shown as a
    /// message of its own when its sender or recipient is asked for.
    private func refuse(_ event: RawReplyEvent, _ line: UnsafeBufferPointer<UInt8>, number: Int, time: LogTime?) {
        let reason: String
        if let sender = event.sender, query.matchesSender(line, TraceLineFields.eximSender(line, sender)) {
            reason = "from"
        } else if let recipient = event.recipient, query.matchesRecipient(line, recipient) {
            reason = "to"
        } else {
            return
        }
        guard traces.count < query.limit else {
            notShown += 1
            return
        }
        let source = MessageTrace.Source(input: inputName, line: number)
        var trace = MessageTrace(queueID: "NOQUEUE", selectedBy: reason)
        trace.firstTime = time
        trace.lastTime = time
        trace.arrival.sender = event.sender.map { line.key(TraceLineFields.eximSender(line, $0)) }
        trace.arrival.clientName = event.peerName.map { line.key($0) }
        trace.arrival.clientAddress = event.peerAddress.map { line.key($0) }
        trace.arrival.authenticatedAs = event.saslUser.map { line.key($0) }
        var step = MessageTrace.Step(kind: .rejected, time: time, source: source)
        step.code = event.code
        step.enhanced = event.enhanced.map { line.key($0) }
        step.recipient = event.recipient.map { line.key($0) }
        step.text = event.text.map { line.key($0) }
        step.explanation = MessageTraceSink.explanation(code: event.code, enhanced: step.enhanced)
        trace.steps.append(step)
        traces.append(trace)
    }

    // MARK: traffic facts

    private func consume(_ fact: TrafficFact, id: Range<Int>, _ line: UnsafeBufferPointer<UInt8>, number: Int, parsed: ParsedLine) {
        let key = BytesKey(line, id)
        let source = MessageTrace.Source(input: inputName, line: number)
        let isExim = parsed.program.isEmpty || line.hasPrefix("exim", at: parsed.program.lowerBound)
        var index = active[key]
        if index == nil {
            if let reason = selection(fact, line, id, key: key, isExim: isExim) {
                index = select(key, line, id, by: reason, time: parsed.time, source: source)
                if index == nil { return }
            } else {
                remember(fact, key: key, line, id, time: parsed.time, source: source, isExim: isExim)
                return
            }
        }
        guard let index else { return }
        touch(index, parsed.time)
        switch fact.kind {
        case .received:
            arrive(fact, line, id: id, at: index, isExim: isExim, time: parsed.time, source: source)
        case .queueActive:
            MessageTraceSink.fillQueued(&traces[index], fact, line, id: id)
        case .delivery:
            deliver(fact, line, id: id, at: index, parsed: parsed, isExim: isExim, source: source)
        case .removed:
            traces[index].leftQueue = true
            add(MessageTrace.Step(kind: .removed, time: parsed.time, source: source), to: index)
            // Postfix reuses short queue ids: a later message with this id is another message.
            active[key] = nil
        case .expired:
            add(MessageTrace.Step(kind: .expired, time: parsed.time, source: source), to: index)
        case .held, .discarded:
            var step = MessageTrace.Step(kind: fact.kind == .held ? .held : .discarded, time: parsed.time, source: source)
            step.text = line.key(min(id.upperBound + 2, line.count)..<line.count)
            add(step, to: index)
        case .connect, .disconnect, .systemMessage:
            break
        }
    }

    /// Why a line's message is to be followed, or nil.
    private func selection(_ fact: TrafficFact, _ line: UnsafeBufferPointer<UInt8>, _ id: Range<Int>, key: BytesKey,
                           isExim: Bool) -> String? {
        if let link = links[key] {
            if link.requiredClient == nil { return link.selectedBy }
            if fact.kind == .received, let client = fact.client, line.key(client) == link.requiredClient { return link.selectedBy }
        }
        if query.matchesQueueID(line, id) { return "id" }
        switch fact.kind {
        case .received, .queueActive, .expired:
            if let sender = fact.sender, query.matchesSender(line, TraceLineFields.eximSender(line, sender)) { return "from" }
            if isExim, fact.kind == .received, !query.messageIDs.isEmpty,
               let messageID = TraceLineFields.eximMessageID(line, from: id.upperBound),
               query.matchesMessageID(line, messageID) { return "message-id" }
            // `<= <> R=ORIGINAL`: Exim's bounce of a followed message.
            if isExim, fact.kind == .received, let origin = TraceLineFields.token(line, " R=", from: id.upperBound),
               active[BytesKey(line, origin)] != nil { return "notice" }
        case .delivery:
            if let recipient = fact.recipient, query.matchesRecipient(line, recipient) { return "to" }
        default:
            break
        }
        return nil
    }

    /// Starts following a message: from what was kept of it, or afresh. Nil when the cap is
    /// reached (the message is counted as not shown).
    private func select(_ key: BytesKey, _ line: UnsafeBufferPointer<UInt8>, _ id: Range<Int>, by reason: String,
                        time: LogTime?, source: MessageTrace.Source) -> Int? {
        guard traces.count < query.limit else {
            if skipped.contains(key) { return nil }
            if skipped.count < MessageTraceSink.skippedCapacity { skipped.insert(key) } else { notShownIsLowerBound = true }
            notShown += 1
            return nil
        }
        var trace: MessageTrace
        if let head = heads.removeValue(forKey: key) {
            trace = head.trace
            trace.earlierDeliveriesNotShown = head.deliveries
        } else {
            trace = MessageTrace(queueID: line.key(id), selectedBy: reason)
            trace.firstTime = time
        }
        trace.selectedBy = reason
        if let link = links.removeValue(forKey: key) { confirm(link, as: trace.queueID, into: &trace) }
        traces.append(trace)
        active[key] = traces.count - 1
        return traces.count - 1
    }

    /// Keeps the arrival details of a message nobody asked about yet, or forgets a message
    /// that left the queue.
    private func remember(_ fact: TrafficFact, key: BytesKey, _ line: UnsafeBufferPointer<UInt8>, _ id: Range<Int>,
                          time: LogTime?, source: MessageTrace.Source, isExim: Bool) {
        switch fact.kind {
        case .received:
            updateHead(key, line, id, time: time, source: source) { head in
                MessageTraceSink.fillArrival(&head.trace, fact, line, id: id, isExim: isExim, time: time, source: source)
            }
        case .queueActive:
            updateHead(key, line, id, time: time, source: source) { MessageTraceSink.fillQueued(&$0.trace, fact, line, id: id) }
        case .delivery:
            heads[key]?.deliveries += 1
        case .removed:
            heads[key] = nil
            skipped.remove(key)
        default:
            break
        }
    }

    private func updateHead(_ key: BytesKey, _ line: UnsafeBufferPointer<UInt8>, _ id: Range<Int>, time: LogTime?,
                            source: MessageTrace.Source, _ body: (inout Head) -> Void) {
        if heads[key] == nil {
            if heads.count >= MessageTraceSink.headCapacity { dropOldestHead() }
            var trace = MessageTrace(queueID: line.key(id), selectedBy: "")
            trace.firstTime = time
            // The first line of a message is written as it arrives (smtpd, pickup, cleanup).
            trace.arrival.time = time
            trace.arrival.source = source
            heads[key] = Head(trace: trace)
            headOrder.append(key)
            // Heads of messages that left the queue leave their keys behind: compacted once
            // the list is twice the cap, so that it stays bounded too.
            if headOrder.count - headOrderStart > 2 * MessageTraceSink.headCapacity {
                headOrder = headOrder[headOrderStart...].filter { heads[$0] != nil }
                headOrderStart = 0
            }
        }
        body(&heads[key]!)
    }

    private func dropOldestHead() {
        while headOrderStart < headOrder.count {
            let key = headOrder[headOrderStart]
            headOrderStart += 1
            if heads.removeValue(forKey: key) != nil { break }
        }
        if headOrderStart > MessageTraceSink.headCapacity {
            headOrder.removeFirst(headOrderStart)
            headOrderStart = 0
        }
    }

    // MARK: steps

    private func arrive(_ fact: TrafficFact, _ line: UnsafeBufferPointer<UInt8>, id: Range<Int>, at index: Int,
                        isExim: Bool, time: LogTime?, source: MessageTrace.Source) {
        MessageTraceSink.fillArrival(&traces[index], fact, line, id: id, isExim: isExim, time: time, source: source)
        guard isExim, let origin = TraceLineFields.token(line, " R=", from: id.upperBound),
              let from = active[BytesKey(line, origin)], traces[index].cameFrom == nil else { return }
        // `<= <> R=ORIGINAL`: Exim's bounce of a followed message.
        traces[index].cameFrom = traces[from].queueID
        if !traces[from].handedTo.contains(traces[index].queueID) {
            traces[from].handedTo.append(traces[index].queueID)
            var step = MessageTrace.Step(kind: .notice, time: time, source: source)
            step.handedTo = traces[index].queueID
            add(step, to: from)
        }
    }

    static func fillArrival(_ trace: inout MessageTrace, _ fact: TrafficFact, _ line: UnsafeBufferPointer<UInt8>, id: Range<Int>,
                            isExim: Bool, time: LogTime?, source: MessageTrace.Source) {
        trace.arrival.time = trace.arrival.time ?? time
        trace.arrival.source = trace.arrival.source ?? source
        if let sender = fact.sender { trace.arrival.sender = line.key(TraceLineFields.eximSender(line, sender)) }
        if fact.size >= 0 { trace.arrival.size = fact.size }
        if let user = fact.saslUser, !user.isEmpty { trace.arrival.authenticatedAs = line.key(user) }
        if isExim {
            if let host = EximExtractor.hostField(line, from: id.upperBound, to: line.count) {
                trace.arrival.clientName = host.name.map { line.key($0) }
                trace.arrival.clientAddress = host.address.map { line.key($0) }
            } else if trace.arrival.clientName == nil {
                trace.arrival.clientName = "local"
            }
            if let messageID = TraceLineFields.eximMessageID(line, from: id.upperBound) {
                trace.messageID = line.key(messageID)
            }
        } else if let client = fact.client {
            trace.arrival.clientAddress = line.key(client)
            // `client=name[addr]`: the name is between `client=` and the bracket.
            if let start = line.firstIndex(of: "client=", from: id.upperBound), start + 7 < client.lowerBound - 1 {
                trace.arrival.clientName = line.key((start + 7)..<(client.lowerBound - 1))
            }
        } else if trace.arrival.clientName == nil {
            // pickup: submitted on this machine (sendmail, a cron job, a web form).
            trace.arrival.clientName = "local"
        }
    }

    /// qmgr's `from=<s>, size=N, nrcpt=M (queue active)`: written again on every retry.
    static func fillQueued(_ trace: inout MessageTrace, _ fact: TrafficFact, _ line: UnsafeBufferPointer<UInt8>, id: Range<Int>) {
        trace.arrival.sender = trace.arrival.sender ?? fact.sender.map { line.key($0) }
        if fact.size >= 0 { trace.arrival.size = fact.size }
        if let count = TraceLineFields.field(line, " nrcpt=", from: id.upperBound) {
            let value = PostfixExtractor.number(line, at: count.lowerBound)
            if value >= 0 { trace.arrival.recipientCount = value }
        }
    }

    private func deliver(_ fact: TrafficFact, _ line: UnsafeBufferPointer<UInt8>, id: Range<Int>, at index: Int,
                         parsed: ParsedLine, isExim: Bool, source: MessageTrace.Source) {
        var step = MessageTrace.Step(kind: .delivery, time: parsed.time, source: source)
        switch fact.outcome {
        case .sent: step.outcome = .sent
        case .forwarded: step.outcome = .forwarded
        case .deferred: step.outcome = .deferred
        case .bounced: step.outcome = .bounced
        }
        step.recipient = fact.recipient.map { line.key($0) }
        if fact.delayMillis >= 0 { step.delayMillis = fact.delayMillis }
        var enhanced: Range<Int>?
        switch parsed.kind {
        case .event(let event) where event.direction == .outbound:
            step.code = event.code
            enhanced = event.enhanced
            if isExim, let text = event.text { step.text = line.key(text) }
        case .notice(let notice):
            if notice.code > 0 { step.code = notice.code }
            enhanced = notice.enhanced
        default:
            break
        }
        var handedTo: Range<Int>?
        var handedToRelay: (id: Range<Int>, client: String)?
        if isExim {
            let after = fact.recipient?.upperBound ?? id.upperBound
            if let host = EximExtractor.hostField(line, from: after, to: line.count) {
                step.relay = MessageTraceSink.hostText(line, name: host.name, address: host.address)
            } else {
                let router = TraceLineFields.token(line, " R=", from: after).map { "R=" + line.key($0) }
                let transport = TraceLineFields.token(line, " T=", from: after).map { "T=" + line.key($0) }
                let local = [router, transport].compactMap { $0 }.joined(separator: " ")
                step.relay = local.isEmpty ? nil : local
            }
            if step.text == nil, fact.outcome != .sent, let reason = TraceLineFields.eximReason(line, from: after) {
                step.text = line.key(reason)
            }
        } else {
            let after = fact.recipient?.upperBound ?? id.upperBound
            if let relay = TraceLineFields.field(line, " relay=", from: after) {
                step.relay = line.key(relay)
                if fact.outcome == .sent, let reason = TraceLineFields.statusReason(line, from: relay.upperBound),
                   let queued = TraceLineFields.queuedAs(line, in: reason) {
                    if TraceLineFields.isLoopbackRelay(line, relay) {
                        handedTo = queued
                    } else if let open = line.firstByte(0x5B, from: relay.lowerBound), open < relay.upperBound,
                              let close = line.firstByte(0x5D, from: open), close < relay.upperBound {
                        // Perhaps another instance on this machine: followed if it arrives from there.
                        handedToRelay = (queued, line.key((open + 1)..<close))
                    }
                }
            }
            step.dsn = TraceLineFields.field(line, " dsn=", from: after).map { line.key($0) }
            step.text = TraceLineFields.statusReason(line, from: after).map { line.key($0) }
        }
        step.enhanced = enhanced.map { line.key($0) }
        step.explanation = MessageTraceSink.explanation(code: step.code, enhanced: step.enhanced)
            ?? step.dsn.flatMap { MessageTraceSink.explanation(code: nil, enhanced: $0) }
        if let handedTo {
            step.kind = .filter
            step.handedTo = line.key(handedTo)
            let stepIndex = traces[index].steps.count < MessageTraceSink.stepCapacity ? traces[index].steps.count : nil
            add(step, to: index)
            link(BytesKey(line, handedTo), id: step.handedTo!, from: index, step: stepIndex, by: "filter")
            return
        }
        let stepIndex = traces[index].steps.count < MessageTraceSink.stepCapacity ? traces[index].steps.count : nil
        add(step, to: index)
        if let relayed = handedToRelay {
            link(BytesKey(line, relayed.id), id: line.key(relayed.id), from: index, step: stepIndex, by: "relay",
                 requiredClient: relayed.client)
        }
    }

    /// Follows the message `id` that the message at `index` handed on to; selects it at once
    /// when its arrival lines were read already (a filter's smtpd queues the new message
    /// before the old one's delivery line is written).
    private func link(_ key: BytesKey, id: String, from index: Int, step: Int?, by reason: String, requiredClient: String? = nil) {
        if requiredClient == nil, !traces[index].handedTo.contains(id) { traces[index].handedTo.append(id) }
        guard active[key] == nil else { return }
        // Remote servers answer most deliveries with a `queued as` of their own: links that wait
        // for an arrival are bounded, and past the bound such hand-overs are not followed.
        if requiredClient != nil, links.count >= MessageTraceSink.linkCapacity { return }
        links[key] = Link(selectedBy: reason, from: index, step: step, requiredClient: requiredClient)
        guard let head = heads[key] else { return }
        if let requiredClient, head.trace.arrival.clientAddress != requiredClient {
            links[key] = nil
            return
        }
        var bytes = Array(id.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let view = UnsafeBufferPointer(buffer)
            _ = select(key, view, 0..<view.count, by: reason, time: nil, source: MessageTrace.Source(input: inputName, line: 0))
        }
    }

    /// A link that needs no arrival to confirm it (a loopback filter, a bounce notice).
    private func isTrustedLink(_ key: BytesKey) -> Bool {
        links[key].map { $0.requiredClient == nil } ?? false
    }

    /// The new message is the one handed on: both ends say so.
    private func confirm(_ link: Link, as id: String, into trace: inout MessageTrace) {
        trace.cameFrom = traces[link.from].queueID
        if !traces[link.from].handedTo.contains(id) { traces[link.from].handedTo.append(id) }
        if let step = link.step, step < traces[link.from].steps.count, link.requiredClient != nil {
            traces[link.from].steps[step].kind = .filter
            traces[link.from].steps[step].handedTo = id
        }
    }

    private func add(_ step: MessageTrace.Step, to index: Int) {
        if traces[index].steps.count < MessageTraceSink.stepCapacity {
            traces[index].steps.append(step)
        } else {
            traces[index].stepsNotShown += 1
        }
    }

    private func touch(_ index: Int, _ time: LogTime?) {
        guard let time else { return }
        if traces[index].firstTime == nil { traces[index].firstTime = time }
        if traces[index].lastTime.map({ time > $0 }) ?? true { traces[index].lastTime = time }
    }

    static func hostText(_ line: UnsafeBufferPointer<UInt8>, name: Range<Int>?, address: Range<Int>?) -> String? {
        switch (name, address) {
        case let (name?, address?): line.key(name) + "[" + line.key(address) + "]"
        case let (name?, nil): line.key(name)
        case let (nil, address?): "[" + line.key(address) + "]"
        case (nil, nil): nil
        }
    }

    /// One line from the knowledge base: the enhanced code's summary when it is known (it is
    /// the more precise of the two), else the basic code's.
    static func explanation(code: Int?, enhanced: String?) -> String? {
        // `2.0.0`, `4.0.0`: "no detail", where the basic code says more.
        let detailed = enhanced.map { !$0.hasSuffix(".0.0") } ?? false
        if detailed, let enhanced, let entry = KnowledgeBase.lookup(enhanced) { return entry.summary }
        if let code, let entry = KnowledgeBase.lookup(String(code)) { return entry.summary }
        return nil
    }
}
