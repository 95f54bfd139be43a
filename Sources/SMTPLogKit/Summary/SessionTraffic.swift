/// Replies our server sent to one SMTP command, as Postfix's `disconnect from` line counts them:
/// `rcpt=0/1` is none accepted of one, `mail=1` one of one.
public struct CommandTally: TableValue, Codable {
    public var accepted = 0
    public var total = 0

    public init() {}

    public var weight: Int { total }

    public static func + (lhs: CommandTally, rhs: CommandTally) -> CommandTally {
        var sum = lhs
        sum.accepted += rhs.accepted
        sum.total += rhs.total
        return sum
    }
}

/// One client's connections and how long they lasted (pflogsumm's `--smtpd-stats`).
public struct ConnectionTimes: TableValue, Codable {
    public var connections = 0
    /// Connections whose opening and closing lines were both read, and their seconds.
    public var timed = 0
    public var seconds = 0
    public var maxSeconds = 0

    public init() {}

    public var weight: Int { connections }
    public var averageSeconds: Double? { timed > 0 ? Double(seconds) / Double(timed) : nil }

    public static func + (lhs: ConnectionTimes, rhs: ConnectionTimes) -> ConnectionTimes {
        var sum = lhs
        sum.connections += rhs.connections
        sum.timed += rhs.timed
        sum.seconds += rhs.seconds
        sum.maxSeconds = max(lhs.maxSeconds, rhs.maxSeconds)
        return sum
    }

    mutating func time(_ seconds: Int) {
        timed += 1
        self.seconds += seconds
        maxSeconds = max(maxSeconds, seconds)
    }
}

/// Our server's SMTP sessions: connections, the clients that made them and how long they
/// lasted, and from Postfix's `disconnect from ... ehlo=1 mail=1 rcpt=0/1 commands=2/3` lines
/// the replies it sent per command. Postfix logs no line for a 250 it sends; this is where
/// those accepted commands are seen, apart from the reply events (a refusal logged on its own
/// line is counted there as an event, and here only inside its command's total).
///
/// A connection is timed from its `connect from` to its `disconnect from`, joined by the
/// process that wrote them: an smtpd process serves one client at a time. The sessions still
/// open at the end of a part, and the disconnections a part met without their connection, are
/// kept (bounded) so that parts merge exactly.
public struct SessionTraffic: Sendable {
    /// The commands Postfix counts, in its own order; any other name goes to `otherCommands`.
    public static let commandNames = ["helo", "ehlo", "starttls", "auth", "mail", "rcpt", "data", "bdat",
                                      "rset", "noop", "vrfy", "etrn", "quit", "xclient", "xforward", "unknown"]
    /// Sessions open, and disconnections without their connection, kept at most per part.
    public static let openLimit = 10_000

    public internal(set) var connections = 0
    /// The known commands' tallies, but for the cached lists' disconnections the cache still
    /// holds (`commandTallies` has them all).
    var knownCommands = [CommandTally](repeating: CommandTally(), count: SessionTraffic.commandNames.count)
    public internal(set) var otherCommands = CappedTable<String, CommandTally>(capacity: 64)
    /// Connections per client address.
    public internal(set) var hosts: NamedTable<ConnectionTimes>
    /// All timed connections together.
    public internal(set) var times = ConnectionTimes()
    private var open = OpenSessions()
    private var unmatched: [(process: BytesKey, seconds: Int, client: Correspondent)] = []
    /// Open sessions and early disconnections dropped past `openLimit` (a log of many processes
    /// that never disconnect, or of forged lines).
    public internal(set) var droppedSessions = 0
    /// Command lists already read (not a figure).
    private var commandCache = SessionCommandCache()
    private var cachedDay = -1
    private var cachedDayStart = 0
    private var cachedMinute = -1
    private var cachedMinuteStart = 0

    public init(capacity: Int) {
        hosts = NamedTable(capacity: capacity)
    }

    /// The known commands' tallies, indexed as `commandNames`, with the disconnections the
    /// command cache has counted and not yet added.
    var commandTallies: [CommandTally] {
        var tallies = knownCommands
        commandCache.addPending(to: &tallies)
        return tallies
    }

    /// Every command's tally, by name, the ones Postfix knows first in its order.
    public var commands: [(name: String, tally: CommandTally)] {
        var result: [(name: String, tally: CommandTally)] = []
        for (index, tally) in commandTallies.enumerated() where tally.total > 0 {
            result.append((SessionTraffic.commandNames[index], tally))
        }
        for (name, tally) in otherCommands.entries.sorted(by: { $0.0 < $1.0 }) { result.append((name, tally)) }
        return result
    }

