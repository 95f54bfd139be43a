/// Replies per hour as stacked bars by class, drawn as inline SVG so that the HTML report stays
/// one self-contained file: no script, no image to fetch, nothing a mail client blocks.
///
/// The time axis is continuous: an hour with no reply is an empty slot, not a missing one, so
/// that a quiet night looks quiet. Past a week of hours the bars would be thinner than a pixel
/// or two, so the chart counts by day instead, and past a year by runs of several days.
struct HourlyChart {
    static let maxHourSlots = 168
    static let maxDaySlots = 366
    /// Bottom to top: successes at the base, permanent failures on top where the eye lands.
    static let classes: [ReplyClass] = [.positiveCompletion, .positiveIntermediate, .transientNegative,
                                        .permanentNegative]

    /// Fixed, so that the same class has the same colour in every report.
    static func colour(_ replyClass: ReplyClass) -> String {
        switch replyClass {
        case .positiveCompletion: "#2da44e"
        case .positiveIntermediate: "#0969da"
        case .transientNegative: "#d4a72c"
        case .permanentNegative: "#cf222e"
        }
    }

    enum Bucket: Equatable {
        case hour
        /// One bar per run of this many days.
        case days(Int)
    }

    struct Bar {
        /// Position on the time axis, from 0.
        var slot: Int
        /// `2026-11-22 06:00` for an hour, `2026-11-22` for a day or the first day of a run.
        var label: String
        var tally: ClassTally
    }

    let bucket: Bucket
    let slotCount: Int
    /// Only the slots that hold replies, in time order.
    let bars: [Bar]
    /// Seconds (wall clock) where slot 0 begins.
    private let origin: Int
    /// The y axis runs to a round number (1, 2 or 5 times a power of ten per step, at most five
    /// steps), so that the grid lines can be read off.
    let axis: (step: Int, max: Int)

    init(hours typed: [LogHour: ClassTally]) {
        let hours = Dictionary(uniqueKeysWithValues: typed.map { ($0.key.key, $0.value) })
        let keys = hours.keys.filter { hours[$0]!.total > 0 }
        guard let firstHour = keys.min(), let lastHour = keys.max() else {
            bucket = .hour
            slotCount = 0
            bars = []
            origin = 0
            axis = (1, 1)
            return
        }
        let hourSpan = (HourlyChart.seconds(hour: lastHour) - HourlyChart.seconds(hour: firstHour)) / 3_600 + 1
        let slotSeconds: Int
        if hourSpan <= HourlyChart.maxHourSlots {
            bucket = .hour
            origin = HourlyChart.seconds(hour: firstHour)
            slotSeconds = 3_600
            slotCount = hourSpan
        } else {
            origin = HourlyChart.seconds(hour: firstHour / 100 * 100)
            let daySpan = (HourlyChart.seconds(hour: lastHour / 100 * 100) - origin) / 86_400 + 1
            let daysPerBar = (daySpan + HourlyChart.maxDaySlots - 1) / HourlyChart.maxDaySlots
            bucket = .days(daysPerBar)
            slotSeconds = 86_400 * daysPerBar
            slotCount = (daySpan + daysPerBar - 1) / daysPerBar
        }
        var tallies: [Int: ClassTally] = [:]
        for key in keys {
            let slot = (HourlyChart.seconds(hour: key) - origin) / slotSeconds
            tallies[slot] = (tallies[slot] ?? ClassTally()) + hours[key]!
        }
        let bucket = self.bucket
        let origin = self.origin
        bars = tallies.sorted { $0.key < $1.key }.map { slot, tally in
            Bar(slot: slot, label: HourlyChart.label(slot: slot, bucket: bucket, origin: origin), tally: tally)
        }
        axis = HourlyChart.axis(peak: tallies.values.map(\.total).max() ?? 1)
    }

