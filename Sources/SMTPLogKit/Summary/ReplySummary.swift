/// Everything a report says about a set of lines, as a value that merges: files, chunks of a
/// file and hosts combine with `+`, in any grouping, to the same counts.
public struct ReplySummary: Sendable, Equatable {
    public let keyCapacity: Int
    public var lines = LineTally()
    /// Per code, indexed by `code - 200` (codes 200...599): an array, because every event
    /// updates it and a dictionary lookup cost more than the rest of the event's counting.
    private var codeTallies = [CodeTally](repeating: CodeTally(), count: 400)
    /// The codes seen, with their counts.
    public var codes: [Int: CodeTally] {
        var result: [Int: CodeTally] = [:]
        for (index, tally) in codeTallies.enumerated() where tally.total > 0 { result[index + 200] = tally }
        return result
    }
    /// RFC 3463 codes packed as `class * 1_000_000 + subject * 1_000 + detail`: counted as
    /// integers, named only when a report shows them.
    public var enhancedPacked: KeyedCounts<Int>
    /// Enhanced status codes by name (`5.7.1`).
    public var enhanced: CappedCounts {
        var named = CappedCounts(capacity: max(2, enhancedPacked.capacity))
        for (key, count) in enhancedPacked.counts { named.add(ReplySummary.enhancedName(key), count) }
        return named
    }
    private var timeSeries = TimeSeries()
    /// `yyyymmdd * 1000 + code` → events: one flat dictionary instead of nested ones.
    public var dayCodes: [Int: Int] { timeSeries.dayCodes }
    /// `yyyymmddhh` → events by class.
    public var hours: [Int: ClassTally] { timeSeries.hours }
    /// Peers per class (2 to 5): client addresses for inbound, server names for outbound. They
    /// only feed the "top peers" tables, so they keep fewer keys than the finding tables.
    public static let peerListCapacity = 10_000
    /// Indexed by `class - 2`: an array, because every event with a peer updates one.
    private var peersByClass = [CappedCounts?](repeating: nil, count: 4)
    /// Peers per class, for the classes that have any.
    public var peers: [Int: CappedCounts] {
        var result: [Int: CappedCounts] = [:]
        for (index, counts) in peersByClass.enumerated() { if let counts { result[index + 2] = counts } }
        return result
    }
    public var authFailures: DirectionalTally
    public var relayRefusals: DirectionalTally
    /// SASL user names and mechanisms tried in failed logins.
    public var authUsers: CappedCounts
    public var authMechanisms: CappedCounts
    /// Recipient domains that relay was refused for.
    public var relayDomains: CappedCounts
    /// Temporary failures (4xx) servers gave us, by server: rate limits, greylisting, reputation.
    public var deferrals: CappedTable<String, PeerActivity>
    /// Policy refusals (5.7.x) servers gave us, by server: SPF, DKIM, DMARC, blocklists.
    public var policyBlocks: CappedTable<String, PeerActivity>
    /// Unknown recipients (5.1.1) servers reported, by recipient domain.
    public var invalidRecipients: CappedTable<String, PeerActivity>
    /// The window, in seconds, in which auth failures of one client are counted as a run.
    public let authWindow: Int
    /// `code * 2 + direction` → when and how it was seen.
    private var replyDetails = [ReplyDetail?](repeating: nil, count: 800)
    /// `code * 2 + direction` (0 inbound, 1 outbound) → detail, for the codes seen.
    public var details: [Int: ReplyDetail] {
        var result: [Int: ReplyDetail] = [:]
        for (index, detail) in replyDetails.enumerated() { if let detail { result[index + 400] = detail } }
        return result
    }
    public var notUnderstoodExamples: [LineExample] = []
    public var otherPrograms: CappedCounts
    public var first: LogTime?
    public var last: LogTime?

    public static let notUnderstoodExampleLimit = 5

    public init(keyCapacity: Int = CappedCounts.defaultCapacity, authWindow: Int = 3_600) {
        self.keyCapacity = keyCapacity
        self.authWindow = authWindow
        deferrals = CappedTable(capacity: keyCapacity)
        policyBlocks = CappedTable(capacity: keyCapacity)
        invalidRecipients = CappedTable(capacity: keyCapacity)
        enhancedPacked = KeyedCounts<Int>(capacity: keyCapacity)
        authFailures = DirectionalTally(capacity: keyCapacity)
        relayRefusals = DirectionalTally(capacity: keyCapacity)
        authUsers = CappedCounts(capacity: keyCapacity)
        authMechanisms = CappedCounts(capacity: keyCapacity)
        relayDomains = CappedCounts(capacity: keyCapacity)
        otherPrograms = CappedCounts(capacity: keyCapacity)
    }

    public var events: Int { lines.events }

