import Testing
@testable import SMTPLogKit

/// The sink's clock (`EpochClock`) remembers the start of the last day it was asked for; its
/// seconds must be `LogTime.epochSeconds` whatever order the days come in.
@Suite("Seconds since the epoch, the day remembered")
struct EpochClockTests {
    @Test("agrees with epochSeconds across days, months, leap days and years, forwards and back")
    func agrees() {
        var clock = EpochClock()
        let times = [
            LogTime(year: 2026, month: 3, day: 14, hour: 9, minute: 5, second: 7),
            LogTime(year: 2026, month: 3, day: 14, hour: 23, minute: 59, second: 59),
            LogTime(year: 2026, month: 3, day: 15, hour: 0, minute: 0, second: 0),
            // Back to the day before (a line out of order, or a rotated file read after).
            LogTime(year: 2026, month: 3, day: 14, hour: 0, minute: 0, second: 1),
            LogTime(year: 2024, month: 2, day: 29, hour: 12, minute: 30, second: 45),
            LogTime(year: 2024, month: 3, day: 1, hour: 12, minute: 30, second: 45),
            LogTime(year: 2025, month: 12, day: 31, hour: 23, minute: 59, second: 59),
            LogTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0),
            LogTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0),
            LogTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59),
            LogTime(year: 2106, month: 2, day: 7, hour: 6, minute: 28, second: 15),
            LogTime(year: 2000, month: 2, day: 29, hour: 1, minute: 2, second: 3),
        ]
        for time in times {
            #expect(clock.seconds(time) == time.epochSeconds, "\(time)")
        }
        #expect(clock.seconds(times[0]) == 1_773_479_107)
        #expect(clock.seconds(times[8]) == 0)
        #expect(clock.seconds(times[9]) == -1)
    }

    @Test("every second of a day, then the next day's first")
    func wholeDay() {
        var clock = EpochClock()
        for hour in [0, 1, 12, 23] {
            for minute in 0..<60 {
                for second in [0, 1, 30, 59] {
                    let time = LogTime(year: 2026, month: 11, day: 30, hour: hour, minute: minute, second: second)
                    #expect(clock.seconds(time) == time.epochSeconds)
                }
            }
        }
        let next = LogTime(year: 2026, month: 12, day: 1, hour: 0, minute: 0, second: 0)
        #expect(clock.seconds(next) == next.epochSeconds)
    }
}
