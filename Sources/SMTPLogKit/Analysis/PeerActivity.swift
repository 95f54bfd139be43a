/// What one peer (a client, a server, a domain) did in one kind of finding: how often, when,
/// with which codes, users, mechanisms and domains, and its busiest window.
public struct PeerActivity: TableValue {
    /// Equal when the figures a report shows are equal; the remembered timestamps are a means.
    public static func == (lhs: PeerActivity, rhs: PeerActivity) -> Bool {
        lhs.count == rhs.count && lhs.first == rhs.first && lhs.last == rhs.last && lhs.codes == rhs.codes
            && lhs.users == rhs.users && lhs.mechanisms == rhs.mechanisms && lhs.domains == rhs.domains
            && lhs.notes == rhs.notes && lhs.peakInWindow == rhs.peakInWindow
    }

    /// Timestamps kept per peer to find its busiest window; a run is "at least N in a window",
    /// so N beyond this many only saturates (the configuration's thresholds stay below it).
    public static let windowMemory = 64

    public var count = 0
    public var first: LogTime?
    public var last: LogTime?
    /// Reply codes (550), or enhanced codes packed as in `ReplySummary.packEnhanced` (5_007_001).
    public var codes = SmallCounts<Int>()
    /// Users and mechanisms tried (auth), recipient domains (relay), forwarding addresses (551).
    public var users = SmallSet()
    public var mechanisms = SmallSet()
    public var domains = SmallSet()
    public var notes = SmallSet()
    /// The most events within any window of the analysis's window length, as far as the last
    /// `windowMemory` events show it.
    public var peakInWindow = 0
    /// Seconds since the epoch of the latest events, oldest first, at most `windowMemory`.
    var recent: [Int] = []
    /// The window `peakInWindow` was counted in; 0 when no window is tracked.
    var window = 0

    public init() {}

    @inline(__always)
    mutating func record(_ time: LogTime?, window: Int?) {
        count += 1
        guard let time else { return }
        if first == nil || time < first! { first = time }
        if last == nil || last! < time { last = time }
        guard let window else { return }
        self.window = window
        let now = time.epochSeconds
        if recent.count == PeerActivity.windowMemory { recent.removeFirst() }
        recent.append(now)
        peakInWindow = max(peakInWindow, PeerActivity.count(in: recent, endingAt: now, window: window))
    }

    @inline(__always)
    mutating func recordAuth(_ time: LogTime?, window: Int?, code: Int, user: String?, mechanism: String?) {
        record(time, window: window)
        codes.add(code)
        if let user { users.add(user) }
        if let mechanism { mechanisms.add(mechanism) }
    }

    private static func count(in stamps: [Int], endingAt end: Int, window: Int) -> Int {
        var inWindow = 0
        for stamp in stamps where end - stamp < window && stamp <= end { inWindow += 1 }
        return inWindow
    }

    public static func + (lhs: PeerActivity, rhs: PeerActivity) -> PeerActivity {
        var merged = lhs
        merged.count += rhs.count
        merged.first = [lhs.first, rhs.first].compactMap { $0 }.min()
        merged.last = [lhs.last, rhs.last].compactMap { $0 }.max()
        merged.codes = lhs.codes + rhs.codes
        merged.users = lhs.users + rhs.users
        merged.mechanisms = lhs.mechanisms + rhs.mechanisms
        merged.domains = lhs.domains + rhs.domains
        merged.notes = lhs.notes + rhs.notes
        merged.window = max(lhs.window, rhs.window)
        // A run can straddle the two halves (two chunks of one file): count it across them.
        let joined = (lhs.recent + rhs.recent).sorted()
        var peak = max(lhs.peakInWindow, rhs.peakInWindow)
        if merged.window > 0, !lhs.recent.isEmpty, !rhs.recent.isEmpty {
            var start = 0
            for end in joined.indices {
                while joined[end] - joined[start] >= merged.window { start += 1 }
                peak = max(peak, end - start + 1)
            }
        }
        merged.peakInWindow = peak
        merged.recent = Array(joined.suffix(windowMemory))
        return merged
    }
}

extension LogTime {
    /// Seconds since 1970-01-01 in the log's own clock (no zone applied), for window arithmetic.
    public var epochSeconds: Int {
        // Days from the civil date (Howard Hinnant's algorithm), valid for the proleptic calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }
}
