/// A finding is made by a rule: one file under `Findings/Rules`, one line in
/// `RuleSet.registry`, one section of the configuration file.
///
/// A rule owns an accumulator that the line loop feeds with the observations it asked for
/// (replies and notices), merged with `+` like every other aggregate, so that chunks, files
/// and hosts combine the same way; and it evaluates the merged accumulator to findings.
public protocol FindingRule: Sendable {
    associatedtype Config: RuleConfig
    associatedtype Accumulator: RuleAccumulator

    /// The rule's section in `smtplog.yml`.
    static var section: String { get }
    init(config: Config)
    var config: Config { get }
    /// A fresh accumulator; `capacity` bounds the keys of every table in it.
    func makeAccumulator(capacity: Int) -> Accumulator
    /// The findings the accumulated observations amount to, if any.
    func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding]
}

/// What a rule keeps while lines are read: bounded in bytes, and mergeable.
public protocol RuleAccumulator: Sendable {
    /// The observations the accumulator wants; it is never shown the others, so that a rule
    /// about relay refusals costs nothing on the lines that carry none.
    static var topics: ObservationTopics { get }
    mutating func observe(_ observation: Observation)
    /// Adds what `other` accumulated, `other` coming after `self` in the log.
    mutating func merge(_ other: Self)
    /// Moves kept line numbers on, for a chunk placed after others.
    mutating func offsetLineNumbers(by lines: Int)
    /// Every capped list the accumulator keeps, cut or not, and where the events of what it
    /// drops go (`CutTable("clients", clients, leftOut: .inNoFinding)`),
    /// so that the report can say how much each one left out: a list cut with nothing said
    /// would break "listed plus left out is the total" without anyone knowing. Read from the
    /// merged accumulator, whose counts of what was dropped are sums, so it is merge-safe.
    /// The default is none, for an accumulator that keeps no list; a test finds every capped
    /// list stored in every rule's accumulator and checks that it is declared here.
    var tables: [CutTable] { get }
    /// Marks the accumulator as the first part of the run: no part will ever be merged before
    /// it, so what it keeps only for such a merge can go (the lines a part could not place,
    /// waiting for the part before). Merges into it keep the mark. The default keeps all.
    mutating func beginRun()
}

extension RuleAccumulator {
    public var tables: [CutTable] { [] }
    public mutating func beginRun() {}
}

/// A rule's configuration section: defaults in `init()`, one key at a time from the file.
public protocol RuleConfig: Sendable, Equatable {
    init()
    /// Reads `key` of the section; an unknown key throws `value.unknownKey()`.
    mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError)
}

