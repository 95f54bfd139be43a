/// Replies our server sent to one SMTP command, as Postfix's `disconnect from` line counts them:
/// `rcpt=0/1` is none accepted of one, `mail=1` one of one.
public struct CommandTally: TableValue {
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
public struct ConnectionTimes: TableValue {
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

    public private(set) var connections = 0
    private var knownCommands = [CommandTally](repeating: CommandTally(), count: SessionTraffic.commandNames.count)
    public private(set) var otherCommands = CappedTable<String, CommandTally>(capacity: 64)
    /// Connections per client address.
    public private(set) var hosts: CappedTable<String, ConnectionTimes>
    /// All timed connections together.
    public private(set) var times = ConnectionTimes()
    private var open: [MessageKey: Int] = [:]
    private var unmatched: [(process: MessageKey, seconds: Int, client: String)] = []
    /// Open sessions and early disconnections dropped past `openLimit` (a log of many processes
    /// that never disconnect, or of forged lines).
    public private(set) var droppedSessions = 0

    public init(capacity: Int) {
        hosts = CappedTable(capacity: capacity)
    }

    /// Every command's tally, by name, the ones Postfix knows first in its order.
    public var commands: [(name: String, tally: CommandTally)] {
        var result: [(name: String, tally: CommandTally)] = []
        for (index, tally) in knownCommands.enumerated() where tally.total > 0 {
            result.append((SessionTraffic.commandNames[index], tally))
        }
        for (name, tally) in otherCommands.entries.sorted(by: { $0.0 < $1.0 }) { result.append((name, tally)) }
        return result
    }

    // MARK: recording

    mutating func record(_ fact: TrafficFact, line: UnsafeBufferPointer<UInt8>, time: LogTime?) {
        let client = fact.client.map { line.key($0) } ?? "unknown"
        let process = fact.process.map { MessageKey(line, $0) }
        switch fact.kind {
        case .connect:
            connections += 1
            times.connections += 1
            hosts.update(client) { $0.connections += 1 }
            if let process, let time {
                open[process] = time.epochSeconds
                if open.count > SessionTraffic.openLimit { dropOldestOpen() }
            }
        case .disconnect:
            if let commands = fact.commands { count(commands: commands, in: line) }
            guard let process, let time else { return }
            let seconds = time.epochSeconds
            if let start = open.removeValue(forKey: process) {
                timeSession(client: client, seconds: seconds - start)
            } else if unmatched.count < SessionTraffic.openLimit {
                unmatched.append((process, seconds, client))
            } else {
                droppedSessions += 1
            }
        default:
            break
        }
    }

    private mutating func timeSession(client: String, seconds: Int) {
        let length = max(0, seconds)
        times.time(length)
        hosts.update(client) { $0.time(length) }
    }

    private mutating func dropOldestOpen() {
        let oldest = open.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
            .prefix(open.count - SessionTraffic.openLimit / 2)
        for (key, _) in oldest { open[key] = nil }
        droppedSessions += oldest.count
    }

    /// `ehlo=1 mail=1 rcpt=0/1 data=1 quit=1 commands=4/5`: each `name=accepted/total`, or
    /// `name=n` for n of n; `commands=` is their sum and is left out.
    private mutating func count(commands range: Range<Int>, in line: UnsafeBufferPointer<UInt8>) {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            while cursor < range.upperBound, line[cursor] == 0x20 { cursor += 1 }
            let start = cursor
            while cursor < range.upperBound, line[cursor] != 0x3D, line[cursor] != 0x20 { cursor += 1 }
            guard cursor < range.upperBound, line[cursor] == 0x3D, cursor > start, cursor - start <= 16 else {
                while cursor < range.upperBound, line[cursor] != 0x20 { cursor += 1 }
                continue
            }
            let nameEnd = cursor
            let accepted = PostfixExtractor.number(line, at: cursor + 1)
            cursor += 1
            while cursor < range.upperBound, TimestampParser.digit(line[cursor]) != nil { cursor += 1 }
            var total = accepted
            if cursor < range.upperBound, line[cursor] == 0x2F {
                total = PostfixExtractor.number(line, at: cursor + 1)
                cursor += 1
                while cursor < range.upperBound, TimestampParser.digit(line[cursor]) != nil { cursor += 1 }
            }
            let ended = cursor == range.upperBound || line[cursor] == 0x20
            guard ended, accepted >= 0, total >= accepted, total < 1 << 32 else {
                while cursor < range.upperBound, line[cursor] != 0x20 { cursor += 1 }
                continue
            }
            let name = UnsafeBufferPointer(rebasing: line[start..<nameEnd])
            if name.elementsEqual("commands".utf8) { continue }
            if let index = SessionTraffic.commandNames.firstIndex(where: { $0.utf8.elementsEqual(name) }) {
                knownCommands[index].accepted += accepted
                knownCommands[index].total += total
            } else {
                otherCommands.update(LogText.key(name).lowercased()) { $0.accepted += accepted; $0.total += total }
            }
        }
    }

    // MARK: merging

    /// Adds `rhs`, which comes after this one in the log: its disconnections without a
    /// connection are timed against the sessions this part left open.
    public static func += (lhs: inout SessionTraffic, rhs: SessionTraffic) {
        lhs.connections += rhs.connections
        for index in lhs.knownCommands.indices { lhs.knownCommands[index] = lhs.knownCommands[index] + rhs.knownCommands[index] }
        lhs.otherCommands += rhs.otherCommands
        lhs.hosts += rhs.hosts
        lhs.times.connections += rhs.times.connections
        lhs.times.timed += rhs.times.timed
        lhs.times.seconds += rhs.times.seconds
        lhs.times.maxSeconds = max(lhs.times.maxSeconds, rhs.times.maxSeconds)
        lhs.droppedSessions += rhs.droppedSessions
        for closing in rhs.unmatched {
            if let start = lhs.open.removeValue(forKey: closing.process) {
                lhs.timeSession(client: closing.client, seconds: closing.seconds - start)
            } else if lhs.unmatched.count < SessionTraffic.openLimit {
                lhs.unmatched.append(closing)
            } else {
                lhs.droppedSessions += 1
            }
        }
        lhs.open.merge(rhs.open) { _, later in later }
        if lhs.open.count > SessionTraffic.openLimit { lhs.dropOldestOpen() }
    }
}

extension SessionTraffic: Equatable {
    /// Equal when the figures are: what a part still holds open to merge is not a figure.
    public static func == (lhs: SessionTraffic, rhs: SessionTraffic) -> Bool {
        lhs.connections == rhs.connections && lhs.knownCommands == rhs.knownCommands
            && lhs.otherCommands == rhs.otherCommands && lhs.hosts == rhs.hosts && lhs.times == rhs.times
    }
}
