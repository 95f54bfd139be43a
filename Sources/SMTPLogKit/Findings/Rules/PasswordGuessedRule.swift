extension Finding.Kind {
    /// A successful login shortly after a run of failed logins for the user, from the client or
    /// from its network: a password guessed, an account taken.
    public static let passwordGuessed = Finding.Kind(rawValue: "password_guessed")
}

/// Successful logins (a message submitted after a login: Postfix `client=…, sasl_username=`,
/// Exim `<=` with `A=authenticator:user`) that came within the window after a run of failed
/// logins (530/535) for the same user, from the same client or from its network (/24, /64).
///
/// Each failure is kept as a stamp on its user, client and network (`FailureTrail`); a login
/// looks back over the three. A login near the start of a chunk cannot see the failures of the
/// chunk before: it is kept as pending with its own part of the run, and the merge completes it
/// with the tail of the part before, so that chunks give what one pass gives.
public struct PasswordGuessedRule: FindingRule {
    public struct Config: RuleConfig {
        /// Seconds before a login in which failures count as its run.
        public var window = 3_600
        /// Failures in the window that make a run (1 to `FailureTrail.memory`).
        public var threshold = 5
        /// The prefix lengths that make a client's network.
        public var ipv4Prefix = NetworkPrefix.defaultIPv4
        public var ipv6Prefix = NetworkPrefix.defaultIPv6
        /// A run from the login's own client or network: the guesser itself got in.
        public var severity = Severity.critical
        /// A run only on the user's name, from other clients: weak evidence, since on a busy
        /// server guessers try the real user names all day, and the owner logging in from home
        /// within the hour is no compromise; but it may be a guesser who logged in from elsewhere.
        public var userOnlySeverity = Severity.notice

        public init() {}

        public mutating func read(_ key: String, _ value: ConfigValue) throws(ConfigError) {
            switch key {
            case "window": window = try value.duration()
            case "threshold": threshold = try value.integer(minimum: 1, maximum: FailureTrail.memory)
            case "ipv4_prefix": ipv4Prefix = try value.integer(minimum: 8, maximum: 32)
            case "ipv6_prefix": ipv6Prefix = try value.integer(minimum: 16, maximum: 128)
            case "severity": severity = try value.severity()
            case "user_only_severity": userOnlySeverity = try value.severity()
            default: throw value.unknownKey()
            }
        }
    }

    /// Which subject a run of failures was on.
    enum Subject: Int, CaseIterable, Sendable {
        case user, client, network

        func key(_ name: HashedName) -> TrailKey { TrailKey(subject: UInt8(rawValue), key: name) }
        func key(_ name: String) -> TrailKey { key(HashedName(name)) }

        var words: String {
            switch self {
            case .user: "for the user"
            case .client: "from the client"
            case .network: "from its network"
            }
        }
    }

    /// A user, client or network whose failed logins are kept; the name hashed once
    /// (`HashedName`) for the three tables a failure updates and the login's look-ups.
    struct TrailKey: Hashable, Comparable, Sendable {
        var subject: UInt8
        var key: HashedName
        var name: String { key.string }

        static func < (lhs: TrailKey, rhs: TrailKey) -> Bool {
            lhs.subject != rhs.subject ? lhs.subject < rhs.subject : lhs.key < rhs.key
        }

        /// Without a `Hasher` run per look-up, as `HashedName`'s own.
        @inline(__always)
        func _rawHashValue(seed: Int) -> Int {
            key._rawHashValue(seed: HashedName.mixed(Int(subject), seed: seed))
        }
    }

    /// The logins near the start of a part, waiting for the part before (`PendingLogin`):
    /// a capped list like the tables, so that what it could not keep is said.
    struct PendingLogins: Sendable, Equatable, CappedList {
        static let limit = 4_096
        var items: [PendingLogin] = []
        /// Logins judged without the part before because the list was full.
        var overflow = 0

