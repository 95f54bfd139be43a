/// What a set of lines held, counted: replies by code, class, enhanced code, direction, day and
/// hour, peers, auth failures and relay refusals, and the lines by kind. Counts only: no
/// threshold or finding reaches it (the rules keep their own accumulators). A value that
/// merges: files, chunks of a file and hosts combine with `+=`, in any grouping, to the same
/// counts.
public struct ReplySummary: Sendable, Equatable {
    public let keyCapacity: Int
    public var lines = LineTally()
    /// Per code, indexed by `code - 200` (codes 200...599): an array, because every event
    /// updates it and a dictionary lookup cost more than the rest of the event's counting.
    var codeTallies = [CodeTally](repeating: CodeTally(), count: 400)
    /// Events per enhanced code (`EnhancedCode.packed`), keyed by `PackedCode`: as `Int`
    /// keys, each event ran a `Hasher` over the code (callgrind: about 100 instructions).
    var enhancedTable: KeyedCounts<PackedCode>
    /// The same counts keyed by the packed `Int` (payloads, tests).
    var enhancedCounts: KeyedCounts<Int> {
        get { enhancedTable.mapKeys(\.packed) }
        set { enhancedTable = newValue.mapKeys(PackedCode.init) }
    }
    var timeSeries = TimeSeries()
    /// Peers per class (2 to 5): client addresses for inbound, server names for outbound. They
    /// only feed the "top peers" tables, so they keep fewer keys than the other lists.
    public static let peerListCapacity = 10_000
    /// Indexed by `class - 2`: an array, because every event with a peer updates one.
    /// Keyed by the peer hashed once (`HashedName`), as the rules' tables are.
    var peersByClass = [KeyedCounts<HashedName>?](repeating: nil, count: 4)
    /// Bit `slot` set once `peersByClass[slot]` is known to be made (see `MadeLists`).
    private var peerListsMade = MadeLists()
    /// 530 and 535 in either direction: clients that failed to log in, servers that refused us.
    public var authFailures: DirectionalCounts
    /// Relay refused to clients (554 Relay access denied, Exim's relay not permitted) and to us
    /// (551, a relay host answering Relay access denied).
    public var relayRefusals: DirectionalCounts
    /// SASL user names and mechanisms tried in failed logins.
    public var authUsers: CappedCounts
    public var authMechanisms: CappedCounts
    /// Recipient domains that relay was refused for.
    public var relayDomains: CappedCounts
    /// The three lists' names last counted, by their bytes (not a figure).
    private var userMemo = CountedNameMemo()
    private var mechanismMemo = CountedNameMemo()
    private var relayDomainMemo = CountedNameMemo()
    /// Indexed by `(code - 200) * 2 + direction` (0 inbound, 1 outbound).
    var replyDetails = [ReplyDetail?](repeating: nil, count: 800)
    public var notUnderstoodExamples: [LineExample] = []
    public var otherPrograms: CappedCounts
    /// The earliest and latest event.
    public var first: LogTime?
    public var last: LogTime?
    /// The newest stamped line of any kind, inside the window or not: when the log was last
    /// written, which tells a quiet day from a log that stopped.
    public var newestLine: LogTime?
    /// Messages, bytes, sessions and system messages: the traffic pflogsumm and eximstats show.
    public var traffic: TrafficSummary

    public static let notUnderstoodExampleLimit = 5

    public init(keyCapacity: Int = CappedCounts.defaultCapacity, inFlight: Int = MessageJoin.defaultCapacity) {
        self.keyCapacity = keyCapacity
        enhancedTable = KeyedCounts<PackedCode>(capacity: keyCapacity)
        authFailures = DirectionalCounts(capacity: keyCapacity)
        relayRefusals = DirectionalCounts(capacity: keyCapacity)
        authUsers = CappedCounts(capacity: keyCapacity)
        authMechanisms = CappedCounts(capacity: keyCapacity)
        relayDomains = CappedCounts(capacity: keyCapacity)
        otherPrograms = CappedCounts(capacity: keyCapacity)
        traffic = TrafficSummary(capacity: keyCapacity, inFlight: inFlight)
    }

    // MARK: reading the counts

    public var events: Int { lines.events }

    /// The codes seen, with their counts.
    public var codes: [Int: CodeTally] {
        var result: [Int: CodeTally] = [:]
        for (index, tally) in codeTallies.enumerated() where tally.total > 0 { result[index + 200] = tally }
        return result
    }