    public func detail(code: Int, direction: Direction) -> ReplyDetail? {
        replyDetails[ReplySummary.detailKey(code, direction) - 400]
    }

    @inline(__always)
    static func detailKey(_ code: Int, _ direction: Direction) -> Int { code * 2 + (direction == .inbound ? 0 : 1) }

    // MARK: recording

    /// Counts one line. `example` makes the line's text only when it is kept.
    @inline(__always)
    public mutating func record(_ parsed: ParsedLine, line: UnsafeBufferPointer<UInt8>,
                                example: () -> LineExample) {
        lines.read += 1
        switch parsed.kind {
        case .event(let event):
            lines.events += 1
            recordEvent(event, time: parsed.time, line: line, example: example)
        case .nonEvent:
            lines.understood += 1
        case .notUnderstood:
            lines.notUnderstood += 1
            if notUnderstoodExamples.count < ReplySummary.notUnderstoodExampleLimit {
                notUnderstoodExamples.append(example())
            }
        case .otherProgram(let program):
            lines.otherPrograms += 1
            otherPrograms.add(ReplySummary.programName(line, program))
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

    public mutating func recordOversized() {
        lines.read += 1
        lines.oversized += 1
    }

    private mutating func recordEvent(_ event: RawReplyEvent, time: LogTime?, line: UnsafeBufferPointer<UInt8>,
                                      example: () -> LineExample) {
        let code = event.code
        // Dictionary values are mutated in place (`[key, default:]`): no copy, no reallocation.
        codeTallies[code - 200].record(event)
        if let range = event.enhanced { enhancedPacked.add(ReplySummary.packEnhanced(line, range)) }
        let replyClass = code / 100
        if let time {
            timeSeries.add(time, code: code)
            if first == nil || time < first! { first = time }
            if last == nil || last! < time { last = time }
        }
        let peer = event.peerKey(in: line)
        if let peer {
            let slot = replyClass - 2
            if peersByClass[slot] == nil {
                peersByClass[slot] = CappedCounts(capacity: min(keyCapacity, ReplySummary.peerListCapacity))
            }
            peersByClass[slot]!.add(peer)
        }
        let detailIndex = ReplySummary.detailKey(code, event.direction) - 400
        if replyDetails[detailIndex] == nil { replyDetails[detailIndex] = ReplyDetail() }
        replyDetails[detailIndex]!.record(time: time, example: example)

        if event.isAuthFailure {
            authFailures.byCode[code, default: 0] += 1
            let user = event.saslUser.flatMap { $0.isEmpty ? nil : line.string($0) }
            let mechanism = event.saslMechanism.flatMap { $0.isEmpty ? nil : line.string($0) }
            if let user { authUsers.add(user) }
            if let mechanism { authMechanisms.add(mechanism) }
            let window = event.direction == .inbound ? authWindow : nil
            // A mutating call, not a closure kept in a variable: that one would be allocated
            // with its captures on every event.
            if event.direction == .inbound {
                authFailures.inbound += 1
                if let peer {
                    authFailures.clients.update(peer, example: example) {
                        $0.recordAuth(time, window: window, code: code, user: user, mechanism: mechanism)
                    }
                }
            } else {
                authFailures.outbound += 1
                if let peer {
                    authFailures.servers.update(peer, example: example) {
                        $0.recordAuth(time, window: window, code: code, user: user, mechanism: mechanism)
                    }
                }
            }
        }
        if event.isRelayRefusal {
            relayRefusals.byCode[code, default: 0] += 1
            let domain = event.recipient.flatMap { recipient in
                line.lastByte(0x40, in: recipient).map { line.string(($0 + 1)..<recipient.upperBound).lowercased() }
            }
            if event.direction == .inbound {
                relayRefusals.inbound += 1
                if let domain { relayDomains.add(domain) }
                if let peer {
                    relayRefusals.clients.update(peer, example: example) { activity in
                        activity.record(time, window: nil)
                        activity.codes.add(code)
                        if let domain { activity.domains.add(domain) }
                    }
                }
            } else {
                relayRefusals.outbound += 1
                let forward = event.text.flatMap { ReplySummary.forwardingAddress(line, in: $0) }
                if let peer {
                    relayRefusals.servers.update(peer, example: example) { activity in
                        activity.record(time, window: nil)
                        activity.codes.add(code)
                        if let forward { activity.notes.add(forward) }
                    }
                }
            }
        }
        if event.direction == .outbound, let peer {
            let classDigit = code / 100
            if classDigit == 4 {
                deferrals.update(peer, example: example) { $0.record(time, window: nil); $0.codes.add(code) }
            } else if classDigit == 5, !event.isAuthFailure, let status = event.enhanced,
                      line.hasPrefix("5.7.", at: status.lowerBound) {
                // Refusals of our credentials (5.7.0, 5.7.8) are the relay-host finding, not policy.
                let packed = ReplySummary.packEnhanced(line, status)
                policyBlocks.update(peer, example: example) { $0.record(time, window: nil); $0.codes.add(packed) }
            }
            if let status = event.enhanced, line.equals("5.1.1", in: status), let recipient = event.recipient,
               let at = line.lastByte(0x40, in: recipient) {
                let domain = line.string((at + 1)..<recipient.upperBound).lowercased()
                invalidRecipients.update(domain, example: example) { $0.record(time, window: nil); $0.notes.add(peer) }
            }
        }
    }

    /// `please try <user@new.example>`: where a 551 said the mailbox went.
    static func forwardingAddress(_ line: UnsafeBufferPointer<UInt8>, in text: Range<Int>) -> String? {
        guard let hint = line.firstIndex(of: "please try <", from: text.lowerBound, to: text.upperBound),
              let close = line.firstByte(0x3E, from: hint + 12), close <= text.upperBound else { return nil }
        return line.string((hint + 12)..<close)
    }

    /// `5.7.1` → 5_007_001. The range was validated as an enhanced code by the extractor.
    @inline(__always)
    static func packEnhanced(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var parts = (0, 0, 0)
        var part = 0
        for index in range {
            let byte = line[index]
            if byte == 0x2E { part += 1; continue }
            let digit = Int(byte) &- 0x30
            switch part {
            case 0: parts.0 = parts.0 * 10 + digit
            case 1: parts.1 = parts.1 * 10 + digit
            default: parts.2 = parts.2 * 10 + digit
            }
        }
        return parts.0 * 1_000_000 + parts.1 * 1_000 + parts.2
    }

    static func enhancedName(_ packed: Int) -> String {
        "\(packed / 1_000_000).\(packed / 1_000 % 1_000).\(packed % 1_000)"
    }

    private static func programName(_ line: UnsafeBufferPointer<UInt8>, _ program: Range<Int>) -> String {
        // `postfix/smtpd` stays whole; `dovecot` and `imap-login` are names already.
        line.string(program.lowerBound..<min(program.upperBound, program.lowerBound + 40))
    }

    // MARK: merging

    /// Moves the line numbers of kept examples on by `lines`: a chunk read on its own counts
    /// from 1, and is placed after the chunks before it when the results are merged.
    public mutating func offsetLineNumbers(by lines: Int) {
        for index in notUnderstoodExamples.indices { notUnderstoodExamples[index].line += lines }
        authFailures.clients.offsetExampleLines(by: lines)
        authFailures.servers.offsetExampleLines(by: lines)
        relayRefusals.clients.offsetExampleLines(by: lines)
        relayRefusals.servers.offsetExampleLines(by: lines)
        deferrals.offsetExampleLines(by: lines)
        policyBlocks.offsetExampleLines(by: lines)
        invalidRecipients.offsetExampleLines(by: lines)
        for index in replyDetails.indices where replyDetails[index] != nil {
            for example in replyDetails[index]!.examples.indices { replyDetails[index]!.examples[example].line += lines }
        }
    }

    /// Merges in place, table by table: merging by copy would hold two of every table.
    public static func += (merged: inout ReplySummary, b: ReplySummary) {
        merged.lines = merged.lines + b.lines
        for index in merged.codeTallies.indices { merged.codeTallies[index] = merged.codeTallies[index] + b.codeTallies[index] }
        merged.enhancedPacked += b.enhancedPacked
        merged.timeSeries += b.timeSeries
        for (slot, counts) in b.peersByClass.enumerated() {
            guard let counts else { continue }
            if merged.peersByClass[slot] == nil { merged.peersByClass[slot] = CappedCounts(capacity: counts.capacity) }
            merged.peersByClass[slot]! += counts
        }
        merged.authFailures += b.authFailures
        merged.relayRefusals += b.relayRefusals
        merged.authUsers += b.authUsers
        merged.authMechanisms += b.authMechanisms
        merged.relayDomains += b.relayDomains
        merged.deferrals += b.deferrals
        merged.policyBlocks += b.policyBlocks
        merged.invalidRecipients += b.invalidRecipients
        for index in merged.replyDetails.indices {
            switch (merged.replyDetails[index], b.replyDetails[index]) {
            case let (x?, y?): merged.replyDetails[index] = x + y
            case let (nil, y?): merged.replyDetails[index] = y
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
    }

    public static func + (a: ReplySummary, b: ReplySummary) -> ReplySummary {
        var merged = a
        merged += b
        return merged
    }


}

extension UnsafeBufferPointer where Element == UInt8 {
    @inline(__always)
    func lastByte(_ byte: UInt8, in range: Range<Int>) -> Int? {
        var cursor = range.upperBound
        while cursor > range.lowerBound {
            cursor -= 1
            if self[cursor] == byte { return cursor }
        }
        return nil
    }
}