        var capacity: Int { PendingLogins.limit }
        var listedKeys: Int { items.count }
        var listedEvents: Int { items.count }
        var otherEvents: Int { overflow }
        var droppedKeys: Int { overflow }
        var isFull: Bool { items.count >= PendingLogins.limit }

        /// Appends `login` (the list is not full), its room grown as `MappedGrowth` says: the
        /// logins of a part's first hour are a mapped block of up to a megabyte.
        mutating func append(_ login: PendingLogin) {
            if items.count == items.capacity {
                items.reserveCapacity(MappedGrowth.room(after: items.capacity, limit: PendingLogins.limit, of: PendingLogin.self))
            }
            items.append(login)
        }
    }

    /// One user's logins that came after a run: how many, the longest run before one of them
    /// and the lines of the earliest.
    public struct GuessedLogin: TableValue {
        public var logins = 0
        /// The run before the earliest of them: failures, and its first and last stamps.
        var run = 0
        var runFirst: UInt32 = 0
        var runLast: UInt32 = 0
        /// Subjects that had a run (`1 << Subject.rawValue`).
        var subjects: UInt8 = 0
        var firstLogin = 0
        var lastLogin = 0
        /// The earliest such login's last failure and its own line, and its client.
        var examples: [LineExample] = []
        var client: String?

        public init() {}
        public var weight: Int { logins }

        /// `rhs` comes after `lhs`; the earlier login's lines and the longer run are kept
        /// whichever part found them, so that the order the parts were settled in does not matter.
        public static func + (lhs: GuessedLogin, rhs: GuessedLogin) -> GuessedLogin {
            guard lhs.logins > 0 else { return rhs }
            guard rhs.logins > 0 else { return lhs }
            var merged = lhs
            merged.logins += rhs.logins
            merged.subjects |= rhs.subjects
            merged.firstLogin = min(lhs.firstLogin, rhs.firstLogin)
            merged.lastLogin = max(lhs.lastLogin, rhs.lastLogin)
            if rhs.firstLogin < lhs.firstLogin {
                merged.run = rhs.run
                merged.runFirst = rhs.runFirst
                merged.runLast = rhs.runLast
                merged.examples = rhs.examples
                merged.client = rhs.client
            }
            return merged
        }

        mutating func offsetExampleLines(by lines: Int) {
            for index in examples.indices { examples[index].line += lines }
        }
    }

    /// A login near the start of a part, not judged yet: its own part of each subject's run.
    struct PendingLogin: Sendable, Equatable {
        var stamp: UInt32
        var time: LogTime
        var user: HashedName
        var client: HashedName?
        var network: HashedName?
        /// Per `Subject`: the failures this part saw within the window before the login, and
        /// the subject's latest failure line. Held in the record (`PerSubject`), not in arrays
        /// of three: a part's first hour of logins waits here, up to 4,096 per part on every
        /// core, and the two arrays were 224 bytes of heap a login.
        var own: PerSubject<[UInt32]>
        var ownExamples: PerSubject<LineExample?>
        var example: LineExample

        func key(_ subject: Subject) -> TrailKey? {
            switch subject {
            case .user: subject.key(user)
            case .client: client.map(subject.key)
            case .network: network.map(subject.key)
            }
        }
    }

    /// One value per `Subject`, stored in place.
    struct PerSubject<Value: Sendable & Equatable>: Sendable, Equatable {
        var user: Value
        var client: Value
        var network: Value

        init(_ make: (Subject) -> Value) {
            user = make(.user)
            client = make(.client)
            network = make(.network)
        }

        subscript(subject: Subject) -> Value {
            get {
                switch subject {
                case .user: user
                case .client: client
                case .network: network
                }
            }
            set {
                switch subject {
                case .user: user = newValue
                case .client: client = newValue
                case .network: network = newValue
                }
            }
        }
    }

