/// The day's mail, as pflogsumm and eximstats show it: messages by what became of them and
/// their bytes, destination domains with their delays, senders and recipients by messages and
/// bytes, and each day's and hour's traffic. Counted in the same pass as the replies, in
/// bounded memory, and merged with `+=` like every other part of the summary.
public struct MessageTraffic: Sendable {
    public internal(set) var counts = MessageCounts()
    /// Recipient domains of delivery lines: sent, deferred and bounced, bytes and delays.
    public internal(set) var domains: NamedTable<DomainTraffic>
    /// Messages and bytes by envelope sender (address and domain), counted once per message.
    public internal(set) var senders: NamedTable<Volume>
    public internal(set) var senderDomains: NamedTable<Volume>
    /// Deliveries and bytes by recipient.
    public internal(set) var recipients: NamedTable<Volume>
    /// Deliveries and bytes by recipient domain: the destination domains' figures, which are
    /// counted once, under the same key.
    public var recipientDomains: NamedTable<Volume> {
        domains.mapValues { Volume(messages: $0.delivered, bytes: $0.bytes) }
    }
    /// Tallies by hour (`yyyymmddhh`); days are summed from them when read. The hour being
    /// written is kept apart and filed when the next begins: lines come in time order, and a
    /// dictionary update per line cost more than the rest of its counting.
    var hours: [Int: TrafficTally] = [:]
    private var openHour = -1
    private var openTally = TrafficTally()
    var join: MessageJoin

    public init(capacity: Int, inFlight: Int = MessageJoin.defaultCapacity) {
        domains = NamedTable(capacity: capacity)
        senders = NamedTable(capacity: capacity)
        senderDomains = NamedTable(capacity: capacity)
        recipients = NamedTable(capacity: capacity)
        join = MessageJoin(capacity: inFlight)
    }

    public var byDay: [LogDay: TrafficTally] {
        var days: [LogDay: TrafficTally] = [:]
        for (hour, tally) in filedHours { days[LogDay(key: hour / 100), default: TrafficTally()] = days[LogDay(key: hour / 100), default: TrafficTally()] + tally }
        return days
    }

    public var byHour: [LogHour: TrafficTally] {
        Dictionary(uniqueKeysWithValues: filedHours.map { (LogHour(key: $0.key), $0.value) })
    }

    /// Every hour's tally, the open one filed too.
    var filedHours: [Int: TrafficTally] {
        var all = hours
        if openHour >= 0 && !openTally.isEmpty { all[openHour, default: TrafficTally()] = all[openHour, default: TrafficTally()] + openTally }
        return all
    }

    /// Messages dropped from the table of messages in flight when it was full, and deliveries
    /// whose size is unknown (their arrival is before the log, or was dropped).
    public var droppedMessages: Int { join.dropped }
    public var unsizedDeliveries: Int { join.unsizedDeliveries }
    public var inFlightCapacity: Int { join.capacity }
    /// Messages held in flight now: never more than `inFlightCapacity`.
    public var inFlightEntries: Int { join.entries.count }

    /// Marks this part as the one that begins the run (`MessageJoin.beginsRun`).
    mutating func beginRun() { join.beginsRun = true }

    // MARK: recording

    @inline(__always)
    private mutating func tally(_ time: LogTime?, _ change: (inout TrafficTally) -> Void) {
        guard let time else { return }
        let hour = time.hourKey
        if hour != openHour { fileOpenHour(next: hour) }
        change(&openTally)
    }

    private mutating func fileOpenHour(next: Int) {
        if openHour >= 0 && !openTally.isEmpty { hours[openHour, default: TrafficTally()] = hours[openHour, default: TrafficTally()] + openTally }
        openHour = next
        openTally = TrafficTally()
    }

    mutating func recordRejected(_ time: LogTime?) {
        counts.rejected += 1
        tally(time) { $0.rejected += 1 }
    }

