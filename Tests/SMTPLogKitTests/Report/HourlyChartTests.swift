import Foundation
import Testing
@testable import SMTPLogKit

/// The chart of replies per hour: one bar per hour (or per day when there are too many hours),
/// each stacked by class, with heights in proportion to the counts.
@Suite("Hourly chart")
struct HourlyChartTests {
    struct DrawnBar {
        var slot: String
        /// Class → (count, height, y).
        var segments: [(replyClass: String, count: Int, height: Double, y: Double)]
        var total: Int { segments.reduce(0) { $0 + $1.count } }
    }

    /// The bars as drawn, read back from the SVG with the strict page reader.
    static func drawnBars(_ svg: String) throws -> [DrawnBar] {
        let page = try HTMLPage("<!DOCTYPE html>\n" + svg)
        var bars: [DrawnBar] = []
        for group in page.elements.indices where page.elements[group].attributes["class"] == "bar" {
            var segments: [(replyClass: String, count: Int, height: Double, y: Double)] = []
            for index in page.descendants(of: group) where page.elements[index].name == "rect" {
                let attributes = page.elements[index].attributes
                let count = Int(attributes["data-count"] ?? "") ?? -1
                let height = Double(attributes["height"] ?? "") ?? -1
                let y = Double(attributes["y"] ?? "") ?? -1
                segments.append((attributes["data-class"] ?? "", count, height, y))
            }
            bars.append(DrawnBar(slot: page.elements[group].attributes["data-slot"] ?? "", segments: segments))
        }
        return bars
    }

    static func tally(_ counts: [ReplyClass: Int]) -> ClassTally {
        var tally = ClassTally()
        for (replyClass, count) in counts { tally[replyClass] = count }
        return tally
    }

    /// Every segment has the same height per reply, and the segments of a bar touch.
    static func expectProportional(_ bars: [DrawnBar], sourceLocation: SourceLocation = #_sourceLocation) {
        let segments = bars.flatMap(\.segments)
        guard let unit = segments.first.map({ $0.height / Double($0.count) }) else { return }
        for segment in segments {
            #expect(abs(segment.height - unit * Double(segment.count)) <= 0.02,
                    "\(segment.count) replies drawn \(segment.height) high, \(unit) a reply", sourceLocation: sourceLocation)
        }
        for bar in bars {
            for (lower, upper) in zip(bar.segments, bar.segments.dropFirst()) {
                #expect(abs(upper.y + upper.height - lower.y) <= 0.02, "a gap in the bar at \(bar.slot)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("the sample's chart has one bar per hour with replies, stacked 2xx to 5xx, heights in proportion")
    func sampleHours() throws {
        let report = HTMLReportTests.sample("postfix.log")
        let hours = report.summary.byHour.filter { $0.value.total > 0 }
        let chart = HourlyChart(hours: report.summary.byHour)
        #expect(chart.bucket == .hour)
        let bars = try HourlyChartTests.drawnBars(chart.svg())
        #expect(bars.count == hours.count)
        #expect(bars.map(\.slot) == hours.keys.sorted().map(\.description))
        for (bar, key) in zip(bars, hours.keys.sorted()) {
            let tally = hours[key]!
            #expect(bar.total == tally.total)
            for segment in bar.segments {
                let replyClass = try #require(ReplyClass(rawValue: Int(String(segment.replyClass.prefix(1))) ?? 0))
                #expect(segment.count == tally[replyClass])
            }
            #expect(bar.segments.map(\.replyClass) == bar.segments.map(\.replyClass).sorted(), "stacked 2xx first")
        }
        HourlyChartTests.expectProportional(bars)
        // The tallest bar reaches no higher than the top of the axis.
        let tallest = try #require(bars.max { $0.total < $1.total })
        #expect(tallest.segments.reduce(0) { $0 + $1.height } <= chart.height(of: chart.axis.max) + 0.01)
    }

    @Test("one hour is one bar, of a sensible width")
    func oneHour() throws {
        let chart = HourlyChart(hours: [LogHour(key: 2026112206): HourlyChartTests.tally([.positiveCompletion: 1, .permanentNegative: 3])])
        #expect(chart.slotCount == 1)
        let svg = chart.svg()
        let bars = try HourlyChartTests.drawnBars(svg)
        #expect(bars.count == 1)
        #expect(bars.first?.total == 4)
        let page = try HTMLPage("<!DOCTYPE html>\n" + svg)
        let widths = page.elements.filter { $0.attributes["data-class"] != nil }.compactMap { Double($0.attributes["width"] ?? "") }
        #expect(widths.allSatisfy { $0 > 4 && $0 <= 48 })
        #expect(chart.ticks().count == 1)
        HourlyChartTests.expectProportional(bars)
    }

    @Test("2000 hours are drawn as one bar per day, each the sum of its hours")
    func manyHours() throws {
        var hours: [LogHour: ClassTally] = [:]
        var perDay: [Int: Int] = [:]
        let start = LogCalendar.wallSeconds(LogTime(year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0))
        for hour in 0..<2000 where hour % 7 != 3 {
            let key = LogCalendar.wallTime(start + hour * 3_600).hourKey
            hours[LogHour(key: key)] = HourlyChartTests.tally([.positiveCompletion: hour % 5, .transientNegative: hour % 3,
                                                               .permanentNegative: 1])
            perDay[key / 100, default: 0] += hours[LogHour(key: key)]!.total
        }
        let chart = HourlyChart(hours: hours)
        #expect(chart.bucket == .days(1))
        #expect(chart.slotCount == 84)
        let bars = try HourlyChartTests.drawnBars(chart.svg())
        #expect(bars.count == perDay.count)
        #expect(bars.map(\.slot) == perDay.keys.sorted().map(LogTime.dayString))
        #expect(bars.map(\.total) == perDay.keys.sorted().map { perDay[$0]! })
        HourlyChartTests.expectProportional(bars)
        #expect(chart.ticks().count <= 12)
    }

    @Test("years of log are drawn as runs of days, never more than a year of bars")
    func manyYears() throws {
        let hours = [LogHour(key: 2016010100): HourlyChartTests.tally([.positiveCompletion: 2]),
                     LogHour(key: 2026063012): HourlyChartTests.tally([.permanentNegative: 5])]
        let chart = HourlyChart(hours: hours)
        guard case .days(let days) = chart.bucket else { Issue.record("not bucketed by days"); return }
        #expect(days > 1)
        #expect(chart.slotCount <= HourlyChart.maxDaySlots)
        let bars = try HourlyChartTests.drawnBars(chart.svg())
        #expect(bars.map(\.total) == [2, 5])
        #expect(bars.first?.slot == "2016-01-01")
        HourlyChartTests.expectProportional(bars)
    }
}
