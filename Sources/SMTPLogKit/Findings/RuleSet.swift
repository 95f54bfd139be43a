import Dispatch
/// The rules of a run, each with its configuration. `registry` lists every rule smtplog has:
/// adding a finding is adding its rule file and one line here.
public struct RuleSet: Sendable {
    public static let registry: [any FindingRule.Type] = [
        ClientAuthFailuresRule.self,
        NetworkGuessingRule.self,
        PasswordGuessedRule.self,
        AccountNetworksRule.self,
        AccountVolumeRule.self,
        RelayHostAuthRule.self,
        RelayRefusalsRule.self,
        RefusedToUsRule.self,
        DeferralsRule.self,
        PolicyBlocksRule.self,
        BouncesRule.self,
        InvalidRecipientsRule.self,
        LocalFailuresRule.self,
        DeliveryFailuresRule.self,
        StoppedLogRule.self,
    ]

    public private(set) var rules: [any FindingRule]

    /// Every rule with its defaults, which `Config/smtplog.yml` documents.
    public init() {
        rules = RuleSet.registry.map { $0.withDefaults() }
    }

    /// The configured rule of a type.
    public func rule<Rule: FindingRule>(_ type: Rule.Type) -> Rule? {
        rules.lazy.compactMap { $0 as? Rule }.first
    }

    /// Changes the configuration of the rule of a type, as a configuration file would.
    public mutating func configure<Rule: FindingRule>(_ type: Rule.Type, _ change: (inout Rule.Config) -> Void) {
        guard let index = rules.firstIndex(where: { $0 is Rule }), var config = (rules[index] as? Rule)?.config else { return }
        change(&config)
        rules[index] = Rule(config: config)
    }

    /// The configured rule whose section is `name`, by index.
    func index(ofSection name: String) -> Int? {
        rules.firstIndex { type(of: $0).section == name }
    }

    /// Reads one key of one section into the rule that owns it.
    mutating func read(section index: Int, key: String, _ value: ConfigValue) throws(ConfigError) {
        rules[index] = try rules[index].reading(key, value)
    }

    /// The most keys a rule's table keeps. The rules' tables only feed findings, which show the
    /// most counted subjects and names, so they keep fewer keys than the summary's lists, as the
    /// "top peers" lists do; each row also holds more (times, codes, the subject's first line).
    /// A client of a botnet gets a row in several tables on each core (failed logins, hosts by
    /// network, relay refusals): at 50,000 rows a table, 200,000 such clients took 276 MiB on two
    /// cores, at 20,000 127 MiB (`.ci/bench-cardinality`).
    public static let tableCapacity = 20_000

    /// One accumulator per rule, for one input (or chunk); `capacity` is the summary's key
    /// capacity, which bounds the rules' tables too when it is below `tableCapacity`.
    public func makeAccumulators(capacity: Int) -> RuleAccumulators {
        RuleAccumulators(rules.map { $0.makeAccumulator(capacity: min(capacity, RuleSet.tableCapacity)) })
    }

    /// Every rule's findings on the merged accumulators, most severe first. A finding of a rule
    /// whose lists were cut says so in its statement (`CutTable.statementNote`): its counts
    /// leave out, or do not name, what the lists dropped.
    ///
    /// With `threads` above one the rules are judged on that many cores, each taking the next
    /// rule as it is done: a rule reads only its own accumulator and the context. The end of a
    /// run is one core's, the others idle: on the 1 GB benchmark log the rules took 184 M
    /// instructions there (callgrind), the largest 54 M. The findings are gathered in the rules'
    /// order and sorted as one pass makes them, whichever rule was done first.
    public func findings(from accumulators: RuleAccumulators, in context: RuleContext, threads: Int = 1) -> [Finding] {
        let pairs = Array(zip(rules, accumulators.items))
        @Sendable func judged(_ rule: Int) -> [Finding] {
            let (judge, accumulator) = pairs[rule]
            var found = judge.evaluateAny(accumulator, in: context)
            let notes = accumulator.tables.filter(\.isCut).map(\.statementNote)
            if !notes.isEmpty {
                for index in found.indices { found[index].statement += "; " + notes.joined(separator: "; ") }
            }
            return found
        }
        var byRule: [[Finding]]
        if threads > 1, pairs.count > 1 {
            let results = JobResults<[Finding]>(count: pairs.count)
            let next = JobCounter()
            DispatchQueue.concurrentPerform(iterations: min(threads, pairs.count)) { _ in
                while let rule = next.take(below: pairs.count) { results.store(judged(rule), at: rule) }
            }
            byRule = results.values.map { $0 ?? [] }
        } else {
            byRule = pairs.indices.map(judged)
        }
        return byRule.flatMap { $0 }.sorted(by: Finding.ranksBefore)
    }

    /// The merged accumulator of the rule of a type, for what a rule carries beyond its
    /// findings (the account baseline a `--state` run saves).
    public func accumulator<Rule: FindingRule>(of type: Rule.Type, in accumulators: RuleAccumulators) -> Rule.Accumulator? {
        guard let index = rules.firstIndex(where: { $0 is Rule }) else { return nil }
        return accumulators.items[index] as? Rule.Accumulator
    }

