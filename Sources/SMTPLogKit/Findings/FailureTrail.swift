/// One subject's failed logins (a user, a client or a network): how many, the latest stamps and
/// the latest line, so that a successful login can be checked against the run of failures that
/// came shortly before it.
///
/// The stamps are the latest `memory`, oldest first: a run is "at least N failures within the
/// window", so thresholds stay at or below `memory` and a longer run saturates at it.
public struct FailureTrail: TableValue {
    /// Stamps a run is counted from; the configuration's threshold stays at or below it.
    public static let memory = 64

    /// Failures of the subject in all: what ranks subjects, and what a full table drops first.
    public var count = 0
    /// Seconds since the epoch (log clock) of the latest failures, oldest first; up to twice
    /// `memory` between trims, so that a trim is one cut rather than a shift per failure.
    var stamps: [UInt32] = []
    /// The latest failure line: the one just before a successful login, for its example.
    var lastExample: LineExample?
    /// Whether `stamps` ascend (no failure's line earlier than the one before it), as they
    /// nearly always do: a login then looks back from the newest and stops at the first stamp
    /// outside its window, where it went over all (up to 128) of a busy subject's stamps.
    private(set) var ascending = true

    public init() {}

    public var weight: Int { count }

    /// Equal when the same failures would count in any run from now on.
    public static func == (lhs: FailureTrail, rhs: FailureTrail) -> Bool {
        lhs.count == rhs.count && lhs.stamps.suffix(memory) == rhs.stamps.suffix(memory) && lhs.lastExample == rhs.lastExample
    }

    @inline(__always)
    mutating func record(_ stamp: UInt32, example: LineExample) {
        count += 1
        if stamps.count == 2 * FailureTrail.memory {
            stamps.removeFirst(FailureTrail.memory)
            // A stamp out of order may have gone with the older half.
            if !ascending { ascending = stamps.isAscending }
        }
        if let newest = stamps.last, stamp < newest { ascending = false }
        stamps.append(stamp)
        lastExample = example
    }

    /// Whether any failure lies within `window` seconds up to `end`, without making the list.
    @inline(__always)
    func hasFailure(endingAt end: UInt32, window: Int) -> Bool {
        guard ascending else { return stamps.lastIndex { $0 <= end && Int(end - $0) < window } != nil }
        // The newest stamp up to `end` is the one nearest it: in the window, or none is.
        guard let newest = stamps.lastIndex(where: { $0 <= end }) else { return false }
        return Int(end - stamps[newest]) < window
    }

    /// The latest failures (at most `memory`) within `window` seconds up to `end`. Ascending
    /// stamps (nearly always) in the window are one stretch, found from the newest back and
    /// copied once, where the filter went over all of them and made two arrays (about 1,500
    /// instructions a login waiting near a chunk's start, callgrind).
    func run(endingAt end: UInt32, window: Int) -> [UInt32] {
        guard ascending else { return FailureTrail.within(stamps, endingAt: end, window: window) }
        var upper = stamps.count
        while upper > 0, stamps[upper - 1] > end { upper -= 1 }
        var lower = upper
        while lower > 0, upper - lower < FailureTrail.memory, Int(end - stamps[lower - 1]) < window { lower -= 1 }
        return lower == upper ? [] : Array(stamps[lower..<upper])
    }

    static func within(_ stamps: [UInt32], endingAt end: UInt32, window: Int) -> [UInt32] {
        Array(stamps.filter { $0 <= end && Int(end - $0) < window }.suffix(memory))
    }

    /// What a login judges of a run: its failures, and its first and last stamps.
    struct Run: Sendable, Equatable {
        var count = 0
        var first: UInt32 = 0
        var last: UInt32 = 0

        init() {}

        /// The run of a list of stamps (`run(endingAt:window:)`, oldest first).
        init(_ stamps: [UInt32]) {
            count = stamps.count
            first = stamps.first ?? 0
            last = stamps.last ?? 0
        }
    }

