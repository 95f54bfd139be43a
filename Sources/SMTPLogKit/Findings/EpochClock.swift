/// Seconds since the epoch (log clock) of the lines' times, with the day's start remembered:
/// a log's lines come a day at a time, and `LogTime.epochSeconds` made the date's count of days
/// again on every line shown to the rules (about 140 instructions, for each of four rules).
/// The sink holds one, and each observation carries its line's seconds (`Observation.epochSeconds`).
struct EpochClock {
    /// The day last asked for (`LogTime.dayKey`), and its first second.
    private var dayKey = Int.min
    private var dayStart = 0

    /// `time.epochSeconds`, whatever day came before.
    @inline(__always)
    mutating func seconds(_ time: LogTime) -> Int {
        let day = time.dayKey
        if day != dayKey { startDay(day) }
        // `hhmmss`, as `LogTime`'s own fields read it (truncating, as they do).
        let clock = time.packed - day * 1_000_000
        return dayStart + clock / 10_000 * 3_600 + clock / 100 % 100 * 60 + clock % 100
    }

    @inline(never)
    private mutating func startDay(_ day: Int) {
        dayStart = LogTime(packed: day * 1_000_000).epochSeconds
        dayKey = day
    }
}