/// Which kinds of observation a line gave; an accumulator names the ones it wants.
public struct ObservationTopics: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// 530/535 our server sent a client.
    public static let inboundAuthFailure = ObservationTopics(rawValue: 1 << 0)
    /// 530/535 a server sent us: our credentials refused.
    public static let outboundAuthFailure = ObservationTopics(rawValue: 1 << 1)
    public static let inboundRelayRefusal = ObservationTopics(rawValue: 1 << 2)
    public static let outboundRelayRefusal = ObservationTopics(rawValue: 1 << 3)
    /// Any other 4xx or 5xx our server sent.
    public static let inboundRefusal = ObservationTopics(rawValue: 1 << 4)
    /// A 4xx a server sent us.
    public static let outboundTransient = ObservationTopics(rawValue: 1 << 5)
    /// A 5xx a server sent us.
    public static let outboundPermanent = ObservationTopics(rawValue: 1 << 6)
    /// The topics whose rules read a refusal's topic: it is classified once, for all of them.
    static let refusals: ObservationTopics = [.inboundRefusal, .outboundTransient, .outboundPermanent,
                                              .outboundAuthFailure, .outboundRelayRefusal]
    /// A warning, error, fatal error or panic of the mail system.
    public static let systemNotice = ObservationTopics(rawValue: 1 << 7)
    /// A delivery that failed with no reply code.
    public static let undelivered = ObservationTopics(rawValue: 1 << 8)
    /// A delivery deferred on an earlier verdict (`delivery temporarily suspended`).
    public static let cachedVerdict = ObservationTopics(rawValue: 1 << 9)
    /// A message submitted after a successful login: Postfix `client=…, sasl_username=user`,
    /// Exim `<=` with `A=authenticator:user`.
    public static let login = ObservationTopics(rawValue: 1 << 10)
    /// What follows a message through the queue: Postfix qmgr's `nrcpt=` line, Exim's final
    /// deliveries and bounces and its `Completed`. In the part that begins the run, qmgr's
    /// line, Exim's deliveries and `Completed` only for a message submitted after a login, or
    /// one whose arrival the part has not seen; Exim's bounces always.
    public static let messageFlow = ObservationTopics(rawValue: 1 << 11)
    /// The topics whose rules group clients by network (password guessing, logins from many
    /// networks): the network is made once for them.
    static let aboutNetworks: ObservationTopics = [.inboundAuthFailure, .login]
    /// The topics only a traffic fact gives.
    static let traffic: ObservationTopics = [.login, .messageFlow]

    /// The topics of a reply event.
    @inline(__always)
    static func of(_ event: RawReplyEvent) -> ObservationTopics {
        var topics: ObservationTopics = []
        let inbound = event.direction == .inbound
        if event.isAuthFailure { topics.insert(inbound ? .inboundAuthFailure : .outboundAuthFailure) }
        if event.isRelayRefusal { topics.insert(inbound ? .inboundRelayRefusal : .outboundRelayRefusal) }
        let replyClass = event.code / 100
        if replyClass >= 4 {
            if inbound {
                if !event.isAuthFailure && !event.isRelayRefusal { topics.insert(.inboundRefusal) }
            } else {
                topics.insert(replyClass == 4 ? .outboundTransient : .outboundPermanent)
            }
        }
        return topics
    }

    /// The topics of a traffic fact: a login's message, or a step of a message in the queue.
    /// A Postfix message's recipients are its qmgr `nrcpt=`, so its deliveries (the most
    /// frequent of these lines) are no step anyone asks for; Exim's are. `afterLogin` false:
    /// the line is about a message the part that begins the run saw arrive without a login
    /// (`MessageTraffic.record`), of no interest to the rules about logins' messages.
    @inline(__always)
    static func of(_ fact: TrafficFact, postfix: Bool, afterLogin: Bool) -> ObservationTopics {
        switch fact.kind {
        case .received: fact.saslUser.map { $0.isEmpty ? [] : .login } ?? []
        case .queueActive: afterLogin ? .messageFlow : []
        case .delivery: fact.outcome == .deferred || postfix || !afterLogin ? [] : .messageFlow
        case .removed: postfix || !afterLogin ? [] : .messageFlow
        default: []
        }
    }

    @inline(__always)
    static func of(_ notice: RawNotice) -> ObservationTopics {
        switch notice.kind {
        case .warning, .error, .fatal, .panic: .systemNotice
        case .undelivered: .undelivered
        case .cachedVerdict: .cachedVerdict
        }
    }
}

/// One line shown to the rules that asked for its topics. The line's bytes are valid only
/// during `observe`: a rule keeps strings it makes from them, never the bytes.
public struct Observation {
    public enum Content {
        case reply(RawReplyEvent)
        case notice(RawNotice)
        /// What a line says about a message (`TrafficFact`): its arrival after a login, its
        /// recipients, its deliveries, its removal.
        case traffic(TrafficFact)
    }

    public let content: Content
    public let line: UnsafeBufferPointer<UInt8>
    public let time: LogTime?
    public let topics: ObservationTopics
    /// A reply's peer key (the client's address, or the answering server's name), made and
    /// hashed once for the summary and every rule's tables.
    @inline(__always) public var peerName: HashedName? { storedPeer.name }
    private let storedPeer: HashedName.Stored
    /// The peer key as a string.
    public var peer: String? { peerName?.string }
    /// The program tag's range (`postfix/smtpd`); empty for Exim's own format.
    let programRange: Range<Int>
    /// A refusal's topic (`ReplyTopics.all` index), read once for every rule; -1 for none.
    let topicIndex: Int
    /// The condition of our own system a refusal of ours shows (`SystemConditions.all` index,
    /// `SystemConditions.condition(forReply:text:)`), read with its topic; -1 for none. For a
    /// warning or error, the value of the phrase its text holds (`SystemConditions.phrases`,
    /// found once per text by the sink's `NoticeConditionCache`): a condition's index, -1 for a
    /// line about a client; `Observation.noPhrase` for none. `Observation.unread` when the
    /// observation's maker did not read it.
    let conditionIndex: Int
    static let noPhrase = -2
    static let unread = Int.min
    /// The line's time as seconds since the epoch (log clock), made once for every rule that
    /// counts in windows (by the sink, which remembers the day's: `EpochClock`); nil without a
    /// time. Each of four rules made it again from the packed time, about 140 instructions.
    public let epochSeconds: Int?
    /// The file and line number live in the example memo (`ExampleMemo`), which the sink makes
    /// once with its file name: held here, the name was a retain and a release per observation.
    var file: String { examples.file }
    var lineNumber: Int { examples.lineNumber }