    /// Events per class.
    public var classes: [ReplyClass: CodeTally] {
        var result: [ReplyClass: CodeTally] = [:]
        for (index, tally) in codeTallies.enumerated() where tally.total > 0 {
            let replyClass = ReplyClass(code: index + 200)!
            result[replyClass] = (result[replyClass] ?? CodeTally()) + tally
        }
        return result
    }

    /// Events by RFC 3463 code; the list is capped like every keyed list.
    public var enhanced: [EnhancedCode: Int] {
        Dictionary(uniqueKeysWithValues: enhancedTable.entries.map { (EnhancedCode(packed: $0.0.packed), $0.1.count) })
    }

    /// Events by enhanced code, most first, at most `limit`.
    public func topEnhanced(_ limit: Int) -> [(code: EnhancedCode, count: Int)] {
        enhancedTable.top(limit).map { (EnhancedCode(packed: $0.key.packed), $0.count) }
    }

    /// Events per day and code, the day as the line writes it.
    public var byDay: [LogDay: [Int: Int]] {
        var result: [LogDay: [Int: Int]] = [:]
        timeSeries.forEachDayCode { day, code, count in result[LogDay(key: day), default: [:]][code] = count }
        return result
    }

    /// Events per hour and class.
    public var byHour: [LogHour: ClassTally] {
        var result: [LogHour: ClassTally] = [:]
        for (key, tally) in timeSeries.hours { result[LogHour(key: key)] = tally }
        return result
    }

    /// Peers per class, for the classes that have any.
    public var peers: [ReplyClass: CappedCounts] {
        var result: [ReplyClass: CappedCounts] = [:]
        for (index, counts) in peersByClass.enumerated() {
            if let counts { result[ReplyClass(rawValue: index + 2)!] = counts.mapKeys(\.string) }
        }
        return result
    }

    public func detail(_ key: ReplyKey) -> ReplyDetail? {
        guard (200...599).contains(key.code) else { return nil }
        return replyDetails[ReplySummary.detailIndex(key.code, key.direction)]
    }

    /// Every code and direction seen, with when and a couple of example lines.
    public var details: [ReplyKey: ReplyDetail] {
        var result: [ReplyKey: ReplyDetail] = [:]
        for (index, detail) in replyDetails.enumerated() {
            if let detail {
                result[ReplyKey(code: index / 2 + 200, direction: index % 2 == 0 ? .inbound : .outbound)] = detail
            }
        }
        return result
    }

    /// Lists that were cut at their cap, with what they left out, for the warnings. The peer
    /// lists as they are kept (by `HashedName`): what a cut table shows is their sizes, and
    /// making their strings' lists for it cost more than counting them (many-clients log).
    public var cutLists: [(name: String, list: ListState)] {
        let peers: [(name: String, list: KeyedCounts<HashedName>)] =
            [("auth failure clients", authFailures.clientCounts), ("servers refusing our credentials", authFailures.serverCounts),
             ("relay clients", relayRefusals.clientCounts), ("servers refusing relay", relayRefusals.serverCounts)]
        let others: [(name: String, list: CappedCounts)] = [("users tried", authUsers), ("relay domains", relayDomains)]
        return peers.filter { $0.list.isTruncated }.map { ($0.name, ListState($0.list)) }
            + others.filter { $0.list.isTruncated }.map { ($0.name, ListState($0.list)) }
    }

    /// The sizes of a capped list, whatever its keys (what a cut table shows of it).
    public struct ListState: CappedList, Sendable {
        public let capacity: Int
        public let listedKeys: Int
        public let listedEvents: Int
        public let otherEvents: Int
        public let droppedKeys: Int

        init(_ list: some CappedList) {
            capacity = list.capacity
            listedKeys = list.listedKeys
            listedEvents = list.listedEvents
            otherEvents = list.otherEvents
            droppedKeys = list.droppedKeys
        }
    }

    @inline(__always)
    static func detailIndex(_ code: Int, _ direction: Direction) -> Int {
        (code - 200) * 2 + (direction == .inbound ? 0 : 1)
    }

    // MARK: recording

