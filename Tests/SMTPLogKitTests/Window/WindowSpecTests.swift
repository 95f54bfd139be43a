import Testing
@testable import SMTPLogKit

@Suite("Reading --day, --since and --until")
struct WindowSpecTests {
    let now = LogTime(year: 2026, month: 3, day: 1, hour: 6, minute: 30, second: 0)

    func window(day: String? = nil, since: String? = nil, until: String? = nil) throws -> TimeWindow? {
        try WindowSpec.window(day: day, since: since, until: until, now: now)
    }

    @Test("a day is midnight to midnight, yesterday crosses a month end in a leap-free February")
    func days() throws {
        #expect(try window(day: "today") == TimeWindow.day(20260301))
        let yesterday = try #require(try window(day: "yesterday"))
        #expect(yesterday.start == LogTime(year: 2026, month: 2, day: 28, hour: 0, minute: 0, second: 0))
        #expect(yesterday.end == LogTime(year: 2026, month: 3, day: 1, hour: 0, minute: 0, second: 0))
        #expect(yesterday.description == "the day 2026-02-28")
        let newYear = try #require(try window(day: "2026-12-31"))
        #expect(newYear.end == LogTime(year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0))
    }

    @Test("since and until take dates, times and spans back from now")
    func sinceUntil() throws {
        let span = try #require(try window(since: "24h"))
        #expect(span.start == LogTime(year: 2026, month: 2, day: 28, hour: 6, minute: 30, second: 0))
        #expect(span.end == nil)
        #expect(try window(since: "7d")?.start == LogTime(year: 2026, month: 2, day: 22, hour: 6, minute: 30, second: 0))
        #expect(try window(since: "90m")?.start == LogTime(year: 2026, month: 3, day: 1, hour: 5, minute: 0, second: 0))
        let both = try #require(try window(since: "2026-02-20", until: "2026-02-22 12:00"))
        #expect(both.start == LogTime(year: 2026, month: 2, day: 20, hour: 0, minute: 0, second: 0))
        #expect(both.end == LogTime(year: 2026, month: 2, day: 22, hour: 12, minute: 0, second: 0))
        #expect(both.description == "from 2026-02-20 00:00:00 until 2026-02-22 12:00:00")
        #expect(try window(until: "2026-02-22T12:00:30")?.end == LogTime(year: 2026, month: 2, day: 22, hour: 12, minute: 0, second: 30))
        #expect(try window() == nil)
    }

    @Test("the window holds its start and not its end")
    func bounds() throws {
        let day = TimeWindow.day(20261122)
        #expect(day.contains(LogTime(year: 2026, month: 11, day: 22, hour: 0, minute: 0, second: 0)))
        #expect(day.contains(LogTime(year: 2026, month: 11, day: 22, hour: 23, minute: 59, second: 59)))
        #expect(!day.contains(LogTime(year: 2026, month: 11, day: 23, hour: 0, minute: 0, second: 0)))
        #expect(!day.contains(LogTime(year: 2026, month: 11, day: 21, hour: 23, minute: 59, second: 59)))
    }

    @Test("malformed values are refused with a message that shows the accepted forms", arguments: [
        (nil, "2026-02-30", nil), (nil, "tomorrowish", nil), (nil, "24x", nil), (nil, "2026-02-20 25:00", nil),
        ("2026-13-01", nil, nil), ("2026-02-20 06:00", nil, nil), ("today", "1h", nil),
        (nil, "2026-02-22", "2026-02-21"),
    ] as [(String?, String?, String?)])
    func refused(_ values: (String?, String?, String?)) {
        #expect(throws: WindowSpec.ParseError.self) {
            try WindowSpec.window(day: values.0, since: values.1, until: values.2, now: now)
        }
    }

    @Test("rotated files are put oldest first, a file named twice is read once")
    func rotationOrder() throws {
        let folder = try TemporaryFolder()
        for name in ["mail.log", "mail.log.1", "mail.log.2.gz", "mail.log.10.gz", "other.log"] { try folder.write(name, "x\n") }
        let shuffled = ["mail.log.1", "other.log", "mail.log", "mail.log.10.gz", "mail.log.2.gz", "mail.log"].map { InputName(folder.path($0)) }
        let ordered = RotatedSet.order(shuffled)
        #expect(ordered.names.map { String($0.path.split(separator: "/").last!) }
                == ["mail.log.10.gz", "mail.log.2.gz", "mail.log.1", "mail.log", "other.log"])
        #expect(ordered.duplicates.count == 1)
        let dated = RotatedSet.order(["mail.log", "mail.log-20261122.gz", "mail.log-20261121.gz"].map(InputName.init))
        #expect(dated.names.map(\.path) == ["mail.log-20261121.gz", "mail.log-20261122.gz", "mail.log"])
    }
}
