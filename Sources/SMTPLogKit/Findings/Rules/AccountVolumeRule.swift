extension Finding.Kind {
    /// An authenticated user sending far more in an hour than a threshold, or than they usually do.
    public static let accountVolume = Finding.Kind(rawValue: "account_volume")
}

/// Messages and recipients per authenticated user per hour, judged against fixed thresholds
/// and against the user's own median per active hour: over the period read, and with `--state`
/// over the hours earlier runs read too (`AccountBaseline`, carried in the state). A taken
/// account is used at once and hard: hundreds of messages in the hour after the login.
public struct AccountVolumeRule: FindingRule {
    public struct Config: RuleConfig {
        /// An hour with this many messages, or recipients, from one user is reported whatever
        /// the user usually sends.
        public var messagesPerHour = 100
        public var recipientsPerHour = 500
        /// An hour with this many times the user's median of messages (or recipients) per
        /// active hour is reported...
        public var usualFactor = 10
        /// ...when it has at least this many messages (recipients)...
        public var minMessages = 20
        public var minRecipients = 100
        /// ...and the user has at least this many active hours to take a median of.
        public var minHours = 4
        /// Critical at this many times a fixed threshold, or when an hour is over both a fixed
        /// threshold and the user's usual.
        public var criticalFactor = 2
        public var severity = Severity.warning

        public init() {}

        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "messages_per_hour": messagesPerHour = try value.integer(minimum: 1, maximum: AccountBaseline.maximumCount)
            case "recipients_per_hour": recipientsPerHour = try value.integer(minimum: 1, maximum: AccountBaseline.maximumCount)
            case "usual_factor": usualFactor = try value.integer(minimum: 2, maximum: 1_000_000)
            case "min_messages": minMessages = try value.integer(minimum: 1, maximum: AccountBaseline.maximumCount)
            case "min_recipients": minRecipients = try value.integer(minimum: 1, maximum: AccountBaseline.maximumCount)
            case "min_hours": minHours = try value.integer(minimum: 1, maximum: AccountBaseline.hoursPerUser)
            case "critical_factor": criticalFactor = try value.integer(minimum: 1, maximum: 1_000_000)
            case "severity": severity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    /// What one user sent in one hour.
    public struct HourVolume: TableValue {
        public var messages = 0
        public var recipients = 0
        /// The hour's first message line.
        var example: LineExample?

        public init() {}
        public var weight: Int { messages }

        public static func + (lhs: HourVolume, rhs: HourVolume) -> HourVolume {
            HourVolume(messages: lhs.messages + rhs.messages, recipients: lhs.recipients + rhs.recipients,
                       example: lhs.example ?? rhs.example)
        }

        init(messages: Int, recipients: Int, example: LineExample?) {
            self.messages = messages
            self.recipients = recipients
            self.example = example
        }
    }

    public struct Accumulator: RuleAccumulator {
        public static var topics: ObservationTopics { [.login, .messageFlow] }
        var hours: CappedTable<AccountMessages.Owner, HourVolume>
        var messages: AccountMessages

        public mutating func observe(_ observation: Observation) {
            guard let fact = observation.traffic, let id = fact.id, !id.isEmpty else { return }
            let line = observation.line
            let key = BytesKey(line, id)
            let stamp = observation.epochSeconds.map { UInt32(clamping: $0) }
            // Postfix deliveries never come here (`ObservationTopics.of(_:postfix:afterLogin:)`).
            switch fact.kind {
            case .received:
                guard let user = observation.loginUserName, let time = observation.time else { return }
                let owner = AccountMessages.Owner(user: user, hour: time.hourKey), examples = observation.examples
                hours.update(owner) {
                    $0.messages += 1
                    if $0.example.isNone { $0.example = examples.example() }
                }
                messages.submitted(key, by: owner, at: stamp)
            case .queueActive:
                let placed = messages.recipients(key, at: stamp) {
                    line.firstIndex(of: ", nrcpt=", from: id.upperBound).map { PostfixExtractor.number(line, at: $0 + 8) } ?? -1
                }
                guard let (owner, count) = placed else { return }
                hours.update(owner) { $0.recipients += count }
            case .delivery:
                guard fact.outcome != .deferred, let owner = messages.delivered(key, at: stamp) else { return }
                hours.update(owner) { $0.recipients += 1 }
            case .removed:
                messages.removed(key, at: stamp)
            default:
                return
            }
        }

        public mutating func beginRun() { messages.beginsRun = true }

        public mutating func merge(_ other: Accumulator) {
            var placed: [(AccountMessages.Owner, Int)] = []
            messages.merge(other.messages) { placed.append(($0, $1)) }
            for (owner, count) in placed { hours.update(owner) { $0.recipients += count } }
            hours += other.hours
        }

        public mutating func offsetLineNumbers(by lines: Int) {
            hours.updateAll { $0.example?.line += lines }
        }

        public var tables: [CutTable] {
            [CutTable("messages by user and hour", hours, leftOut: .inNoFinding),
             CutTable("authenticated messages in flight and recipient lines waiting for theirs", messages,
                      leftOut: .inNoFinding)]
        }
    }

    public static let section = "account_volume"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(hours: CappedTable(capacity: capacity), messages: AccountMessages(capacity: capacity))
    }

    /// Each user's hours: the baseline's and this run's, added where they share an hour.
    func history(_ accumulator: Accumulator, baseline: AccountBaseline?) -> [String: [Int: (messages: Int, recipients: Int)]] {
        var history: [String: [Int: (messages: Int, recipients: Int)]] = [:]
        for user in baseline?.users ?? [] {
            for hour in user.hours { history[user.user, default: [:]][hour.hour] = (hour.messages, hour.recipients) }
        }
        for (owner, volume) in accumulator.hours.entries {
            let known = history[owner.user]?[owner.hour] ?? (0, 0)
            history[owner.user, default: [:]][owner.hour] = (known.messages + volume.messages, known.recipients + volume.recipients)
        }
        return history
    }

