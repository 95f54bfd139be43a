import Foundation
import Testing
@testable import SMTPLogKit

/// `smtplog report` over hundreds of files: the run of names that ends the command line is
/// taken off before swift-argument-parser sees it (its time grows with the square of the
/// positional values). Every way of writing the command line must read the same files in the
/// same order, and the checks on the inputs must still see all of them.
@Suite("Many files on the command line", .serialized)
struct ManyFilesCommandLineTests {
    static func smtplog(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try Shell.run(Shell.smtplog, arguments)
        return (process.status, String(decoding: process.stdout, as: UTF8.self), process.stderr)
    }

    @Test("300 files read the same, in the same order, however the command line is written")
    func sameReport() throws {
        let folder = try TemporaryFolder()
        let files = try ManyFilesTests.cut(into: 300, in: folder).parts.map(\.path)
        // Options last: the command line ends in an option, so nothing is set aside.
        let reference = try ManyFilesCommandLineTests.smtplog(["report"] + files + ["--year", "2026", "--format", "json"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Any]
        let named = (json?["inputs"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        #expect(named == files, "every file once, in the order given")
        let lines: [[String]] = [
            ["report", "--year", "2026", "--format", "json"] + files,
            ["--year", "2026", "--format", "json", "--no-progress"] + files,
            ["report", "--year", "2026", "--format", "json", "--"] + files,
            ["report", "--year", "2026"] + files[..<40] + ["--format", "json"] + files[40...],
        ]
        for arguments in lines {
            let result = try ManyFilesCommandLineTests.smtplog(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == reference.stdout, "\(arguments.prefix(6))")
        }
    }

    @Test("an --output naming one of 300 logs is refused, wherever the log stands")
    func outputChecksSeeEveryFile() throws {
        let folder = try TemporaryFolder()
        let files = try ManyFilesTests.cut(into: 300, in: folder).parts.map(\.path)
        let before = try Data(contentsOf: URL(fileURLWithPath: files[250]))
        let result = try ManyFilesCommandLineTests.smtplog(["report", "--output", "json:" + files[250]] + files)
        #expect(result.status == 64)
        #expect(result.stderr.contains("the logs to read"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: files[250])) == before, "the log is untouched")
    }
}
