/// The networks each user logged in from within each span of time, for the rule about one
/// account used from many places (`AccountNetworksRule`).
///
/// Spans lie on two grids of `window` seconds, the second shifted by half a window: every set of
/// logins within half a window lies in one span, and no span is longer than the window. A span
/// is kept while it can still change: while the log has not passed its end, or when it began
/// before this part's first login (the part before may hold more of it). Once closed, it is
/// dropped, or kept in `busy` when it has more networks than the threshold. So the memory is the
/// users active in the last window, not every user and hour of the log, and the merge of parts
/// is exact: a span open at the end of one part is completed by the next.
struct NetworkSpans: Sendable, Equatable, CappedList {
    /// Distinct networks counted per span at most (a span at the limit is far over any threshold).
    static let networkLimit = 64

    /// One user in one span; the user hashed once per login (`HashedName`).
    struct Key: Hashable, Comparable, Sendable {
        var userKey: HashedName
        /// Seconds since the epoch (log clock) of the span's start.
        var start: Int
        var user: String { userKey.string }

        static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.userKey != rhs.userKey ? lhs.userKey < rhs.userKey : lhs.start < rhs.start
        }

        /// Without a `Hasher` run per look-up, as `HashedName`'s own.
        @inline(__always)
        func _rawHashValue(seed: Int) -> Int {
            userKey._rawHashValue(seed: HashedName.mixed(start, seed: seed))
        }
    }

    let window: Int
    let threshold: Int
    let capacity: Int
    /// Spans that may still gain networks.
    /// Networks as `HashedName`s: a span's list is searched on every login, and unequal
    /// networks differ by their hashes.
    private(set) var open: [Key: [HashedName]] = [:]
    /// Closed spans with more networks than the threshold.
    private(set) var busy: [Key: [HashedName]] = [:]
    /// Logins not counted because `open` or `busy` was full.
    private(set) var dropped = 0
    private var first: Int?
    private var latest = Int.min
    private var nextSweep = Int.min

    init(window: Int, threshold: Int, capacity: Int) {
        self.window = max(1, window)
        self.threshold = threshold
        self.capacity = max(2, capacity)
    }

    var listedKeys: Int { open.count + busy.count }
    var listedEvents: Int { open.count + busy.count }
    var otherEvents: Int { dropped }
    var droppedKeys: Int { dropped }

    /// One login. Every login of an account comes here, so no array is made for it: the
    /// network goes into the span's list as it is (an array per login and per span was half
    /// the cost of the rule, callgrind).
    mutating func add(user: String, network: String, at seconds: Int) {
        add(user: HashedName(user), network: HashedName(network), at: seconds)
    }

    mutating func add(user: HashedName, network: HashedName, at seconds: Int) {
        if first == nil || seconds < first! { first = seconds }
        latest = max(latest, seconds)
        let half = window / 2
        insert(Key(userKey: user, start: seconds - seconds % window), network)
        if half > 0 {
            let shifted = seconds - half
            insert(Key(userKey: user, start: shifted - shifted % window + half), network)
        }
        if seconds >= nextSweep {
            sweep()
            nextSweep = seconds + max(1, window / 2)
        }
    }

    private mutating func insert(_ key: Key, _ network: HashedName) {
        if let index = open.index(forKey: key) {
            if open.values[index].count < NetworkSpans.networkLimit, !open.values[index].contains(network) {
                open.values[index].append(network)
            }
        } else if open.count < capacity {
            open[key] = [network]
        } else {
            dropped += 1
        }
    }

    private mutating func insert(_ key: Key, _ networks: [HashedName]) {
        if let index = open.index(forKey: key) {
            for network in networks where !open.values[index].contains(network)
                && open.values[index].count < NetworkSpans.networkLimit {
                open.values[index].append(network)
            }
        } else if open.count < capacity {
            open[key] = Array(networks.prefix(NetworkSpans.networkLimit))
        } else {
            dropped += 1
        }
    }

    /// Closes the spans the log has passed that no earlier part can add to.
    private mutating func sweep() {
        guard let first else { return }
        let closed = open.keys.filter { $0.start + window <= latest && $0.start > first }
        for key in closed {
            guard let networks = open.removeValue(forKey: key) else { continue }
            if networks.count > threshold {
                if busy.count < capacity { busy[key] = networks } else { dropped += 1 }
            }
        }
    }

    /// Every span with its count of networks: the busy ones and those still open.
    var counts: [(key: Key, networks: Int)] {
        busy.map { ($0.key, $0.value.count) } + open.map { ($0.key, $0.value.count) }
    }

    /// Adds `other`, which comes after `self` in the log: its spans that began before it are
    /// completed with this part's.
    mutating func merge(_ other: NetworkSpans) {
        for (key, networks) in other.open.sorted(by: { $0.key < $1.key }) { insert(key, networks) }
        for (key, networks) in other.busy.sorted(by: { $0.key < $1.key }) {
            if busy.count < capacity { busy[key] = networks } else { dropped += 1 }
        }
        dropped += other.dropped
        if let otherFirst = other.first, first == nil || otherFirst < first! { first = otherFirst }
        latest = max(latest, other.latest)
        sweep()
    }
}
