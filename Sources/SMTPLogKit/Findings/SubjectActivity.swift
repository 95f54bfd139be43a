/// What one subject of a finding (a client, a server, a network, a domain) did: how often,
/// when, with which codes, the first line that showed it, and its busiest window.
public struct SubjectActivity: TableValue {
    /// Timestamps kept per subject to find its busiest window; a run is "at least N in a
    /// window", so N beyond this many only saturates (the configuration's thresholds stay below).
    public static let windowMemory = 16

    /// Events (replies or notices) counted for the subject.
    public var count = 0
    /// Messages held back on a cached verdict about this subject (`delivery temporarily
    /// suspended`): no server was asked, so they are not events, but they are mail waiting.
    public var heldBack = 0
    /// `LogTime.packed`, 0 for none: a packed word instead of an optional struct, because one
    /// of these records is kept per client and per core.
    var firstPacked = 0
    var lastPacked = 0
    /// The first line of this subject, so that a finding naming it can show its own line.
    public var example: LineExample?
    /// Seconds since the epoch of the latest events, oldest first, at most `2 * windowMemory`;
    /// 32 bits (good until 2106) because every client keeps them.
    var recent: [UInt32] {
        get { impliedStamp.map { [$0] } ?? stamps }
        set { stamps = newValue }
    }
    /// `recent` as stored: empty while the subject's one event is a stamp implied by
    /// `firstPacked` (`impliedStamp`).
    private var stamps: [UInt32] = []
    /// The window and the peak in 32 bits each, side by side: a window is at most a year
    /// (the configuration's limit) and a peak at most `windowMemory`, and every client keeps
    /// them (8 bytes a row instead of 16).
    private var windowSeconds: Int32 = 0
    private var peak: Int32 = 0
    /// Reply codes (550), with how often. Last: its tail padding is the record's own. A code
    /// is 200 to 599, kept in 16 bits: the row is then 120 bytes instead of 128.
    public var codes = SmallCounts<UInt16>()

    /// The most events within any window of the rule's window length, as far as the last
    /// `windowMemory` events show it.
    public var peakInWindow: Int {
        get { Int(peak) }
        set { peak = Int32(clamping: newValue) }
    }

    /// The window `peakInWindow` was counted in; 0 when no window is tracked.
    var window: Int {
        get { Int(windowSeconds) }
        set { windowSeconds = Int32(clamping: newValue) }
    }

    public init() {}

    /// What ranks subjects, and what a full table drops first: replies and held-back mail.
    public var weight: Int { count + heldBack }
    public var first: LogTime? { firstPacked == 0 ? nil : LogTime(packed: firstPacked) }
    public var last: LogTime? { lastPacked == 0 ? nil : LogTime(packed: lastPacked) }

    /// Equal when the figures a report shows are equal; the remembered timestamps are a means.
    public static func == (lhs: SubjectActivity, rhs: SubjectActivity) -> Bool {
        lhs.count == rhs.count && lhs.heldBack == rhs.heldBack && lhs.firstPacked == rhs.firstPacked
            && lhs.lastPacked == rhs.lastPacked && lhs.codes == rhs.codes && lhs.peakInWindow == rhs.peakInWindow
            && lhs.example == rhs.example
    }

    /// The stamp of a subject seen once, in a window, with nothing held back: the seconds of
    /// `firstPacked`, which is that event's time. Most subjects of a busy log are seen once (a
    /// botnet's clients), and an array of one stamp for each was an allocation, a release and a
    /// free per client (callgrind, the many-clients log: 2% of its instructions).
    private var impliedStamp: UInt32? {
        stampIsImplied ? UInt32(clamping: LogTime(packed: firstPacked).epochSeconds) : nil
    }

    /// Whether the subject's one stamp is left to `firstPacked` (`impliedStamp`).
    @inline(__always)
    private var stampIsImplied: Bool {
        stamps.isEmpty && count == 1 && heldBack == 0 && windowSeconds > 0 && firstPacked != 0
    }

