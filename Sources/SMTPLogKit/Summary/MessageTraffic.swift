/// The day's mail, as pflogsumm and eximstats show it: messages by what became of them and
/// their bytes, destination domains with their delays, senders and recipients by messages and
/// bytes, and each day's and hour's traffic. Counted in the same pass as the replies, in
/// bounded memory, and merged with `+=` like every other part of the summary.
public struct MessageTraffic: Sendable {
    public private(set) var counts = MessageCounts()
    /// Recipient domains of delivery lines: sent, deferred and bounced, bytes and delays.
    public private(set) var domains: CappedTable<String, DomainTraffic>
    /// Messages and bytes by envelope sender (address and domain), counted once per message.
    public private(set) var senders: CappedTable<String, Volume>
    public private(set) var senderDomains: CappedTable<String, Volume>
    /// Deliveries and bytes by recipient (address and domain).
    public private(set) var recipients: CappedTable<String, Volume>
    public private(set) var recipientDomains: CappedTable<String, Volume>
    private var days: [Int: TrafficTally] = [:]
    private var hours: [Int: TrafficTally] = [:]
    private var join: MessageJoin

    public init(capacity: Int, inFlight: Int = MessageJoin.defaultCapacity) {
        domains = CappedTable(capacity: capacity)
        senders = CappedTable(capacity: capacity)
        senderDomains = CappedTable(capacity: capacity)
        recipients = CappedTable(capacity: capacity)
        recipientDomains = CappedTable(capacity: capacity)
        join = MessageJoin(capacity: inFlight)
    }

    public var byDay: [LogDay: TrafficTally] {
        Dictionary(uniqueKeysWithValues: days.map { (LogDay(key: $0.key), $0.value) })
    }

    public var byHour: [LogHour: TrafficTally] {
        Dictionary(uniqueKeysWithValues: hours.map { (LogHour(key: $0.key), $0.value) })
    }

    /// Messages dropped from the table of messages in flight when it was full, and deliveries
    /// whose size is unknown (their arrival is before the log, or was dropped).
    public var droppedMessages: Int { join.dropped }
    public var unsizedDeliveries: Int { join.unsizedDeliveries }
    public var inFlightCapacity: Int { join.capacity }
    /// Messages held in flight now: never more than `inFlightCapacity`.
    public var inFlightEntries: Int { join.entries.count }

    // MARK: recording

    @inline(__always)
    private mutating func tally(_ time: LogTime?, _ change: (inout TrafficTally) -> Void) {
        guard let time else { return }
        change(&days[time.dayKey, default: TrafficTally()])
        change(&hours[time.hourKey, default: TrafficTally()])
    }