    // MARK: recording

    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, time: LogTime?) {
        let client = fact.client ?? 0..<0
        let clientKey = client.isEmpty ? SessionTraffic.unknown.key : BytesKey(line, client, foldingCase: true)
        let clientName = { client.isEmpty ? SessionTraffic.unknown.name : Correspondent.lowercasedKey(line, client) }
        let process = fact.process.map { BytesKey(line, $0) }
        switch fact.kind {
        case .connect:
            connections += 1
            times.connections += 1
            let row = hosts.updateReturningPosition(clientKey, name: clientName) { $0.connections += 1 }
            if let process, let time {
                open.open(process, at: seconds(time), row: row.map { Int32($0) } ?? -1)
                if open.count > SessionTraffic.openLimit { dropOldestOpen() }
            }
        case .disconnect:
            if let commands = fact.commands { count(commands: commands, in: line) }
            guard let process, let time else { return }
            let seconds = seconds(time)
            if let (start, row) = open.closeSession(process) {
                let length = max(0, seconds - start)
                times.time(length)
                if !hosts.update(at: Int(row), key: clientKey, { $0.time(length) }) {
                    hosts.update(clientKey, name: clientName) { $0.time(length) }
                }
            } else if unmatched.count < SessionTraffic.openLimit {
                unmatched.append((process, seconds, Correspondent(key: clientKey, name: clientName())))
            } else {
                droppedSessions += 1
            }
        default:
            break
        }
    }

    /// Seconds since the epoch, the day's start computed once per day and the minute's once
    /// per minute: connection lines come in time order, a busy server writes several a minute,
    /// and reading the hour and minute out of the packed time took four divisions (callgrind:
    /// 67 instructions a connection line, most of them those).
    private mutating func seconds(_ time: LogTime) -> Int {
        let minute = time.packed / 100
        if minute != cachedMinute {
            let day = time.dayKey
            if day != cachedDay {
                cachedDay = day
                cachedDayStart = LogTime(year: time.year, month: time.month, day: time.day, hour: 0, minute: 0, second: 0).epochSeconds
            }
            cachedMinute = minute
            cachedMinuteStart = cachedDayStart + time.hour * 3600 + time.minute * 60
        }
        return cachedMinuteStart + (time.packed - minute * 100)
    }

    /// A client without an address (a line cut short) is counted as `unknown`.
    static let unknown = Correspondent(key: BytesKey("unknown"), name: "unknown")

    private mutating func timeSession(client: Correspondent, name: () -> String, seconds: Int) {
        let length = max(0, seconds)
        times.time(length)
        hosts.update(client.key, name: name) { $0.time(length) }
    }

    private mutating func dropOldestOpen() {
        let oldest = open.entries.sorted { $0.start != $1.start ? $0.start < $1.start : $0.key < $1.key }
            .prefix(open.count - SessionTraffic.openLimit / 2)
        for (key, _) in oldest { _ = open.close(key) }
        droppedSessions += oldest.count
    }

    /// Counts a command list: as kept in the cache when the same bytes were read before, else
    /// read, and kept when the cache can hold it.
    private mutating func count(commands range: Range<Int>, in line: UnsafeBufferPointer<UInt8>) {
        let place = commandCache.place(of: range, in: line)
        if let place, place.found {
            commandCache.hit(place.slot)
            return
        }
        withUnsafeTemporaryAllocation(of: (index: Int, accepted: Int, total: Int).self,
                                      capacity: SessionCommandCache.maxTallies) { found in
            var kept = 0
            var keepable = place != nil
            read(commands: range, in: line) { index, accepted, total in
                guard keepable, let index, kept < SessionCommandCache.maxTallies,
                      SessionCommandCache.fits(accepted: accepted, total: total) else {
                    keepable = false
                    return
                }
                found[kept] = (index, accepted, total)
                kept += 1
            }
            if keepable, let place {
                commandCache.settle(place.slot, into: &knownCommands)
                commandCache.keep(range, in: line, slot: place.slot, tallies: UnsafeBufferPointer(rebasing: found[0..<kept]))
            }
        }
    }

    /// `ehlo=1 mail=1 rcpt=0/1 data=1 quit=1 commands=4/5`: each `name=accepted/total`, or
    /// `name=n` for n of n; `commands=` is their sum and is left out. One pass over the bytes.
    /// A name of up to eight bytes is read as one word, its `=` found in the word at once (a
    /// byte loop over the names cost half of all session counting, callgrind); a longer name,
    /// or one with a space before its `=`, goes the byte way.
    /// Counts each command and tells `seen` of it: its index in `commandNames` (nil for another
    /// name) and its counts.
    private mutating func read(commands range: Range<Int>, in line: UnsafeBufferPointer<UInt8>,
                               seen: (Int?, Int, Int) -> Void) {
        var cursor = range.lowerBound
        let end = range.upperBound
        let base = line.baseAddress!
        while cursor < end {
            if line[cursor] == 0x20 {
                cursor += 1
                continue
            }
            let start = cursor
            var word: UInt64 = 0
            var nameEnd = -1
            if start + 9 <= end {
                let loaded = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
                let equals = zeroBytes(loaded ^ 0x3D3D_3D3D_3D3D_3D3D)
                let spaces = zeroBytes(loaded ^ 0x2020_2020_2020_2020)
                let length = equals != 0 ? equals.trailingZeroBitCount >> 3 : (line[start + 8] == 0x3D ? 8 : -1)
                let spaceAt = spaces == 0 ? 8 : spaces.trailingZeroBitCount >> 3
                if length > 0, spaceAt > length {
                    word = length == 8 ? loaded : loaded & ((1 &<< (UInt64(length) &* 8)) &- 1)
                    nameEnd = start + length
                }
            }
            if nameEnd < 0 {
                while cursor < end, line[cursor] != 0x3D, line[cursor] != 0x20 {
                    if cursor - start < 8 { word |= UInt64(line[cursor]) << (8 * UInt64(cursor - start)) }
                    cursor += 1
                }
                nameEnd = cursor
                guard cursor < end, line[cursor] == 0x3D, nameEnd > start, nameEnd - start <= 16 else {
                    while cursor < end, line[cursor] != 0x20 { cursor += 1 }
                    continue
                }
            }
            cursor = nameEnd + 1
            let accepted = SessionTraffic.number(line, &cursor, end)
            var total = accepted
            if cursor < end, line[cursor] == 0x2F {
                cursor += 1
                total = SessionTraffic.number(line, &cursor, end)
            }
            guard cursor == end || line[cursor] == 0x20, accepted >= 0, total >= accepted else {
                while cursor < end, line[cursor] != 0x20 { cursor += 1 }
                continue
            }
            if let index = nameEnd - start <= 8 ? SessionTraffic.commandIndex(word) : nil {
                if index >= 0 {
                    knownCommands[index].accepted += accepted
                    knownCommands[index].total += total
                    seen(index, accepted, total)
                }
            } else {
                otherCommands.update(LogText.key(UnsafeBufferPointer(rebasing: line[start..<nameEnd])).lowercased()) {
                    $0.accepted += accepted
                    $0.total += total
                }
                seen(nil, accepted, total)
            }
        }
    }

    /// The digits at `cursor`, moving it past them; -1 for none or for more than nine (no
    /// session sends a billion commands).
    @inline(__always)
    private static func number(_ line: UnsafeBufferPointer<UInt8>, _ cursor: inout Int, _ end: Int) -> Int {
        let start = cursor
        var value = 0
        while cursor < end, line[cursor] &- 0x30 < 10 {
            if cursor - start < 9 { value = value * 10 + Int(line[cursor] &- 0x30) }
            cursor += 1
        }
        return cursor == start || cursor - start > 9 ? -1 : value
    }

    /// The index in `commandNames` of the name whose bytes make `word` (little-endian), -1 for
    /// `commands`, nil for any other.
    @inline(__always)
    static func commandIndex(_ word: UInt64) -> Int? {
        switch word {
        case 0x6F6C6568: 0   // helo
        case 0x6F6C6865: 1   // ehlo
        case 0x736C747472617473: 2   // starttls
        case 0x68747561: 3   // auth
        case 0x6C69616D: 4   // mail
        case 0x74706372: 5   // rcpt
        case 0x61746164: 6   // data
        case 0x74616462: 7   // bdat
        case 0x74657372: 8   // rset
        case 0x706F6F6E: 9   // noop
        case 0x79667276: 10   // vrfy
        case 0x6E727465: 11   // etrn
        case 0x74697571: 12   // quit
        case 0x746E65696C6378: 13   // xclient
        case 0x64726177726F6678: 14   // xforward
        case 0x6E776F6E6B6E75: 15   // unknown
        case 0x73646E616D6D6F63: -1   // commands
        default: nil
        }
    }

    // MARK: merging

    /// Adds `rhs`, which comes after this one in the log: its disconnections without a
    /// connection are timed against the sessions this part left open.
    public static func += (lhs: inout SessionTraffic, rhs: SessionTraffic) {
        lhs.connections += rhs.connections
        lhs.commandCache.settleAll(into: &lhs.knownCommands)
        let added = rhs.commandTallies
        for index in lhs.knownCommands.indices { lhs.knownCommands[index] = lhs.knownCommands[index] + added[index] }
        lhs.otherCommands += rhs.otherCommands
        lhs.hosts += rhs.hosts
        lhs.times.connections += rhs.times.connections
        lhs.times.timed += rhs.times.timed
        lhs.times.seconds += rhs.times.seconds
        lhs.times.maxSeconds = max(lhs.times.maxSeconds, rhs.times.maxSeconds)
        lhs.droppedSessions += rhs.droppedSessions
        for closing in rhs.unmatched {
            if let start = lhs.open.close(closing.process) {
                lhs.timeSession(client: closing.client, name: { closing.client.name }, seconds: closing.seconds - start)
            } else if lhs.unmatched.count < SessionTraffic.openLimit {
                lhs.unmatched.append(closing)
            } else {
                lhs.droppedSessions += 1
            }
        }
        for (key, start) in rhs.open.entries { lhs.open.open(key, at: start) }
        if lhs.open.count > SessionTraffic.openLimit { lhs.dropOldestOpen() }
    }
}

extension SessionTraffic: Equatable {
    /// Equal when the figures are: what a part still holds open to merge is not a figure.
    public static func == (lhs: SessionTraffic, rhs: SessionTraffic) -> Bool {
        lhs.connections == rhs.connections && lhs.commandTallies == rhs.commandTallies
            && lhs.otherCommands == rhs.otherCommands && lhs.hosts == rhs.hosts && lhs.times == rhs.times
    }
}
