/// What one peer (a client, a server, a domain) did in one kind of finding: how often, when,
/// with which codes, users, mechanisms and domains, and its busiest window.
public struct PeerActivity: TableValue {
    /// Equal when the figures a report shows are equal; the remembered timestamps are a means.
    public static func == (lhs: PeerActivity, rhs: PeerActivity) -> Bool {
        lhs.count == rhs.count && lhs.firstPacked == rhs.firstPacked && lhs.lastPacked == rhs.lastPacked
            && lhs.codes == rhs.codes && lhs.names == rhs.names && lhs.mechanisms == rhs.mechanisms
            && lhs.peakInWindow == rhs.peakInWindow
    }

    /// Timestamps kept per peer to find its busiest window; a run is "at least N in a window",
    /// so N beyond this many only saturates (the configuration's thresholds stay below it).
    public static let windowMemory = 16

    public var count = 0
    /// `LogTime.packed`, 0 for none: a packed word instead of an optional struct, because one
    /// of these records is kept per client and per core.
    private var firstPacked = 0
    private var lastPacked = 0
    /// Reply codes (550), or enhanced codes packed as in `ReplySummary.packEnhanced` (5_007_001).
    public var codes = SmallCounts<Int>()
    /// What the table's finding names besides the peer: users tried (auth clients), recipient
    /// domains (relay clients), forwarding addresses (551) or servers (invalid recipients).
    public var names = SmallSet()
    /// SASL mechanisms tried (auth clients only).
    public var mechanisms = SmallSet()
    /// The most events within any window of the analysis's window length, as far as the last
    /// `windowMemory` events show it.
    public var peakInWindow = 0
    /// Seconds since the epoch of the latest events, oldest first, at most `windowMemory`;
    /// 32 bits (good until 2106) because every auth client keeps them.
    var recent: [UInt32] = []
    /// The window `peakInWindow` was counted in; 0 when no window is tracked.
    var window = 0

    public var first: LogTime? { firstPacked == 0 ? nil : LogTime(packed: firstPacked) }
    public var last: LogTime? { lastPacked == 0 ? nil : LogTime(packed: lastPacked) }
    public var users: SmallSet { get { names } set { names = newValue } }
    public var domains: SmallSet { get { names } set { names = newValue } }
    public var notes: SmallSet { get { names } set { names = newValue } }

    public init() {}

    @inline(__always)
    mutating func record(_ time: LogTime?, window: Int?) {
        count += 1
        guard let time else { return }
        if firstPacked == 0 || time.packed < firstPacked { firstPacked = time.packed }
        if time.packed > lastPacked { lastPacked = time.packed }
        guard let window else { return }
        self.window = window
        let now = UInt32(clamping: time.epochSeconds)
        // Up to twice the memory is kept and the oldest half dropped at once: a shift per event
        // cost more than the rest of recording it.
        if recent.count == 2 * PeerActivity.windowMemory { recent.removeFirst(PeerActivity.windowMemory) }
        recent.append(now)
        peakInWindow = max(peakInWindow, PeerActivity.count(in: recent.suffix(PeerActivity.windowMemory), endingAt: now, window: window))
    }

    @inline(__always)
    mutating func recordAuth(_ time: LogTime?, window: Int?, code: Int, user: String?, mechanism: String?) {
        record(time, window: window)
        codes.add(code)
        if let user { users.add(user) }
        if let mechanism { mechanisms.add(mechanism) }
    }

    private static func count(in stamps: ArraySlice<UInt32>, endingAt end: UInt32, window: Int) -> Int {
        var inWindow = 0
        for stamp in stamps where stamp <= end && Int(end - stamp) < window { inWindow += 1 }
        return inWindow
    }

    public static func + (lhs: PeerActivity, rhs: PeerActivity) -> PeerActivity {
        var merged = lhs
        merged.count += rhs.count
        merged.firstPacked = [lhs.firstPacked, rhs.firstPacked].filter { $0 != 0 }.min() ?? 0
        merged.lastPacked = max(lhs.lastPacked, rhs.lastPacked)
        merged.codes = lhs.codes + rhs.codes
        merged.names = lhs.names + rhs.names
        merged.mechanisms = lhs.mechanisms + rhs.mechanisms
        merged.window = max(lhs.window, rhs.window)
        // A run can straddle the two halves (two chunks of one file): count it across them.
        let joined = (lhs.recent + rhs.recent).sorted()
        var peak = max(lhs.peakInWindow, rhs.peakInWindow)
        if merged.window > 0, !lhs.recent.isEmpty, !rhs.recent.isEmpty {
            var start = 0
            for end in joined.indices {
                while Int(joined[end] - joined[start]) >= merged.window { start += 1 }
                peak = max(peak, end - start + 1)
            }
        }
        // Streaming counts at most `windowMemory` per window; merging must not see more.
        merged.peakInWindow = min(peak, max(windowMemory, lhs.peakInWindow, rhs.peakInWindow))
        merged.recent = Array(joined.suffix(2 * windowMemory))
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