    /// Counts one line that carries no reply.
    @inline(__always)
    public mutating func record(_ kind: LineKind, time: LogTime?, line: UnsafeBufferPointer<UInt8>,
                                example: () -> LineExample) {
        lines.read += 1
        if let time, newestLine == nil || newestLine! < time { newestLine = time }
        switch kind {
        case .event:
            // Events are counted by `record(event:...)`, which the caller gives the peer key.
            preconditionFailure("an event is recorded with record(event:)")
        case .nonEvent, .notice:
            lines.understood += 1
        case .notUnderstood:
            lines.notUnderstood += 1
            if notUnderstoodExamples.count < ReplySummary.notUnderstoodExampleLimit {
                notUnderstoodExamples.append(example())
            }
        case .otherProgram(let program):
            lines.otherPrograms += 1
            otherPrograms.add(line.key(program.lowerBound..<min(program.upperBound, program.lowerBound + OtherProgramTally.nameLimit)))
        case .continuation:
            lines.continuation += 1
        case .unrecognized:
            lines.unrecognized += 1
            if notUnderstoodExamples.count < ReplySummary.notUnderstoodExampleLimit {
                notUnderstoodExamples.append(example())
            }
        case .blank:
            lines.blank += 1
        case .outsideWindow:
            lines.outsideWindow += 1
        }
    }

    /// Counts one line understood to carry no reply (`.nonEvent`, `.notice`): the line loop's
    /// own case for the most common kind, so that it neither copies the line kind into
    /// `record(_:...)` nor switches on it a second time (about 16 instructions a line, callgrind).
    @inline(__always)
    mutating func recordUnderstood(time: LogTime?) {
        lines.read += 1
        if let time, newestLine == nil || newestLine! < time { newestLine = time }
        lines.understood += 1
    }

    /// Counts one line of another program whose name the caller counts (`OtherProgramTally`).
    @inline(__always)
    mutating func recordOtherProgram(time: LogTime?) {
        lines.read += 1
        if let time, newestLine == nil || newestLine! < time { newestLine = time }
        lines.otherPrograms += 1
    }

    public mutating func recordOversized() {
        lines.read += 1
        lines.oversized += 1
    }

    /// Counts one line carrying a reply. `peer` is the event's peer key, made once by the
    /// caller for the summary and the rules alike.
    public mutating func record(event: RawReplyEvent, time: LogTime?, line: UnsafeBufferPointer<UInt8>,
                                peer: String?, example: () -> LineExample) {
        record(event: event, time: time, line: line, peer: peer.map(HashedName.init), example: example)
    }

    /// Counts one line carrying a reply, its peer key hashed once for the peer lists here and
    /// the rules' tables.
    @inline(__always)
    public mutating func record(event: RawReplyEvent, time: LogTime?, line: UnsafeBufferPointer<UInt8>,
                                peer: HashedName?, example: () -> LineExample) {
        lines.read += 1
        lines.events += 1
        let code = event.code
        codeTallies[code - 200].record(event)
        if let range = event.enhanced { enhancedTable.add(PackedCode(EnhancedCode(line, range).packed)) }
        if let time {
            if newestLine == nil || newestLine! < time { newestLine = time }
            timeSeries.add(time, code: code)
            if first == nil || time < first! { first = time }
            if last == nil || last! < time { last = time }
        }
        if let peer {
            let slot = code / 100 - 2
            // Tested on the bits, not on the optional: `peersByClass[slot] == nil` copied the
            // table out (a retain and a release, about 60 instructions an event, callgrind).
            if peerListsMade.bits & (1 << slot) == 0 { makePeerList(slot) }
            peersByClass[slot]!.add(peer)
        }
        let detailIndex = ReplySummary.detailIndex(code, event.direction)
        if replyDetails[detailIndex].isNone { replyDetails[detailIndex] = ReplyDetail() }
        replyDetails[detailIndex]!.record(time: time, example: example)

        if event.isAuthFailure {
            authFailures.record(code: code, direction: event.direction, peer: peer)
            if let user = event.saslUser, !user.isEmpty { userMemo.add(line, user, to: &authUsers) { line.key(user) } }
            if let mechanism = event.saslMechanism, !mechanism.isEmpty {
                mechanismMemo.add(line, mechanism, to: &authMechanisms) { line.key(mechanism) }
            }
        }
        if event.isRelayRefusal {
            relayRefusals.record(code: code, direction: event.direction, peer: peer)
            if event.direction == .inbound, let domain = event.recipientDomainRange(in: line) {
                relayDomainMemo.add(line, domain, to: &relayDomains) { Correspondent.lowercasedKey(line, domain) }
            }
        }
    }

    /// Out of line: once per class in a run.
    @inline(never)
    private mutating func makePeerList(_ slot: Int) {
        if peersByClass[slot] == nil {
            peersByClass[slot] = KeyedCounts(capacity: min(keyCapacity, ReplySummary.peerListCapacity))
        }
        peerListsMade.bits |= 1 << slot
    }