    public struct Accumulator: RuleAccumulator {
        public static var topics: ObservationTopics { [.inboundAuthFailure, .login] }
        let config: Config
        /// Failures by subject: user, client, network.
        var failures: CappedTable<TrailKey, FailureTrail>
        var guessed: CappedTable<HashedName, GuessedLogin>
        /// Clients and networks the guessed logins came from, by user.
        var clients: NamePairs<HashedName>
        var networks: NamePairs<HashedName>
        var pending = PendingLogins()
        /// The earliest stamp this part observed: a login within the window after it may have
        /// failures in the part before.
        var partFirst: UInt32?
        /// The latest stamp observed, and the one at which the failures' lines are next looked
        /// over for stale ones (`dropStaleExamples`).
        var partLast: UInt32 = 0
        var nextSweep: UInt32 = 0
        /// The first part of the run (`beginRun`): no part will come before it, so a login near
        /// its start is judged at once, as any other, instead of waiting with copies of its runs
        /// and lines (on a log of a few hours, most logins; about 3,000 instructions each).
        var beginsRun = false

        public mutating func beginRun() { beginsRun = true }

        public mutating func observe(_ observation: Observation) {
            guard let time = observation.time, let seconds = observation.epochSeconds else { return }
            let stamp = UInt32(clamping: seconds)
            if partFirst == nil || stamp < partFirst! { partFirst = stamp }
            if stamp > partLast {
                partLast = stamp
                if stamp >= nextSweep { dropStaleExamples() }
            }
            if let event = observation.reply {
                let example = observation.example()
                if let client = observation.peerName {
                    failures.update(Subject.client.key(client)) { $0.record(stamp, example: example) }
                    if let network = observation.networkName(ipv4: config.ipv4Prefix, ipv6: config.ipv6Prefix) {
                        failures.update(Subject.network.key(network)) { $0.record(stamp, example: example) }
                    }
                }
                if let user = observation.name(event.saslUser) {
                    failures.update(Subject.user.key(user)) { $0.record(stamp, example: example) }
                }
                return
            }
            guard let user = observation.loginUserName else { return }
            let client = observation.peerName
            let network = observation.networkName(ipv4: config.ipv4Prefix, ipv6: config.ipv6Prefix)
            // The trails' rows, read in place: a copy of each (`value(for:)`) was a retain and a
            // release of its stamps and line for every login, nearly all of which had no failure.
            let userRow = failures.position(of: Subject.user.key(user))
            let clientRow = client.flatMap { failures.position(of: Subject.client.key($0)) }
            let networkRow = network.flatMap { failures.position(of: Subject.network.key($0)) }
            // Near the part's start, the part before may hold more of the run (or all of it):
            // judged once merged with it, or at the end when there is none. Elsewhere, a login
            // with no failure of its subjects within the window (nearly all) is done here, with
            // no array made for it.
            let nearStart = !beginsRun && Int(stamp) - config.window < Int(partFirst!)
            let window = config.window
            func failed(_ row: Int?) -> Bool {
                guard let row else { return false }
                return failures.values[row].hasFailure(endingAt: stamp, window: window)
            }
            guard nearStart || failed(userRow) || failed(clientRow) || failed(networkRow) else { return }
            func row(_ subject: Subject) -> Int? {
                switch subject {
                case .user: userRow
                case .client: clientRow
                case .network: networkRow
                }
            }
            guard !nearStart else {
                let login = PendingLogin(stamp: stamp, time: time, user: user, client: client, network: network,
                                         own: PerSubject { row($0).map { failures.values[$0].run(endingAt: stamp, window: window) } ?? [] },
                                         ownExamples: PerSubject { row($0).flatMap { failures.values[$0].lastExample } },
                                         example: observation.example())
                wait(login)
                return
            }
            // Judged now: the runs counted in place, and the lines made only for a login that
            // keeps them (its user's first guessed login).
            let runs = PerSubject { row($0).map { failures.values[$0].runSummary(endingAt: stamp, window: window) } ?? FailureTrail.Run() }
            guard let best = Accumulator.best(of: runs, threshold: config.threshold) else { return }
            let failure = row(best).flatMap { failures.values[$0].lastExample }
            let examples = observation.examples
            record(time: time, user: user, client: client, network: network, runs: runs, best: best, failure: failure,
                   login: { examples.example() })
        }

