@testable import SMTPLogKit

extension Report {
    /// The report in one format, as `smtplog report --format` writes it (text at `width`).
    func rendered(_ format: ReportFormat, width: Int = TextRenderer.mailWidth) throws -> String {
        try format.renderer(width: width).render(ReportModel(self))
    }
}

extension ReplySummary {
    /// Events per day and code, keyed as the truth files key them (`2026-11-22` → `550` → n).
    var byDayStrings: [String: [String: Int]] {
        Dictionary(uniqueKeysWithValues: byDay.map { day, codes in
            (day.description, Dictionary(uniqueKeysWithValues: codes.map { ("\($0.key)", $0.value) }))
        })
    }
}
