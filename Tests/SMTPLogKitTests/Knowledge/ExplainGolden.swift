import Foundation
import Testing

/// Golden files for `explain` output, under Fixtures/explain. Reading goes through the test
/// bundle (the target copies Fixtures); recording writes into the source tree next to this
/// file. `SMTPLOG_RECORD=1` records and then fails the test on purpose, so a new or changed
/// golden is always looked at before it is trusted.
enum ExplainGolden {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["SMTPLOG_RECORD"] == "1" }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if isRecording {
            do {
                let url = sourceDirectory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: sourceDirectory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("recorded \(url.path); review it, then run again without SMTPLOG_RECORD=1",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not record \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
              let expected = try? String(contentsOf: fixtures.appendingPathComponent("explain/\(name)"), encoding: .utf8)
        else {
            Issue.record("missing golden explain/\(name); run with SMTPLOG_RECORD=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        Issue.record("output differs from explain/\(name): \(firstDifference(actual, expected))",
                     sourceLocation: sourceLocation)
    }

    /// Where recorded files go: Tests/SMTPLogKitTests/Fixtures/explain, found from this file.
    private static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/explain")
    }

    private static func firstDifference(_ actual: String, _ expected: String) -> String {
        let got = actual.components(separatedBy: "\n")
        let want = expected.components(separatedBy: "\n")
        for index in 0..<max(got.count, want.count) {
            let a = index < got.count ? got[index] : "<end>"
            let b = index < want.count ? want[index] : "<end>"
            if a != b { return "line \(index + 1)\n  got:      \(a)\n  expected: \(b)" }
        }
        return "only in line endings"
    }
}