    /// `Run(run(endingAt: end, window: window))`, with no list made: a login with failures
    /// in its window made two arrays per subject for three numbers.
    func runSummary(endingAt end: UInt32, window: Int) -> Run {
        if ascending { return ascendingRun(endingAt: end, window: window) }
        var matches = 0
        for stamp in stamps where stamp <= end && Int(end - stamp) < window { matches += 1 }
        guard matches > 0 else { return Run() }
        // The run is the last `memory` of the matches: its first is the match that many from the end.
        let skip = matches - Swift.min(matches, FailureTrail.memory)
        var run = Run()
        run.count = matches - skip
        var seen = 0
        for stamp in stamps where stamp <= end && Int(end - stamp) < window {
            if seen == skip { run.first = stamp }
            run.last = stamp
            seen += 1
        }
        return run
    }

    /// `runSummary` of ascending stamps: the stamps in the window are the ones from the newest
    /// up to `end` back to the first one outside it, and the run is the last `memory` of them.
    private func ascendingRun(endingAt end: UInt32, window: Int) -> Run {
        var run = Run()
        var index = stamps.count - 1
        while index >= 0, stamps[index] > end { index -= 1 }
        while index >= 0, run.count < FailureTrail.memory, Int(end - stamps[index]) < window {
            if run.count == 0 { run.last = stamps[index] }
            run.first = stamps[index]
            run.count += 1
            index -= 1
        }
        return run
    }

    /// `rhs` comes after `lhs` in the log.
    public static func + (lhs: FailureTrail, rhs: FailureTrail) -> FailureTrail {
        var merged = FailureTrail()
        merged.count = lhs.count + rhs.count
        merged.stamps = FailureTrail.latest(lhs.stamps.suffix(memory), then: rhs.stamps.suffix(memory))
        // `rhs`'s line when it saw a failure, even when it let the line go as stale
        // (`dropExample(ifBefore:)`): the older line of `lhs` is staler still.
        merged.lastExample = rhs.count > 0 ? rhs.lastExample : lhs.lastExample
        return merged
    }

    /// The latest `memory` of two lists of stamps together, oldest first. Two ascending lists
    /// the second of which starts where the first ends (a part's failures after the part
    /// before's, nearly always) are already in order: only the sort of any other pair is paid.
    static func latest(_ first: ArraySlice<UInt32>, then second: ArraySlice<UInt32>) -> [UInt32] {
        let meet = first.isEmpty || second.isEmpty || first.last! <= second.first!
        guard meet, first.isAscending, second.isAscending else { return Array((first + second).sorted().suffix(memory)) }
        // The latest `memory` of the two in order: the tail of `first` (if any is left), then
        // the tail of `second`, copied once into a list of its final size.
        let skip = Swift.max(0, first.count + second.count - memory)
        var latest: [UInt32] = []
        latest.reserveCapacity(first.count + second.count - skip)
        if skip < first.count { latest.append(contentsOf: first.dropFirst(skip)) }
        latest.append(contentsOf: second.dropFirst(Swift.max(0, skip - first.count)))
        return latest
    }

    /// Lets go of the latest failure's line when that failure came before `stamp`: a login
    /// judges the failures within the window before it, so once the log has moved on by more
    /// than the window (and a margin for lines out of order), no login will show it. The
    /// stamps stay: they are the count and the run. A login after the next failure shows that
    /// one's line, which replaces it.
    mutating func dropExample(ifBefore stamp: UInt32) {
        guard lastExample.isSome, let last = stamps.last, last < stamp else { return }
        lastExample = nil
    }

    mutating func offsetExampleLine(by lines: Int) {
        lastExample?.line += lines
    }
}

extension LogTime {
    /// The log-clock time `seconds` after 1970-01-01 (the inverse of `epochSeconds`, Howard
    /// Hinnant's civil-from-days), to show the times of a run kept as stamps.
    init(epochSeconds seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day, hour: rest / 3_600, minute: rest / 60 % 60, second: rest % 60)
    }
}

extension Collection where Element == UInt32 {
    /// Whether the stamps never go back (a trail's, a login's own run, a part's tail at a join,
    /// a subject's stamps at a merge).
    var isAscending: Bool {
        var previous: UInt32 = 0
        for stamp in self {
            if stamp < previous { return false }
            previous = stamp
        }
        return true
    }
}