    /// The peer's network at the default prefixes (/24, /64), made once for every rule about
    /// networks (by the sink, which remembers the last peer's); nil for an observation no such
    /// rule reads, or a peer that is no address.
    @inline(__always) private var defaultNetwork: HashedName? { storedNetwork.name }
    private let storedNetwork: HashedName.Stored
    /// The line's example once made; a reference, so that the copies of this observation each
    /// rule is given share it. The sink hands every observation the same one, emptied. Rules
    /// hand it to the tables' closures (`examples.example()`) rather than the observation: a
    /// closure that captured the observation copied it, a retain and a release of each of its
    /// references, once per row updated.
    let examples: ExampleMemo

    /// `network` is the peer's at the default prefixes, for the topics about networks; made
    /// here when the caller has none at hand. `exampleMemo`, when given, must have been made
    /// with `file` (the sink's); it is made here otherwise. `epochSeconds` is `time`'s, made
    /// here when not given.
    init(content: Content, line: UnsafeBufferPointer<UInt8>, time: LogTime?, topics: ObservationTopics,
         peer: HashedName?, program: Range<Int>, file: String, lineNumber: Int, topicIndex: Int = -1,
         conditionIndex: Int = Observation.unread, loginUser: HashedName? = nil, network: HashedName?? = nil,
         epochSeconds: Int?? = nil, exampleMemo: ExampleMemo? = nil) {
        let memo = exampleMemo ?? ExampleMemo(file: file)
        assert(memo.file == file, "an example memo of another file")
        examples = memo.cleared(line: line, number: lineNumber)
        self.epochSeconds = epochSeconds ?? time?.epochSeconds
        storedNetwork = HashedName.Stored(topics.isDisjoint(with: .aboutNetworks) ? nil
            : network ?? peer.flatMap { NetworkPrefix.defaultNetwork(of: $0.string) })
        self.topicIndex = topicIndex
        self.conditionIndex = conditionIndex
        storedLoginUser = HashedName.Stored(loginUser)
        self.content = content
        self.line = line
        self.time = time
        self.topics = topics
        storedPeer = HashedName.Stored(peer)
        programRange = program
    }

    /// What a reply of class 4 or 5 is about, from its code, enhanced code and text.
    public var replyTopic: ReplyTopic? { topicIndex >= 0 ? ReplyTopics.all[topicIndex] : nil }

    /// The condition of our own system a refusal shows, or nil when it is not our fault.
    var replyCondition: SystemCondition? { conditionIndex >= 0 ? SystemConditions.all[conditionIndex] : nil }

    /// The program that wrote the line (`postfix/cleanup`); nil when the line names none.
    public var program: String? { key(programRange) }

    /// The peer's network, `ipv4` or `ipv6` bits long; nil without a peer address.
    public func network(ipv4: Int, ipv6: Int) -> String? {
        networkName(ipv4: ipv4, ipv6: ipv6)?.string
    }

    /// The peer's network as a table key, hashed once for every rule at the default prefixes.
    @inline(__always)
    public func networkName(ipv4: Int, ipv6: Int) -> HashedName? {
        if ipv4 == NetworkPrefix.defaultIPv4, ipv6 == NetworkPrefix.defaultIPv6, !topics.isDisjoint(with: .aboutNetworks) {
            return defaultNetwork
        }
        return peer.flatMap { NetworkPrefix.network(of: $0, ipv4: ipv4, ipv6: ipv6) }.map(HashedName.init)
    }

    /// The line as an example, cut in the middle when long: made once, on the first ask, and
    /// shared by every rule that keeps it (its text is one string however many rules' rows
    /// hold it: an authentication failure is kept by up to six rows of four rules, and the
    /// copies were a fifth of the heap on a 1 GB log).
    public func example() -> LineExample { examples.example() }

    public var reply: RawReplyEvent? {
        if case .reply(let event) = content { return event }
        return nil
    }

    public var notice: RawNotice? {
        if case .notice(let notice) = content { return notice }
        return nil
    }

    public var traffic: TrafficFact? {
        if case .traffic(let fact) = content { return fact }
        return nil
    }

    /// The line was written by Postfix (`postfix/qmgr`, `postfix-out/smtp`): its recipients
    /// are counted from qmgr's `nrcpt=`, Exim's from its deliveries.
    public var isPostfix: Bool { Observation.isPostfix(line, program: programRange) }

    @inline(__always)
    static func isPostfix(_ line: UnsafeBufferPointer<UInt8>, program: Range<Int>) -> Bool {
        program.count >= 7 && line.hasPrefix("postfix", at: program.lowerBound)
    }

    /// The user a login's message names: Postfix's `sasl_username=`; Exim's id of
    /// `A=authenticator:id`, without the `:sender` Exim adds when the client gave an
    /// authenticated sender. Nil for any other observation.
    /// Made and hashed once per line, for every rule that asks.
    @inline(__always) public var loginUserName: HashedName? { storedLoginUser.name }
    private let storedLoginUser: HashedName.Stored
    public var loginUser: String? { loginUserName?.string }