    mutating func recordRejected(_ time: LogTime?) {
        counts.rejected += 1
        tally(time) { $0.rejected += 1 }
    }

    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, time: LogTime?) {
        let key = fact.id.map { MessageKey(line, $0) }
        switch fact.kind {
        case .received:
            counts.received += 1
            tally(time) { $0.received += 1 }
            guard let key else { return }
            // Exim's arrival gives the size; Postfix's comes with qmgr's first line.
            let sender = fact.size >= 0 ? fact.sender.map { MessageTraffic.address(line, $0) } : nil
            var firstSize = -1
            join.entry(key, head: false) { entry in
                entry.received = true
                if fact.size >= 0 && entry.size < 0 {
                    entry.size = fact.size
                    firstSize = fact.size
                }
            }
            if firstSize >= 0 {
                counts.bytesReceived += firstSize
                if let sender { addSender(sender, bytes: firstSize) }
                settlePending(key, size: firstSize)
            }
        case .queueActive:
            guard let key, fact.size >= 0 else { return }
            let sender = fact.sender.map { MessageTraffic.address(line, $0) } ?? "<>"
            var counted = false, settled = false
            join.entry(key, head: true) { entry in
                guard entry.size < 0 else { return }   // a retry: qmgr logs the size again
                entry.size = fact.size
                settled = true
                if entry.received { counted = true } else { entry.sender = sender }
            }
            if counted {
                counts.bytesReceived += fact.size
                addSender(sender, bytes: fact.size)
            }
            if settled { settlePending(key, size: fact.size) }
        case .delivery:
            guard let recipientRange = fact.recipient else { return }
            let recipient = MessageTraffic.address(line, recipientRange)
            let domain = MessageTraffic.domain(of: recipient)
            switch fact.outcome {
            case .sent, .forwarded:
                counts.delivered += 1
                if fact.outcome == .forwarded { counts.forwarded += 1 }
                tally(time) { $0.delivered += 1 }
                var size = -1
                if let key {
                    join.entry(key, head: true) { entry in
                        if entry.size >= 0 {
                            size = entry.size
                        } else if entry.pending.count < MessageJoin.pendingLimit {
                            entry.pending.append(.init(recipient: recipient, domain: domain))
                        } else {
                            entry.pendingOverflow += 1
                        }
                    }
                }
                domains.update(domain) { row in
                    row.delivered += 1
                    if size >= 0 { row.bytes += size }
                    if fact.delayMillis >= 0 {
                        row.delayed += 1
                        row.delaySum += fact.delayMillis
                        row.delayMax = max(row.delayMax, fact.delayMillis)
                    }
                }
                recipients.update(recipient) { $0.messages += 1; if size >= 0 { $0.bytes += size } }
                recipientDomains.update(domain) { $0.messages += 1; if size >= 0 { $0.bytes += size } }
                if size >= 0 { counts.bytesDelivered += size }
            case .deferred:
                counts.deferred += 1
                tally(time) { $0.deferred += 1 }
                domains.update(domain) { $0.deferred += 1 }
            case .bounced:
                counts.bounced += 1
                tally(time) { $0.bounced += 1 }
                domains.update(domain) { $0.bounced += 1 }
            }
        case .removed:
            guard let key, let entry = join.entries[key] else { return }
            if entry.head {
                join.entry(key, head: true) { $0.removed = true }
            } else {
                join.remove(key)
            }
        case .expired:
            counts.expired += 1
        case .held:
            counts.held += 1
        case .discarded:
            counts.discarded += 1
        case .connect, .disconnect, .systemMessage:
            break
        }
    }

    /// A message's size became known: the deliveries that waited for it get their bytes.
    private mutating func settlePending(_ key: MessageKey, size: Int) {
        guard let entry = join.entries[key], !entry.pending.isEmpty || entry.pendingOverflow > 0 else { return }
        apply(entry.pending, overflow: entry.pendingOverflow, size: size)
        join.entry(key, head: true) { $0.pending = []; $0.pendingOverflow = 0 }
    }

    private mutating func apply(_ pending: [MessageJoin.Pending], overflow: Int, size: Int) {
        counts.bytesDelivered += size * (pending.count + overflow)
        for delivery in pending {
            domains.update(delivery.domain) { $0.bytes += size }
            recipients.update(delivery.recipient) { $0.bytes += size }
            recipientDomains.update(delivery.domain) { $0.bytes += size }
        }
    }

    private mutating func addSender(_ sender: String, bytes: Int) {
        senders.update(sender) { $0.messages += 1; $0.bytes += bytes }
        senderDomains.update(MessageTraffic.domain(of: sender)) { $0.messages += 1; $0.bytes += bytes }
    }

    /// An address as a key: lower-cased (the local part's case means nothing to a report),
    /// `<>` for the null sender.
    static func address(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        range.isEmpty ? "<>" : line.key(range).lowercased()
    }

    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address == "<>" ? "<>" : "(local)" }
        return String(address[address.index(after: at)...])
    }

    // MARK: merging

    /// Adds `other`, which comes after this one in the log: the messages it met first by a
    /// later line are settled against the ones this part holds.
    public static func += (lhs: inout MessageTraffic, rhs: MessageTraffic) {
        lhs.counts += rhs.counts
        lhs.domains += rhs.domains
        lhs.senders += rhs.senders
        lhs.senderDomains += rhs.senderDomains
        lhs.recipients += rhs.recipients
        lhs.recipientDomains += rhs.recipientDomains
        lhs.days.merge(rhs.days, uniquingKeysWith: +)
        lhs.hours.merge(rhs.hours, uniquingKeysWith: +)
        var settled = lhs
        lhs.join.merge(rhs.join) { ours, theirs in
            var merged = ours
            if ours.size < 0 && theirs.size >= 0 {
                // Their size line was the message's first.
                if ours.received {
                    settled.counts.bytesReceived += theirs.size
                    if let sender = theirs.sender { settled.addSender(sender, bytes: theirs.size) }
                }
                settled.apply(ours.pending, overflow: ours.pendingOverflow, size: theirs.size)
                merged.size = theirs.size
                merged.pending = []
                merged.pendingOverflow = 0
            } else if ours.size >= 0 {
                // Their deliveries waited for a size this part knew.
                settled.apply(theirs.pending, overflow: theirs.pendingOverflow, size: ours.size)
            } else {
                let waiting = ours.pending + theirs.pending
                merged.pending = Array(waiting.prefix(MessageJoin.pendingLimit))
                merged.pendingOverflow = ours.pendingOverflow + theirs.pendingOverflow + max(0, waiting.count - MessageJoin.pendingLimit)
            }
            merged.received = ours.received || theirs.received
            merged.removed = theirs.removed
            // A message that left the queue, met whole in these parts, is finished.
            return merged.removed && !merged.head ? nil : merged
        }
        lhs.counts.bytesReceived = settled.counts.bytesReceived
        lhs.counts.bytesDelivered = settled.counts.bytesDelivered
        lhs.domains = settled.domains
        lhs.senders = settled.senders
        lhs.senderDomains = settled.senderDomains
        lhs.recipients = settled.recipients
        lhs.recipientDomains = settled.recipientDomains
    }
}

extension MessageTraffic: Equatable {
    /// Equal when the figures are: the messages a part still holds in flight to merge are not.
    public static func == (lhs: MessageTraffic, rhs: MessageTraffic) -> Bool {
        lhs.counts == rhs.counts && lhs.domains == rhs.domains && lhs.senders == rhs.senders
            && lhs.senderDomains == rhs.senderDomains && lhs.recipients == rhs.recipients
            && lhs.recipientDomains == rhs.recipientDomains && lhs.days == rhs.days && lhs.hours == rhs.hours
    }
}