        /// Lets go of the failures' lines that no login can show any more: those of subjects
        /// whose latest failure is more than twice the window before the latest stamp (the
        /// window for the run, once more for lines out of order). Each failure's line was kept
        /// until the subject's next failure: on the 1 GB log, the lines of long-gone guessers
        /// were a tenth of the heap on one core, and a part's tables waiting for their join
        /// kept theirs too. Looked over once per window of log time.
        mutating func dropStaleExamples() {
            let span = UInt32(clamping: 2 * max(config.window, 1))
            nextSweep = partLast &+ UInt32(clamping: max(config.window, 1))
            if nextSweep < partLast { nextSweep = .max }
            guard partLast > span else { return }
            let before = partLast - span
            failures.updateAll { $0.dropExample(ifBefore: before) }
        }

        /// Keeps `login` for the part before, or judges it now on what this part knows when the
        /// list is full (counted in `pending.overflow`).
        private mutating func wait(_ login: PendingLogin) {
            guard !pending.isFull else {
                pending.overflow += 1
                settle(login)
                return
            }
            pending.append(login)
        }

        /// The logins still pending judged on what is known: nothing comes before the first part.
        func settled() -> Accumulator {
            var done = self
            for login in pending.items { done.settle(login) }
            done.pending.items = []
            return done
        }

        /// Records `login` as guessed when one of its subjects had a run; true when it did.
        @discardableResult
        private mutating func settle(_ login: PendingLogin) -> Bool {
            let runs = PerSubject { FailureTrail.Run(login.own[$0]) }
            guard let best = Accumulator.best(of: runs, threshold: config.threshold) else { return false }
            // The closure holds the line alone: holding `login` it copied the whole pending login
            // (its names, stamps and lines), a retain and a release of each, for every one settled.
            let example = login.example
            record(time: login.time, user: login.user, client: login.client, network: login.network, runs: runs,
                   best: best, failure: login.ownExamples[best], login: { example })
            return true
        }

        /// The subject with the longest run at or over the threshold (the first of equals, in
        /// `Subject` order); nil when none reached it.
        static func best(of runs: PerSubject<FailureTrail.Run>, threshold: Int) -> Subject? {
            var best: Subject?
            for subject in Subject.allCases where runs[subject].count >= threshold {
                if best == nil || runs[subject].count > runs[best!].count { best = subject }
            }
            return best
        }

        /// Records a login after a run (`best`, the longest, at or over the threshold): `failure`
        /// is the best subject's latest failure line, `login` the login's own line, asked for
        /// only when this login keeps its lines.
        private mutating func record(time: LogTime, user: HashedName, client: HashedName?, network: HashedName?,
                                     runs: PerSubject<FailureTrail.Run>, best: Subject, failure: LineExample?,
                                     login: () -> LineExample) {
            let run = runs[best]
            var row = GuessedLogin()
            row.logins = 1
            row.run = run.count
            row.runFirst = run.first
            row.runLast = run.last
            for subject in Subject.allCases where runs[subject].count >= config.threshold {
                row.subjects |= 1 << UInt8(subject.rawValue)
            }
            row.firstLogin = time.packed
            row.lastLogin = time.packed
            // Only the user's earliest such login keeps its run and lines: a later one (the
            // messages that follow a taken login) is counted and costs no strings. Its row is
            // read in place (a copy was a retain and a release of its lines).
            if let position = guessed.position(of: user), guessed.values[position].logins > 0,
               guessed.values[position].firstLogin <= row.firstLogin {
                let subjects = row.subjects, last = row.lastLogin
                guessed.update(user) {
                    $0.logins += 1
                    $0.subjects |= subjects
                    $0.lastLogin = max($0.lastLogin, last)
                }
                if let client { clients.add(subject: user, name: client) }
                if let network { networks.add(subject: user, name: network) }
                return
            }
            // The run's last failure, when it names the user or the login's client (a run of the
            // network may be another host's: its line would name none of the finding's subjects).
            let named = failure.flatMap { example -> LineExample? in
                let named = [user, client].contains { $0.map { Accumulator.names(example.text, $0.string) } ?? false }
                return named ? example : nil
            }
            row.examples = [named, login()].compactMap { $0 }
            row.client = client?.string
            guessed.update(user) { $0 = $0 + row }
            if let client { clients.add(subject: user, name: client) }
            if let network { networks.add(subject: user, name: network) }
        }

