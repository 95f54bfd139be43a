import Foundation
import Testing
@testable import SMTPLogKit

/// `smtplog report` names the report's host without the merge payload: the rules' tables,
/// the largest part of a run's memory, are let go before it renders (on another thread when
/// the run had several cores), and what the report says must not change.
@Suite("A report named without its payload")
struct HostNameTests {
    @Test("keeps its findings and figures and lets its rules' tables go, on one core or two", arguments: [1, 2])
    func letsTablesGo(threads: Int) throws {
        let folder = try TemporaryFolder()
        let (log, truth) = try GeneratedTruthTests.generate(GeneratedTruthTests.flavors[0], in: folder)
        let options = AnalysisOptions(startingYear: GeneratedTruthTests.startYear(truth), threads: threads)
        var report = Report(folded: Analyzer(options: options).analyzeFolded([InputName(log)]), threads: threads)
        let findings = report.findings
        let cutTables = report.ruleCutTables
        #expect(findings.count >= 3)
        #expect(report.accumulators.items.contains { $0.tables.contains { $0.listed > 2 } }, "the rules' tables before")
        report.name(host: "mx1", payload: false)
        #expect(report.payload == nil && !report.carriesPayload)
        #expect(report.findings == findings && report.ruleCutTables == cutTables)
        #expect(report.accumulators.items.allSatisfy { $0.tables.allSatisfy { $0.listed == 0 } }, "empty tables after")
        #expect(report.hosts.map(\.host) == ["mx1"] && report.hosts.first?.findings == findings.count)
        let json = try report.rendered(.json)
        #expect(json.contains("\"mx1\""))
    }
}