    /// The lists of the rules' merged accumulators that were cut, each named with its rule.
    public func cutTables(of accumulators: RuleAccumulators) -> [CutTable] {
        zip(rules, accumulators.items).flatMap { rule, accumulator in
            accumulator.tables.filter(\.isCut).map { table in
                var named = table
                named.rule = type(of: rule).section
                return named
            }
        }
    }

    /// Equal when every rule has the same configuration.
    public func hasSameConfiguration(as other: RuleSet) -> Bool {
        rules.count == other.rules.count && zip(rules, other.rules).allSatisfy { $0.hasSameConfig(as: $1) }
    }
}

extension FindingRule {
    static func withDefaults() -> any FindingRule { Self(config: Config()) }

    func reading(_ key: String, _ value: ConfigValue) throws(ConfigError) -> any FindingRule {
        var config = self.config
        try config.read(key, value)
        return Self(config: config)
    }

    func makeAccumulator(capacity: Int) -> any RuleAccumulator {
        let made: Accumulator = makeAccumulator(capacity: capacity)
        return made
    }

    func evaluateAny(_ accumulator: any RuleAccumulator, in context: RuleContext) -> [Finding] {
        guard let typed = accumulator as? Accumulator else { return [] }
        return evaluate(typed, in: context)
    }

    func hasSameConfig(as other: any FindingRule) -> Bool {
        guard let other = other as? Self else { return false }
        return config == other.config
    }
}

/// One accumulator per rule, fed by the line loop and merged with `+=` like the summary.
public struct RuleAccumulators: Sendable {
    private(set) var items: [any RuleAccumulator]
    /// Each item's topics, and all of them together: a line no rule wants is never made into
    /// an observation.
    private let topics: [ObservationTopics]
    public let wanted: ObservationTopics
    /// For each topic's bit, the items that want it, as the bits of their indexes (for up to
    /// 64 items; empty past that, and every item's topics are tested). An observation finds
    /// its few rules at once: testing the topics of all fifteen, for each of the 300,000
    /// observations of a 200 MB log, was about 60 instructions each (callgrind).
    private let itemsByTopic: [UInt64]

    init(_ items: [any RuleAccumulator]) {
        self.items = items
        topics = items.map { type(of: $0).topics }
        wanted = topics.reduce([]) { $0.union($1) }
        var byTopic = [UInt64](repeating: 0, count: ObservationTopics.RawValue.bitWidth)
        for (index, itemTopics) in topics.enumerated() where index < UInt64.bitWidth {
            for bit in byTopic.indices where itemTopics.rawValue & (1 << bit) != 0 { byTopic[bit] |= 1 << UInt64(index) }
        }
        itemsByTopic = items.count <= UInt64.bitWidth ? byTopic : []
    }

    /// Shows `observation` to the items that want one of its topics, in their order.
    @inline(__always)
    public mutating func observe(_ observation: Observation) {
        guard !itemsByTopic.isEmpty else {
            for index in items.indices where !topics[index].isDisjoint(with: observation.topics) {
                items[index].observe(observation)
            }
            return
        }
        var topicBits = observation.topics.rawValue
        var wanting: UInt64 = 0
        while topicBits != 0 {
            wanting |= itemsByTopic[topicBits.trailingZeroBitCount]
            topicBits &= topicBits &- 1
        }
        while wanting != 0 {
            items[wanting.trailingZeroBitCount].observe(observation)
            wanting &= wanting &- 1
        }
    }

    public mutating func offsetLineNumbers(by lines: Int) {
        for index in items.indices { items[index].offsetLineNumbers(by: lines) }
    }

    /// Marks every accumulator as the first part of the run (`RuleAccumulator.beginRun`).
    public mutating func beginRun() {
        for index in items.indices { items[index].beginRun() }
    }

    /// Adds `other`, which must come from the same rule set and after `self` in the log.
    public static func += (lhs: inout RuleAccumulators, rhs: RuleAccumulators) {
        precondition(lhs.items.count == rhs.items.count, "accumulators of different rule sets")
        for index in lhs.items.indices { lhs.items[index].mergeAny(rhs.items[index]) }
    }

    /// Adds `other` as `+=` does, and lets go of each of its accumulators as soon as it is
    /// merged: `other` is left holding none (`NoAccumulator`s), fit only to be dropped. When the
    /// caller held the only copy, a chunk's tables are freed one rule at a time during its join
    /// instead of all at its end, so that the join's peak holds fewer of them beside the total.
    public mutating func absorb(_ other: inout RuleAccumulators) {
        precondition(items.count == other.items.count, "accumulators of different rule sets")
        for index in items.indices {
            let part = other.items[index]
            other.items[index] = NoAccumulator()
            items[index].mergeAny(part)
        }
    }
}

extension RuleAccumulator {
    mutating func mergeAny(_ other: any RuleAccumulator) {
        guard let other = other as? Self else { preconditionFailure("accumulators of different rules") }
        merge(other)
    }
}

/// The accumulator of a rule that needs none: it evaluates from the summaries alone.
public struct NoAccumulator: RuleAccumulator, Codable {
    public static var topics: ObservationTopics { [] }
    public init() {}
    public mutating func observe(_ observation: Observation) {}
    public mutating func merge(_ other: NoAccumulator) {}
    public mutating func offsetLineNumbers(by lines: Int) {}
}