    private static func axis(peak: Int) -> (step: Int, max: Int) {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                let steps = (max(1, peak) + step - 1) / step
                if steps <= 5 { return (step, steps * step) }
            }
            magnitude *= 10
        }
    }

    private static func seconds(hour key: Int) -> Int {
        LogCalendar.wallSeconds(LogTime(packed: key * 10_000))
    }

    private static func time(slot: Int, bucket: Bucket, origin: Int) -> LogTime {
        switch bucket {
        case .hour: LogCalendar.wallTime(origin + slot * 3_600)
        case .days(let days): LogCalendar.wallTime(origin + slot * days * 86_400)
        }
    }

    private static func label(slot: Int, bucket: Bucket, origin: Int) -> String {
        let time = time(slot: slot, bucket: bucket, origin: origin)
        return bucket == .hour ? LogTime.hourString(time.hourKey) : LogTime.dayString(time.dayKey)
    }

    // MARK: Drawing

    static let width = 920.0
    static let height = 280.0
    private static let left = 56.0, right = 12.0, top = 36.0, bottom = 50.0
    private static var plotWidth: Double { width - left - right }
    private static var plotHeight: Double { height - top - bottom }

    /// The height in SVG units of `count` replies.
    func height(of count: Int) -> Double {
        Double(count) * HourlyChart.plotHeight / Double(axis.max)
    }

    /// The chart as one `<svg>` element. Every text in it is made by the chart itself (times,
    /// counts), and is escaped all the same.
    func svg() -> String {
        let (step, yMax) = axis
        let w = HourlyChart.width, h = HourlyChart.height
        let left = HourlyChart.left, top = HourlyChart.top
        let plotWidth = HourlyChart.plotWidth, plotHeight = HourlyChart.plotHeight
        let base = top + plotHeight
        let unit = switch bucket {
        case .hour: "hour"
        case .days(1): "day"
        case .days(let days): "\(days) days"
        }
        let summary = "Replies per \(unit) by class, \(bars.first?.label ?? "") to \(bars.last?.label ?? "")"
        // No xmlns: inside an HTML page the parser puts <svg> in the SVG namespace, and the
        // page then holds no URL at all.
        var out = "<svg width=\"\(HourlyChart.number(w))\" "
            + "height=\"\(HourlyChart.number(h))\" viewBox=\"0 0 \(HourlyChart.number(w)) \(HourlyChart.number(h))\" "
            + "role=\"img\" aria-label=\"\(HTMLEscaping.escaped(summary))\" "
            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" style=\"max-width:100%;height:auto\">\n"
        out += "<title>\(HTMLEscaping.escaped(summary))</title>\n"

        // Legend, top right, in stacking order.
        var x = w - HourlyChart.right - 4 * 58
        for replyClass in HourlyChart.classes {
            out += "<rect x=\"\(HourlyChart.number(x))\" y=\"10\" width=\"12\" height=\"12\" "
                + "fill=\"\(HourlyChart.colour(replyClass))\" class=\"legend\"/>"
            out += "<text x=\"\(HourlyChart.number(x + 17))\" y=\"20\" fill=\"#24292f\">\(replyClass.description)</text>\n"
            x += 58
        }
        out += "<text x=\"\(HourlyChart.number(left))\" y=\"20\" fill=\"#57606a\">replies per \(unit)</text>\n"

        // Grid and y labels.
        for value in stride(from: 0, through: yMax, by: step) {
            let y = base - height(of: value)
            out += "<line x1=\"\(HourlyChart.number(left))\" y1=\"\(HourlyChart.number(y))\" "
                + "x2=\"\(HourlyChart.number(left + plotWidth))\" y2=\"\(HourlyChart.number(y))\" "
                + "stroke=\"\(value == 0 ? "#57606a" : "#d0d7de")\" stroke-width=\"1\"/>"
            out += "<text x=\"\(HourlyChart.number(left - 6))\" y=\"\(HourlyChart.number(y + 4))\" "
                + "text-anchor=\"end\" fill=\"#57606a\">\(HTMLEscaping.escaped(DisplayText.grouped(value)))</text>\n"
        }

        // Bars.
        let slotWidth = plotWidth / Double(max(1, slotCount))
        let gap = slotWidth >= 4 ? min(slotWidth * 0.2, 8) : 0
        let barWidth = min(slotWidth - gap, 48)
        for bar in bars {
            let x = left + Double(bar.slot) * slotWidth + (slotWidth - barWidth) / 2
            let parts = HourlyChart.classes.filter { bar.tally[$0] > 0 }
                .map { "\($0.description) \(DisplayText.grouped(bar.tally[$0]))" }
            let title = "\(bar.label): \(Wording.plural(bar.tally.total, "reply", "replies")) (\(parts.joined(separator: ", ")))"
            out += "<g class=\"bar\" data-slot=\"\(HTMLEscaping.escaped(bar.label))\"><title>\(HTMLEscaping.escaped(title))</title>"
            var below = 0
            for replyClass in HourlyChart.classes where bar.tally[replyClass] > 0 {
                let count = bar.tally[replyClass]
                let y = base - height(of: below + count)
                out += "<rect x=\"\(HourlyChart.number(x))\" y=\"\(HourlyChart.number(y))\" "
                    + "width=\"\(HourlyChart.number(barWidth))\" height=\"\(HourlyChart.number(height(of: count)))\" "
                    + "fill=\"\(HourlyChart.colour(replyClass))\" data-class=\"\(replyClass.description)\" data-count=\"\(count)\"/>"
                below += count
            }
            out += "</g>\n"
        }

        // Time labels: few enough not to collide, on round hours or days.
        for (slot, lines) in ticks() {
            let x = left + (Double(slot) + 0.5) * slotWidth
            out += "<line x1=\"\(HourlyChart.number(x))\" y1=\"\(HourlyChart.number(base))\" x2=\"\(HourlyChart.number(x))\" "
                + "y2=\"\(HourlyChart.number(base + 4))\" stroke=\"#57606a\" stroke-width=\"1\"/>"
            for (index, line) in lines.enumerated() {
                out += "<text x=\"\(HourlyChart.number(x))\" y=\"\(HourlyChart.number(base + 16 + Double(index) * 13))\" "
                    + "text-anchor=\"middle\" fill=\"#57606a\">\(HTMLEscaping.escaped(line))</text>"
            }
            out += "\n"
        }
        out += "</svg>"
        return out
    }

    /// Slots to label, with one or two lines each: the hour, and the date where it changes; or
    /// the day, and the year where it changes.
    func ticks() -> [(slot: Int, lines: [String])] {
        guard slotCount > 0 else { return [] }
        let maxLabels = 12
        // Hour steps divide a day, so that labels fall on the same clock hours every day; at
        // most a week of hours is drawn, so 24 is always enough.
        let steps = bucket == .hour ? [1, 2, 3, 4, 6, 12, 24] : [1, 2, 7, 14, 28, 56, 91, 182, 364]
        let step = steps.first { (slotCount + $0 - 1) / $0 <= maxLabels } ?? steps.last!
        var ticks: [(slot: Int, lines: [String])] = []
        var previousDate = ""
        for slot in 0..<slotCount {
            let time = HourlyChart.time(slot: slot, bucket: bucket, origin: origin)
            let onTick = bucket == .hour ? time.hour % step == 0 : slot % step == 0
            guard onTick else { continue }
            let date: String
            let first: String
            if bucket == .hour {
                date = String(LogTime.dayString(time.dayKey).dropFirst(5))
                first = "\(pad2(time.hour)):00"
            } else {
                date = "\(pad4(time.year))"
                first = String(LogTime.dayString(time.dayKey).dropFirst(5))
            }
            ticks.append((slot, date == previousDate ? [first] : [first, date]))
            previousDate = date
        }
        return ticks
    }

    /// At most two decimals and no trailing zeros: short, and the same on every machine.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100, fraction = abs(hundredths) % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(pad2(fraction))"
    }
}