    // MARK: merging

    /// Moves the line numbers of kept examples on by `lines`: a chunk read on its own counts
    /// from 1, and is placed after the chunks before it when the results are merged.
    public mutating func offsetLineNumbers(by lines: Int) {
        for index in notUnderstoodExamples.indices { notUnderstoodExamples[index].line += lines }
        for index in replyDetails.indices where replyDetails[index] != nil {
            for example in replyDetails[index]!.examples.indices { replyDetails[index]!.examples[example].line += lines }
        }
        traffic.offsetLineNumbers(by: lines)
    }

    /// Merges in place, table by table: merging by copy would hold two of every table.
    public static func += (merged: inout ReplySummary, b: ReplySummary) {
        merged.lines = merged.lines + b.lines
        for index in merged.codeTallies.indices { merged.codeTallies[index] = merged.codeTallies[index] + b.codeTallies[index] }
        merged.enhancedTable += b.enhancedTable
        merged.timeSeries += b.timeSeries
        for (slot, counts) in b.peersByClass.enumerated() {
            guard let counts else { continue }
            if merged.peersByClass[slot] == nil { merged.peersByClass[slot] = KeyedCounts(capacity: counts.capacity) }
            merged.peerListsMade.bits |= 1 << slot
            merged.peersByClass[slot]! += counts
        }
        merged.authFailures += b.authFailures
        merged.relayRefusals += b.relayRefusals
        merged.authUsers += b.authUsers
        merged.authMechanisms += b.authMechanisms
        merged.relayDomains += b.relayDomains
        for index in merged.replyDetails.indices {
            switch (merged.replyDetails[index], b.replyDetails[index]) {
            case (nil, let right?): merged.replyDetails[index] = right
            case (let left?, let right?): merged.replyDetails[index] = left + right
            default: break
            }
        }
        if merged.notUnderstoodExamples.count < notUnderstoodExampleLimit {
            merged.notUnderstoodExamples = Array((merged.notUnderstoodExamples + b.notUnderstoodExamples)
                .prefix(notUnderstoodExampleLimit))
        }
        merged.otherPrograms += b.otherPrograms
        merged.first = [merged.first, b.first].compactMap { $0 }.min()
        merged.last = [merged.last, b.last].compactMap { $0 }.max()
        merged.newestLine = [merged.newestLine, b.newestLine].compactMap { $0 }.max()
        merged.traffic += b.traffic
    }

    public static func + (a: ReplySummary, b: ReplySummary) -> ReplySummary {
        var merged = a
        merged += b
        return merged
    }
}

extension ReplySummary {
    /// A packed enhanced code as a table key, ordered and equal as its `Int`, hashed by a few
    /// multiplications of it with the table's seed (`HashedName.mixed`), where an `Int` key
    /// runs a whole `Hasher`. The seed is the process's random one, so a log cannot choose
    /// codes that collide.
    struct PackedCode: Hashable, Comparable, Sendable {
        let packed: Int

        @inline(__always)
        init(_ packed: Int) { self.packed = packed }

        @inline(__always)
        func hash(into hasher: inout Hasher) { hasher.combine(packed) }

        @inline(__always)
        func _rawHashValue(seed: Int) -> Int { HashedName.mixed(packed, seed: seed) }

        static func < (lhs: PackedCode, rhs: PackedCode) -> Bool { lhs.packed < rhs.packed }
    }

    /// Which of the peer lists are made: a shortcut of the line loop, not a count, so two
    /// summaries are equal whatever their bits (a summary read back from a payload has none
    /// set, and finds its lists made on its first event of each class).
    struct MadeLists: Sendable, Equatable {
        var bits: UInt8 = 0
        static func == (lhs: MadeLists, rhs: MadeLists) -> Bool { true }
    }

    /// What a report shows of one input once its tables went into the run's total (see
    /// `FoldedAnalysis`): its lines, its newest line and the three programs it saw most. Made
    /// from `empty`, a summary with no counts that every outline of a run shares: its tables
    /// are shared storage, not copies, so an outline costs a few hundred bytes, not the 45 KB
    /// of a summary's fixed tables.
    func outline(from empty: ReplySummary) -> ReplySummary {
        var outline = empty
        outline.lines = lines
        outline.newestLine = newestLine
        for (program, count) in otherPrograms.top(3) { outline.otherPrograms.add(program, count) }
        return outline
    }
}