        /// Whether `text` holds `name`, neither case counting (`name` not empty). ASCII text
        /// and names (all but a few) are searched byte by byte: `String.contains` compares
        /// characters, about 78,000 instructions a line (callgrind); `\r`, which joins the
        /// `\n` after it into one character, and any other byte go the careful way.
        static func names(_ text: String, _ name: String) -> Bool {
            guard !name.isEmpty else { return false }
            var text = text, name = name
            let fast = text.withUTF8 { haystack in
                name.withUTF8 { needle -> Bool? in
                    @inline(__always) func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != 0x0D }
                    guard haystack.allSatisfy(plain), needle.allSatisfy(plain) else { return nil }
                    guard needle.count <= haystack.count else { return false }
                    let first = asciiLower(needle[0])
                    for start in 0...(haystack.count - needle.count) where asciiLower(haystack[start]) == first {
                        var index = 1
                        while index < needle.count, asciiLower(haystack[start + index]) == asciiLower(needle[index]) { index += 1 }
                        if index == needle.count { return true }
                    }
                    return false
                }
            }
            return fast ?? namesSlowly(text, name)
        }

        /// `names` by characters, as it was asked before the byte search (tests compare the two).
        static func namesSlowly(_ text: String, _ name: String) -> Bool {
            !name.isEmpty && text.lowercased().contains(name.lowercased())
        }

        public mutating func merge(_ other: Accumulator) {
            // Logins near the start of `other`, completed with this part's failures.
            var waiting: [PendingLogin] = []
            let window = config.window
            for var login in other.pending.items {
                for subject in Subject.allCases {
                    // The trail read in place (a copy of it was a retain and a release of its
                    // stamps and line), and a list made only when it failed in the window; two
                    // lists in order are joined without a sort (`FailureTrail.latest`).
                    guard let key = login.key(subject), let row = failures.position(of: key) else { continue }
                    failures.values.withUnsafeBufferPointer { trails in
                        if trails[row].hasFailure(endingAt: login.stamp, window: window) {
                            let earlier = trails[row].run(endingAt: login.stamp, window: window)
                            login.own[subject] = FailureTrail.latest(earlier[...], then: login.own[subject][...])
                        } else if !login.own[subject].isAscending {
                            // At most `memory` stamps already: sorted, as the join above leaves them.
                            login.own[subject].sort()
                        }
                        if login.ownExamples[subject].isNone { login.ownExamples[subject] = trails[row].lastExample }
                    }
                }
                if !beginsRun, partFirst.map({ Int(login.stamp) - config.window < Int($0) }) ?? true {
                    waiting.append(login)
                } else {
                    settle(login)
                }
            }
            failures += other.failures
            guessed += other.guessed
            clients += other.clients
            networks += other.networks
            for login in waiting { wait(login) }
            pending.overflow += other.pending.overflow
            if let first = other.partFirst, partFirst == nil || first < partFirst! { partFirst = first }
            // The joined failures' lines looked over as one part's would be: the lines this
            // part kept for subjects `other` never saw are the ones that go stale in a join.
            partLast = max(partLast, other.partLast)
            dropStaleExamples()
        }

        public mutating func offsetLineNumbers(by lines: Int) {
            failures.updateAll { $0.offsetExampleLine(by: lines) }
            guessed.updateAll { $0.offsetExampleLines(by: lines) }
            for index in pending.items.indices {
                pending.items[index].example.line += lines
                for subject in Subject.allCases {
                    pending.items[index].ownExamples[subject]?.line += lines
                }
            }
        }