    /// The bytes of the user a login's message names (the sink keys them through its cache
    /// of names, `loginUserName`).
    @inline(__always)
    static func loginUserRange(_ fact: TrafficFact, in line: UnsafeBufferPointer<UInt8>, postfix: Bool) -> Range<Int>? {
        guard fact.kind == .received, var range = fact.saslUser, !range.isEmpty else { return nil }
        if !postfix, let colon = line.firstByte(0x3A, from: range.lowerBound), colon < range.upperBound {
            range = range.lowerBound..<colon
        }
        return range
    }

    /// A bounded key from a range of the line (`name(_:)` as a string).
    public func key(_ range: Range<Int>?) -> String? { name(range)?.string }

    /// A bounded key from a range of the line, hashed. The last two made are remembered for
    /// the line (`ExampleMemo`): three rules key the same user name of an authentication
    /// failure, and each kept its own copy of the string in its tables and hashed it again.
    @inline(__always)
    public func name(_ range: Range<Int>?) -> HashedName? {
        guard let range, !range.isEmpty else { return nil }
        if let known = examples.key(for: range) { return known }
        let made = examples.shortName(UnsafeBufferPointer(rebasing: line[range]))
        examples.remember(made, for: range)
        return made
    }
}

/// The example of one observation's line, made at most once (`Observation.example()`). A
/// sink reuses one for all its observations, emptying it before each: rules keep the example,
/// never the observation, so no rule sees an earlier line's (and no allocation per line).
final class ExampleMemo {
    /// The file of every line this memo is used for (a sink's).
    let file: String
    /// The line being observed, and its number: valid only during the observation, as the
    /// observation's own `line` (the example is made from it then or never).
    private(set) var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private(set) var lineNumber = 0
    private var made: LineExample?
    /// The keys last made from the line's ranges (`Observation.key`), newest first.
    private var newest: (range: Range<Int>, key: HashedName)?
    private var older: (range: Range<Int>, key: HashedName)?
    /// Whether an example or a key was made since the last emptying: most observations
    /// (a message's recipients, a delivery) make none, and emptying the three fields for
    /// each of them cost about 90 instructions (callgrind).
    private var holds = false
    /// Short fields' names across lines (`ShortNameCache`): never emptied, as it holds no line.
    private var shortNames = ShortNameCache<HashedName>()

    init(file: String = "") {
        self.file = file
    }

    /// Empty, for the next observation: the line `number` of the file.
    @inline(__always)
    func cleared(line: UnsafeBufferPointer<UInt8>, number: Int) -> ExampleMemo {
        if holds { empty() }
        self.line = line
        lineNumber = number
        return self
    }

    @inline(never)
    private func empty() {
        made = nil
        newest = nil
        older = nil
        holds = false
    }

    /// The line as an example (`Observation.example()`), made on the first ask.
    @inline(__always)
    func example() -> LineExample {
        if let made { return made }
        return make()
    }

    @inline(never)
    private func make() -> LineExample {
        let example = LineExample(file: file, line: lineNumber, bytes: line)
        made = example
        holds = true
        return example
    }

    @inline(__always)
    func key(for range: Range<Int>) -> HashedName? {
        if let newest, newest.range == range { return newest.key }
        if let older, older.range == range { return older.key }
        return nil
    }

    /// The name of a field's bytes (`LogText.key`, hashed), short ones remembered across lines.
    @inline(__always)
    func shortName(_ bytes: UnsafeBufferPointer<UInt8>) -> HashedName {
        shortNames.name(bytes) { HashedName(LogText.key($0)) }
    }

    @inline(__always)
    func remember(_ key: HashedName, for range: Range<Int>) {
        older = newest
        newest = (range, key)
        holds = true
    }
}

/// What a rule may look at when it evaluates, besides its own accumulator.
public struct RuleContext: Sendable {
    /// The merged counts of every input.
    public var summary: ReplySummary
    /// Every input, with its own summary (a rule about a log that stopped looks at each).
    public var inputs: [InputResult]
    /// `--day`, `--since`, `--until`; nil for the whole log.
    public var window: TimeWindow?
    /// How many names a list shows (`--top`).
    public var top: Int
    /// What each authenticated user sent in the hours earlier `--state` runs read; nil without
    /// a state (the rule about account volume then judges by the period read alone).
    public var accountBaseline: AccountBaseline?

    public init(summary: ReplySummary, inputs: [InputResult], window: TimeWindow?, top: Int,
                accountBaseline: AccountBaseline? = nil) {
        self.summary = summary
        self.inputs = inputs
        self.window = window
        self.top = top
        self.accountBaseline = accountBaseline
    }
}