    /// The baseline the next `--state` run starts from.
    public func baseline(after accumulator: Accumulator, previous: AccountBaseline?) -> AccountBaseline {
        AccountBaseline.bounded(history(accumulator, baseline: previous))
    }

    static func median(_ values: [Int]) -> Int {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    public func evaluate(_ accumulator: Accumulator, in context: RuleContext) -> [Finding] {
        let history = history(accumulator, baseline: context.accountBaseline)
        struct Flagged {
            var user: String
            var hours: [(hour: Int, messages: Int, recipients: Int)] = []
            var messages = 0
            var recipients = 0
            var critical = false
            var usual: (messages: Int, recipients: Int, hours: Int) = (0, 0, 0)
            var examples: [LineExample] = []
        }
        var flagged: [String: Flagged] = [:]
        for (owner, volume) in accumulator.hours.entries.sorted(by: { $0.0 < $1.0 }) {
            guard let hours = history[owner.user], let hour = hours[owner.hour] else { continue }
            let medianMessages = AccountVolumeRule.median(hours.values.map(\.messages))
            let medianRecipients = AccountVolumeRule.median(hours.values.map(\.recipients))
            let overFixed = hour.messages >= config.messagesPerHour || hour.recipients >= config.recipientsPerHour
            let judged = hours.count >= config.minHours
            let overUsual = judged
                && ((hour.messages >= config.minMessages && hour.messages >= config.usualFactor * max(1, medianMessages))
                    || (hour.recipients >= config.minRecipients && hour.recipients >= config.usualFactor * max(1, medianRecipients)))
            guard overFixed || overUsual else { continue }
            let factor = config.criticalFactor
            let critical = (overFixed && overUsual) || hour.messages >= factor * config.messagesPerHour
                || hour.recipients >= factor * config.recipientsPerHour
            var row = flagged[owner.user] ?? Flagged(user: owner.user)
            row.hours.append((owner.hour, hour.messages, hour.recipients))
            row.messages += hour.messages
            row.recipients += hour.recipients
            row.critical = row.critical || critical
            row.usual = (medianMessages, medianRecipients, hours.count)
            if row.examples.count < 2, let example = volume.example { row.examples.append(example) }
            flagged[owner.user] = row
        }
        let ranked = flagged.values.sorted { $0.messages != $1.messages ? $0.messages > $1.messages : $0.user < $1.user }
        let found = ranked.map { row in
            let worst = row.hours.max { $0.messages != $1.messages ? $0.messages < $1.messages : $0.hour > $1.hour }!
            let worstTime = LogTime(packed: worst.hour * 10_000)
            var statement = "One account sending far more than usual: \(row.user) sent "
                + "\(Wording.plural(worst.messages, "message")) to \(Wording.plural(worst.recipients, "recipient")) "
                + "in the hour from \(worstTime)"
            if row.hours.count > 1 {
                statement += " (\(Wording.plural(row.hours.count, "hour")) over, \(Wording.plural(row.messages, "message")) in them)"
            }
            statement += "; thresholds \(config.messagesPerHour.formatted) messages or \(config.recipientsPerHour.formatted) "
                + "recipients an hour; its median is \(Wording.plural(row.usual.messages, "message")) and "
                + "\(Wording.plural(row.usual.recipients, "recipient")) per active hour over \(Wording.plural(row.usual.hours, "hour"))"
            let hours = row.hours.sorted { $0.messages != $1.messages ? $0.messages > $1.messages : $0.hour < $1.hour }
            let hourList = Finding.NameList(entries: hours.prefix(context.top).map {
                Finding.Entry(name: LogTime(packed: $0.hour * 10_000).description, count: $0.messages)
            }, hidden: hours.dropFirst(context.top).reduce(0) { $0 + $1.messages }, distinct: hours.count)
            let first = LogTime(packed: row.hours.map(\.hour).min()! * 10_000)
            let last = LogTime(packed: row.hours.map(\.hour).max()! * 10_000 + 5_959)
            return Finding(kind: .accountVolume, severity: row.critical ? .critical : config.severity, direction: .inbound,
                           code: nil, statement: statement, count: row.messages, primary: .users,
                           subjects: [.users: Finding.NameList(entries: [Finding.Entry(name: row.user, count: row.messages)]),
                                      .hours: hourList],
                           first: first, last: last, examples: row.examples,
                           explanation: AccountVolumeRule.explanation, fix: AccountVolumeRule.fix)
        }
        return AccountFindings.capped(found, top: context.top, noun: "sent far more than usual in an hour")
    }

    static let explanation = """
        An authenticated user submitted far more messages, or to far more recipients, in an hour \
        than the thresholds allow or than the user's own median per active hour: a taken account \
        (a guessed, phished or leaked password) is used at once to send spam or phishing, and the \
        server is blocklisted within hours. A newsletter or a mail merge looks the same: ask the \
        owner before anything else if the volume is expected.
        """

    static let fix = """
        Unless the owner expected this volume, lock the account or reset its password and end \
        its sessions. Hold what it queued before it goes out: Postfix: postsuper -h QUEUEID for \
        each of its messages (mailq | grep the address; postsuper -d to delete them); Exim: \
        exiqgrep -i -f user@domain | xargs exim -Mf (exim -Mrm to remove). Check the server's \
        address against the blocklists (Spamhaus, Barracuda, SpamCop) and the bounces for \
        "blocked" replies, and rate-limit submissions per user (Postfix: a policy service such as \
        postfwd; Exim: ratelimit in the ACL keyed on $authenticated_id).
        """
}