        public var tables: [CutTable] {
            [CutTable("failed logins by user, client and network", failures, leftOut: .inNoFinding),
             CutTable("guessed logins by user", guessed, leftOut: .inNoFinding),
             CutTable("clients by user", clients, leftOut: .notListed),
             CutTable("networks by user", networks, leftOut: .notListed),
             CutTable("logins near a chunk's start (beyond: judged without the chunk before)", pending, leftOut: .inNoFinding)]
        }
    }

    public static let section = "password_guessed"
    public let config: Config
    public init(config: Config) { self.config = config }

    public func makeAccumulator(capacity: Int) -> Accumulator {
        Accumulator(config: config, failures: CappedTable(capacity: capacity), guessed: CappedTable(capacity: capacity),
                    clients: NamePairs(capacity: capacity), networks: NamePairs(capacity: capacity))
    }

    public func evaluate(_ merged: Accumulator, in context: RuleContext) -> [Finding] {
        let accumulator = merged.settled()
        let users = accumulator.guessed.top(accumulator.guessed.count)
        let clientsByUser = accumulator.clients.namesBySubject(top: context.top)
        let networksByUser = accumulator.networks.namesBySubject(top: context.top)
        let found = users.map { user, row in
            let clients = clientsByUser[user] ?? Finding.NameList(entries: [])
            let networks = networksByUser[user] ?? Finding.NameList(entries: [])
            let runFirst = LogTime(epochSeconds: Int(row.runFirst)), runLast = LogTime(epochSeconds: Int(row.runLast))
            let by = Subject.allCases.filter { row.subjects & (1 << UInt8($0.rawValue)) != 0 }.map(\.words)
            var statement = "Password guessed: \(user.string) logged in"
            if let client = row.client { statement += " from \(client)" }
            statement += " after a run of \(Wording.plural(row.run, "failed login")) \(by.joined(separator: " and ")) "
                + "within \(Wording.duration(config.window)) (\(runFirst) to \(runLast))"
            statement += " at \(LogTime(packed: row.firstLogin))"
            if row.logins > 1 {
                statement += "; \(Wording.plural(row.logins, "message")) submitted within the window after such runs, "
                    + "from \(Wording.plural(clients.distinct, "client"))"
            }
            var subjects: [Finding.Role: Finding.NameList] = [.users: Finding.NameList(entries: [Finding.Entry(name: user.string, count: row.logins)])]
            if !clients.isEmpty { subjects[.clients] = clients }
            if !networks.isEmpty { subjects[.networks] = networks }
            let fromGuesser = row.subjects & (1 << UInt8(Subject.client.rawValue) | 1 << UInt8(Subject.network.rawValue)) != 0
            return Finding(kind: .passwordGuessed, severity: fromGuesser ? config.severity : config.userOnlySeverity, direction: .inbound, code: 535,
                           topic: "auth_failed", statement: statement, count: row.run + row.logins, primary: .users,
                           subjects: subjects, first: runFirst, last: LogTime(packed: row.lastLogin),
                           examples: row.examples, explanation: PasswordGuessedRule.explanation,
                           fix: PasswordGuessedRule.fix)
        }
        return AccountFindings.capped(found, top: context.top, noun: "logged in after a run of failed logins")
    }

    static let explanation = """
        A login succeeded shortly after a run of failed logins for the same user, from the same \
        client or from its network: someone guessed or knew the password, and the messages \
        submitted after it are theirs. A taken account sends spam or phishing through the server, \
        which gets it blocklisted within hours.
        """

    static let fix = """
        Lock the account or reset its password at once, and end its sessions (doveadm kick, or \
        restart the submission service). Hold the mail it queued before it goes out: Postfix: \
        mailq | grep the user's address, then postsuper -h QUEUEID (postsuper -d to delete); \
        Exim: exiqgrep -i -f user@domain | xargs exim -Mf (exim -Mrm to remove). Check the \
        server's address against the blocklists (Spamhaus, Barracuda, SpamCop) and request \
        delisting once the account is locked. Then block the guessing clients (fail2ban's \
        postfix-sasl or exim jail) and offer logins only on the submission ports with TLS.
        """
}
