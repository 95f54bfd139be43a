/// Events per day and code, and per hour and class: the daily table and the hourly chart.
///
/// A log comes in time order, so one day's (and one hour's) events arrive together. They are
/// counted in flat slots for the current day and hour and folded into the dictionaries when
/// the day or hour changes: two dictionary updates per event (hashing and probing, several
/// hundred instructions) become two array increments. Out-of-order lines stay correct, they
/// only fold more often.
struct TimeSeries: Sendable {
    /// `yyyymmdd * 1000 + code` → events, for the days already folded.
    var settledDays: [Int: Int] = [:]
    /// `yyyymmddhh` → events by class, for the hours already folded.
    var settledHours: [Int: ClassTally] = [:]
    /// `yyyymmdd` being counted in `dayCounts`; -1 for none.
    private var currentDay = -1
    /// Events of `currentDay` by `code - 200` (codes 200...599, as `ReplySummary` counts them).
    private var dayCounts: [Int] = []
    /// The indexes of `dayCounts` that are not zero, so that a fold visits only those.
    private var touched: [Int] = []
    /// `yyyymmddhh` being counted in `hourTally`; -1 for none.
    private var currentHour = -1
    private var hourTally = ClassTally()

    init() {}

    @inline(__always)
    mutating func add(_ time: LogTime, code: Int) {
        let hour = time.hourKey
        if hour != currentHour {
            foldHour()
            currentHour = hour
            let day = hour / 100
            if day != currentDay {
                foldDay()
                currentDay = day
            }
        }
        let index = code - 200
        if dayCounts.isEmpty { dayCounts = [Int](repeating: 0, count: 400) }
        if dayCounts[index] == 0 { touched.append(index) }
        dayCounts[index] += 1
        hourTally[digit: code / 100] += 1
    }

    /// `yyyymmdd * 1000 + code` → events.
    var dayCodes: [Int: Int] {
        var days = settledDays
        TimeSeries.fold(day: currentDay, counts: dayCounts, touched: touched, into: &days)
        return days
    }

    /// Calls `body(yyyymmdd, code, events)` for every day and code counted: the packing of
    /// the keys stays inside this type.
    func forEachDayCode(_ body: (Int, Int, Int) -> Void) {
        for (key, count) in dayCodes { body(key / 1000, key % 1000, count) }
    }

    /// `yyyymmddhh` → events by class.
    var hours: [Int: ClassTally] {
        var hours = settledHours
        TimeSeries.fold(hour: currentHour, tally: hourTally, into: &hours)
        return hours
    }

    private mutating func foldDay() {
        TimeSeries.fold(day: currentDay, counts: dayCounts, touched: touched, into: &settledDays)
        for index in touched { dayCounts[index] = 0 }
        touched.removeAll(keepingCapacity: true)
    }

    private mutating func foldHour() {
        TimeSeries.fold(hour: currentHour, tally: hourTally, into: &settledHours)
        hourTally = ClassTally()
    }

    private static func fold(day: Int, counts: [Int], touched: [Int], into days: inout [Int: Int]) {
        for index in touched { days[day * 1000 + index + 200, default: 0] += counts[index] }
    }

    private static func fold(hour: Int, tally: ClassTally, into hours: inout [Int: ClassTally]) {
        guard tally.total > 0 else { return }
        hours[hour, default: ClassTally()] = hours[hour, default: ClassTally()] + tally
    }

    static func += (lhs: inout TimeSeries, rhs: TimeSeries) {
        lhs.foldHour()
        lhs.foldDay()
        lhs.currentHour = -1
        lhs.currentDay = -1
        lhs.settledDays.merge(rhs.dayCodes, uniquingKeysWith: +)
        lhs.settledHours.merge(rhs.hours, uniquingKeysWith: +)
    }
}

extension TimeSeries: Equatable {
    /// Equal when the counts are, however much of them is still in the current slots.
    static func == (lhs: TimeSeries, rhs: TimeSeries) -> Bool {
        lhs.dayCodes == rhs.dayCodes && lhs.hours == rhs.hours
    }
}
