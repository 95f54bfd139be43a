/// What each authenticated user usually sends, carried between `--state` runs: the messages and
/// recipients of the user's latest active hours. A run reading one hour of log judges that hour
/// against the hours the runs before it read.
///
/// Bounded: at most `maximumUsers` users (the most recently active kept), each with at most
/// `hoursPerUser` hours (the latest); about 40 bytes an hour in the state file, so at most a few
/// MiB. An hour split between two runs is one hour: the second run adds to it.
public struct AccountBaseline: Codable, Sendable, Equatable {
    public static let maximumUsers = 10_000
    public static let hoursPerUser = 24
    /// Far above any real hour, far below an overflow when added to.
    public static let maximumCount = 1_000_000_000

    /// One active hour of one user.
    public struct Hour: Codable, Sendable, Equatable {
        /// `yyyymmddhh` of the log's clock.
        public var hour: Int
        public var messages: Int
        public var recipients: Int

        public init(hour: Int, messages: Int, recipients: Int) {
            self.hour = hour
            self.messages = messages
            self.recipients = recipients
        }
    }

    public struct User: Codable, Sendable, Equatable {
        public var user: String
        /// Oldest first.
        public var hours: [Hour]

        public init(user: String, hours: [Hour]) {
            self.user = user
            self.hours = hours
        }
    }

    /// By user name.
    public var users: [User]

    public init(users: [User] = []) {
        self.users = users
    }

    /// The hours of each user, by name.
    public var byUser: [String: [Hour]] {
        Dictionary(users.map { ($0.user, $0.hours) }, uniquingKeysWith: { first, _ in first })
    }

    /// `history` (the baseline's hours and the run's, added where they share an hour) cut to
    /// the bounds: the latest hours of each user, the most recently active users, by name.
    public static func bounded(_ history: [String: [Int: (messages: Int, recipients: Int)]]) -> AccountBaseline {
        var users: [User] = history.compactMap { user, hours in
            let kept = hours.keys.sorted().suffix(hoursPerUser).map { hour in
                Hour(hour: hour, messages: min(hours[hour]!.messages, maximumCount),
                     recipients: min(hours[hour]!.recipients, maximumCount))
            }
            return kept.isEmpty || user.isEmpty ? nil : User(user: String(user.prefix(LogText.keyLimit)), hours: kept)
        }
        if users.count > maximumUsers {
            users.sort { ($0.hours.last!.hour, $1.user) > ($1.hours.last!.hour, $0.user) }
            users.removeLast(users.count - maximumUsers)
        }
        users.sort { $0.user < $1.user }
        return AccountBaseline(users: users)
    }

    /// What is out of range, or nil: a damaged or edited state gives a warning and no
    /// baseline, never a wrapped count or an hour that is no hour.
    func problem() -> String? {
        if users.count > AccountBaseline.maximumUsers {
            return "accounts: \(users.count) users, more than \(AccountBaseline.maximumUsers)"
        }
        var seen = Set<String>()
        for (index, user) in users.enumerated() {
            let name = "accounts: user \(index + 1)"
            if user.user.isEmpty || user.user.utf8.count > 4 * LogText.keyLimit { return "\(name): name empty or too long" }
            if !seen.insert(user.user).inserted { return "\(name): given twice" }
            if user.hours.isEmpty || user.hours.count > AccountBaseline.hoursPerUser {
                return "\(name): \(user.hours.count) hours (1 to \(AccountBaseline.hoursPerUser))"
            }
            var previous = 0
            for hour in user.hours {
                guard AccountBaseline.isHour(hour.hour), hour.hour > previous else {
                    return "\(name): hour \(hour.hour) is not a yyyymmddhh hour after the one before"
                }
                previous = hour.hour
                for count in [hour.messages, hour.recipients] where !(0...AccountBaseline.maximumCount).contains(count) {
                    return "\(name): count \(count) out of range (0 to \(AccountBaseline.maximumCount))"
                }
            }
        }
        return nil
    }

    static func isHour(_ key: Int) -> Bool {
        let year = key / 1_000_000, month = key / 10_000 % 100, day = key / 100 % 100, hour = key % 100
        return (1970...9999).contains(year) && (1...12).contains(month) && (1...31).contains(day) && (0...23).contains(hour)
    }
}