    /// Counts one event of the subject; `window` (seconds) tracks its busiest window.
    @inline(__always)
    /// `seconds` is `time`'s seconds since the epoch when the caller has them
    /// (`Observation.epochSeconds`, equal to `time.epochSeconds`); made from `time` otherwise.
    mutating func record(_ time: LogTime?, code: Int? = nil, window: Int? = nil, seconds: Int? = nil,
                         example: () -> LineExample) {
        // A stamp left implied is stored before the count that implies it moves on.
        if count == 1, let implied = impliedStamp { stamps = [implied] }
        count += 1
        if let code { codes.add(UInt16(clamping: code)) }
        if self.example.isNone { self.example = example() }
        note(time)
        guard let time, let window else { return }
        self.window = window
        if stampIsImplied {
            // The first event: its stamp is `firstPacked`'s (`impliedStamp`), one within its window.
            peakInWindow = max(peakInWindow, 1)
            return
        }
        let now = UInt32(clamping: seconds ?? time.epochSeconds)
        // Up to twice the memory is kept and the oldest half dropped at once: a shift per event
        // cost more than the rest of recording it.
        // `stamps`, not `recent`: no stamp is implied past the first event, and the computed
        // property would copy the array on every change.
        if stamps.count == 2 * SubjectActivity.windowMemory { stamps.removeFirst(SubjectActivity.windowMemory) }
        stamps.append(now)
        peakInWindow = max(peakInWindow, SubjectActivity.count(in: stamps.suffix(SubjectActivity.windowMemory),
                                                               endingAt: now, window: window))
    }

    /// Counts a message held back on a verdict about the subject.
    @inline(__always)
    mutating func recordHeldBack(_ time: LogTime?, example: () -> LineExample) {
        if let implied = impliedStamp { stamps = [implied] }
        heldBack += 1
        if self.example.isNone { self.example = example() }
        note(time)
    }

    @inline(__always)
    private mutating func note(_ time: LogTime?) {
        guard let time else { return }
        if firstPacked == 0 || time.packed < firstPacked { firstPacked = time.packed }
        if time.packed > lastPacked { lastPacked = time.packed }
    }

    private static func count(in stamps: ArraySlice<UInt32>, endingAt end: UInt32, window: Int) -> Int {
        var inWindow = 0
        for stamp in stamps where stamp <= end && Int(end - stamp) < window { inWindow += 1 }
        return inWindow
    }

    /// `rhs` comes after `lhs` in the log: its example is kept only when `lhs` had none.
    public static func + (lhs: SubjectActivity, rhs: SubjectActivity) -> SubjectActivity {
        var merged = lhs
        merged.count += rhs.count
        merged.heldBack += rhs.heldBack
        merged.firstPacked = LogTime.earlierPacked(lhs.firstPacked, rhs.firstPacked)
        merged.lastPacked = max(lhs.lastPacked, rhs.lastPacked)
        merged.codes = lhs.codes + rhs.codes
        merged.example = lhs.example ?? rhs.example
        merged.window = max(lhs.window, rhs.window)
        // A run can straddle the two halves (two chunks of one file): count it across them.
        // Read once each: a stamp left implied is made into an array on every read.
        let lhsStamps = lhs.recent, rhsStamps = rhs.recent
        let joined = SubjectActivity.joined(lhsStamps, rhsStamps)
        var peak = max(lhs.peakInWindow, rhs.peakInWindow)
        if merged.window > 0, !lhsStamps.isEmpty, !rhsStamps.isEmpty {
            var start = 0
            for end in joined.indices {
                while Int(joined[end] - joined[start]) >= merged.window { start += 1 }
                peak = max(peak, end - start + 1)
            }
        }
        // Streaming counts at most `windowMemory` per window; merging must not see more.
        merged.peakInWindow = min(peak, max(windowMemory, lhs.peakInWindow, rhs.peakInWindow))
        merged.recent = joined.count <= 2 * windowMemory ? joined : Array(joined.suffix(2 * windowMemory))
        return merged
    }

    /// Two parts' stamps together, ascending. When one part has none (a subject new to the
    /// join, the common row of a chunk's join) the other's are taken as they are when already
    /// in order: no new array is made, where concatenating and sorting made two for every row
    /// with stamps.
    private static func joined(_ lhs: [UInt32], _ rhs: [UInt32]) -> [UInt32] {
        if lhs.isEmpty || rhs.isEmpty {
            let only = lhs.isEmpty ? rhs : lhs
            return only.isAscending ? only : only.sorted()
        }
        return (lhs + rhs).sorted()
    }

    mutating func offsetExampleLine(by lines: Int) {
        example?.line += lines
    }
}

extension LogTime {
    /// The earlier of two `LogTime.packed` words, 0 standing for none.
    @inline(__always)
    static func earlierPacked(_ lhs: Int, _ rhs: Int) -> Int {
        lhs == 0 ? rhs : rhs == 0 ? lhs : Swift.min(lhs, rhs)
    }

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