    /// Records `fact`, and tells whether the line may be about a message submitted after a
    /// login: false only in the part that begins the run, for a line about a message whose
    /// arrival it saw without one (its size line, a delivery, its removal). The rules about
    /// logins' messages are shown the others alone (`ObservationTopics.of(_:postfix:afterLogin:)`):
    /// on a log where a quarter of the messages came after a login, showing them every qmgr
    /// line cost 2.4% of the instructions of a run, nearly all to find the message was none of
    /// theirs. A message whose arrival this part did not see (before the log, or dropped from a
    /// full table) may be one. A part that does not begin the run shows every line: a line it
    /// cannot place is kept for the part before (`AccountMessages`' orphans, in its first
    /// hour), and which lines are kept must not depend on which were shown.
    @discardableResult
    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, time: LogTime?) -> Bool {
        let key = fact.id.map { BytesKey(line, $0) }
        // The line's message as its entry tells (`MessageJoin.Entry.mayFollowLogin`); any line
        // without one may be.
        var mayFollowLogin = true
        switch fact.kind {
        case .received:
            counts.received += 1
            tally(time) { $0.received += 1 }
            guard let key else { return true }
            let login = fact.saslUser.map { !$0.isEmpty } ?? false
            // Exim's arrival gives the size; Postfix's comes with qmgr's first line.
            let (firstSize, hadWaiting) = join.entry(key, head: false) { entry -> (Int, Bool) in
                entry.received = true
                if login { entry.login = true }
                guard fact.size >= 0 && entry.size < 0 else { return (-1, false) }
                entry.size = fact.size
                defer { entry.hasWaiting = false }
                return (fact.size, entry.hasWaiting)
            }
            guard firstSize >= 0 else { return true }
            counts.bytesReceived += firstSize
            if let sender = fact.sender { addSender(line, sender, bytes: firstSize) }
            if hadWaiting, let waiting = join.takeWaiting(key) {
                apply(waiting.pending, overflow: waiting.pendingOverflow, size: firstSize)
            }
        case .queueActive:
            guard let key, fact.size >= 0 else { return true }
            // (first size, counted here, waited for, the sender must wait for a merge, after a login)
            let mergeMayComplete = !join.beginsRun
            let state = join.entry(key, head: true) { entry -> (Bool, Bool, Bool, Bool, Bool) in
                // A retry: qmgr logs the size again.
                guard entry.size < 0 else { return (false, false, false, false, entry.mayFollowLogin) }
                entry.size = fact.size
                let hadWaiting = entry.hasWaiting
                let waitsForMerge = !entry.received && mergeMayComplete
                entry.hasWaiting = waitsForMerge
                return (true, entry.received, hadWaiting, waitsForMerge, entry.mayFollowLogin)
            }
            mayFollowLogin = state.4
            guard state.0 else { break }
            let sender = fact.sender ?? 0..<0
            if state.1 {
                counts.bytesReceived += fact.size
                addSender(line, sender, bytes: fact.size)
            }
            if state.2, let waiting = join.takeWaiting(key) {
                apply(waiting.pending, overflow: waiting.pendingOverflow, size: fact.size)
            }
            if state.3 {
                // Its arrival may be in an earlier part: the sender waits for the merge.
                join.waiting(key) { record in
                    record.sender = Correspondent.address(line, sender)
                    record.senderDomain = Correspondent.domain(line, address: sender)
                }
            }
        case .delivery:
            guard let recipient = fact.recipient else { return true }
            let domain = Correspondent.domainKey(line, address: recipient)
            let domainName = { Correspondent.domainName(line, address: recipient) }
            switch fact.outcome {
            case .forwarded:
                // The copy gets a queue id, and its recipients their outcomes, of its own.
                counts.forwarded += 1
            case .sent:
                counts.delivered += 1
                tally(time) { $0.delivered += 1 }
                var size = -1
                if let key {
                    (size, mayFollowLogin) = join.entry(key, head: true) { entry in
                        if entry.size < 0 { entry.hasWaiting = true }
                        return (entry.size, entry.mayFollowLogin)
                    }
                    if size < 0 {
                        join.waiting(key) { record in
                            record.add(.init(recipient: Correspondent.address(line, recipient),
                                             domain: Correspondent(key: domain, name: domainName())))
                        }
                    }
                }
                let bytes = max(0, size)
                domains.update(domain, name: domainName) { row in
                    row.delivered += 1
                    row.bytes += bytes
                    if fact.delayMillis >= 0 {
                        row.delayed += 1
                        row.delaySum += fact.delayMillis
                        row.delayMax = max(row.delayMax, fact.delayMillis)
                    }
                }
                recipients.update(Correspondent.addressKey(line, recipient), name: { Correspondent.addressName(line, recipient) }) {
                    $0.messages += 1
                    $0.bytes += bytes
                }
                counts.bytesDelivered += bytes
            case .deferred:
                counts.deferred += 1
                tally(time) { $0.deferred += 1 }
                domains.update(domain, name: domainName) { $0.deferred += 1 }
            case .bounced:
                counts.bounced += 1
                tally(time) { $0.bounced += 1 }
                domains.update(domain, name: domainName) { $0.bounced += 1 }
            }
        case .removed:
            if let key, let gone = join.remove(key) { mayFollowLogin = gone.mayFollowLogin }
        case .expired:
            counts.expired += 1
        case .held:
            counts.held += 1
        case .discarded:
            counts.discarded += 1
        case .connect, .disconnect, .systemMessage:
            break
        }
        return mayFollowLogin || !join.beginsRun
    }

    private mutating func apply(_ pending: [MessageJoin.Pending], overflow: Int, size: Int) {
        counts.bytesDelivered += size * (pending.count + overflow)
        for delivery in pending {
            domains.update(delivery.domain.key, name: { delivery.domain.name }) { $0.bytes += size }
            recipients.update(delivery.recipient.key, name: { delivery.recipient.name }) { $0.bytes += size }
        }
    }

    @inline(__always)
    private mutating func addSender(_ line: UnsafeBufferPointer<UInt8>, _ sender: Range<Int>, bytes: Int) {
        senders.update(Correspondent.addressKey(line, sender), name: { Correspondent.addressName(line, sender) }) {
            $0.messages += 1
            $0.bytes += bytes
        }
        senderDomains.update(Correspondent.domainKey(line, address: sender),
                             name: { Correspondent.domainName(line, address: sender) }) {
            $0.messages += 1
            $0.bytes += bytes
        }
    }

    private mutating func addSender(_ sender: Correspondent, domain: Correspondent, bytes: Int) {
        senders.update(sender.key, name: { sender.name }) { $0.messages += 1; $0.bytes += bytes }
        senderDomains.update(domain.key, name: { domain.name }) { $0.messages += 1; $0.bytes += bytes }
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
        lhs.fileOpenHour(next: -1)
        lhs.hours.merge(rhs.filedHours, uniquingKeysWith: +)
        // What settling does to the tables is noted and done after the join's merge, which
        // holds `lhs.join`: done on a copy of `lhs`, it copied every table on every merge
        // (5,000 small files spent most of their time there).
        var bytesReceived = 0
        var senders: [(sender: Correspondent, domain: Correspondent, bytes: Int)] = []
        var sized: [(pending: [MessageJoin.Pending], overflow: Int, size: Int)] = []
        lhs.join.merge(rhs.join) { ours, theirs in
            var merged = ours
            let ourPending = ours.waiting.map { ($0.pending, $0.pendingOverflow) } ?? ([], 0)
            let theirPending = theirs.waiting.map { ($0.pending, $0.pendingOverflow) } ?? ([], 0)
            if ours.entry.size < 0 && theirs.entry.size >= 0 {
                // Their size line was the message's first.
                if ours.entry.received {
                    bytesReceived += theirs.entry.size
                    if let sender = theirs.waiting?.sender, let domain = theirs.waiting?.senderDomain {
                        senders.append((sender, domain, theirs.entry.size))
                    }
                }
                sized.append((ourPending.0, ourPending.1, theirs.entry.size))
                merged.entry.size = theirs.entry.size
                // A message met first by its size line in both parts keeps that line's sender.
                merged.waiting = ours.entry.received ? nil : theirs.waiting.map { MessageJoin.Waiting(sender: $0.sender, senderDomain: $0.senderDomain) }
            } else if ours.entry.size >= 0 {
                // Their deliveries waited for a size this part knew.
                sized.append((theirPending.0, theirPending.1, ours.entry.size))
            } else {
                var record = ours.waiting ?? MessageJoin.Waiting()
                for delivery in theirPending.0 { record.add(delivery) }
                record.pendingOverflow += theirPending.1
                merged.waiting = record
            }
            merged.entry.received = ours.entry.received || theirs.entry.received
            merged.entry.removed = theirs.entry.removed
            // A message that left the queue, met whole in these parts, is finished.
            return merged.entry.removed && !merged.entry.head ? nil : merged
        }
        lhs.counts.bytesReceived += bytesReceived
        for added in senders { lhs.addSender(added.sender, domain: added.domain, bytes: added.bytes) }
        for waited in sized { lhs.apply(waited.pending, overflow: waited.overflow, size: waited.size) }
    }
}

extension MessageTraffic: Equatable {
    /// Equal when the figures are: the messages a part still holds in flight to merge are not.
    public static func == (lhs: MessageTraffic, rhs: MessageTraffic) -> Bool {
        lhs.counts == rhs.counts && lhs.domains == rhs.domains && lhs.senders == rhs.senders
            && lhs.senderDomains == rhs.senderDomains && lhs.recipients == rhs.recipients
            && lhs.filedHours == rhs.filedHours
    }
}
