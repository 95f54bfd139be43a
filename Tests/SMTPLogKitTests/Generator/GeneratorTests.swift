import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// MailLogGenerator itself: the same options give the same bytes, the truth describes the
/// lines written, bad options are refused by name, and smtplog-gen is the same generator.
@Suite("The log generator", .serialized)
struct GeneratorTests {
    static func generate(_ arguments: [String]) throws -> (bytes: [UInt8], truth: [String: Any], json: String) {
        let output = MemoryOutput()
        let result = try LogGenerator.generate(try GeneratorArguments.options(arguments), into: output)
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(result.truthJSON.utf8)) as? [String: Any])
        return (output.bytes, truth, result.truthJSON)
    }

    /// The message of the error `body` throws, nil when it throws none.
    static func errorText(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? GeneratorError)?.description ?? "\(error)"
        }
    }

    static let kinds: [[String]] = [
        ["--flavor", "postfix", "--size", "300K"],
        ["--flavor", "postfix", "--timestamps", "rfc3339", "--size", "300K"],
        ["--flavor", "exim", "--size", "300K"],
    ]

    @Test("the same seed gives the same bytes and truth; another seed, other bytes", arguments: kinds)
    func deterministic(_ kind: [String]) throws {
        let a = try GeneratorTests.generate(kind + ["--seed", "7"])
        let b = try GeneratorTests.generate(kind + ["--seed", "7"])
        let c = try GeneratorTests.generate(kind + ["--seed", "8"])
        #expect(a.bytes == b.bytes)
        #expect(a.json == b.json)
        #expect(a.bytes != c.bytes)
        #expect(a.bytes.count > 300 << 10 && a.bytes.count < 320 << 10, "about the size asked for: \(a.bytes.count)")
    }

    @Test("the truth counts the lines and bytes written, and every line lies in the span", arguments: kinds)
    func truthDescribesTheLines(_ kind: [String]) throws {
        let (bytes, truth, _) = try GeneratorTests.generate(kind + ["--seed", "3", "--start", "2026-03-01T06:00:00", "--days", "1.5"])
        #expect(truth["lines"] as? Int == bytes.filter { $0 == 0x0A }.count)
        #expect(truth["bytes"] as? Int == bytes.count)
        #expect(bytes.last == 0x0A)
        let lines = bytes.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        // RFC 3339 and Exim stamps sort as text; they must never go back.
        if !kind.contains("syslog"), let width = kind.contains("exim") ? 19 : kind.contains("rfc3339") ? 32 : nil {
            let stamps = lines.map { String($0.prefix(width)) }
            #expect(stamps == stamps.sorted(), "lines are written in time order")
            #expect(stamps.first! >= "2026-03-01 06:00:00".replacingOccurrences(of: " ", with: width == 32 ? "T" : " "))
            #expect(stamps.last! < "2026-03-02 18:00:00".replacingOccurrences(of: " ", with: width == 32 ? "T" : " "))
        }
        let days = try #require(truth["by_day"] as? [String: [String: Int]])
        #expect(Set(days.keys).isSubset(of: ["2026-03-01", "2026-03-02"]))
    }

    @Test("the truth adds up: codes, classes, days, auth and relay lists, planted runs")
    func truthAddsUp() throws {
        for kind in GeneratorTests.kinds {
            let (_, truth, _) = try GeneratorTests.generate(kind + ["--seed", "4", "--size", "1M"])
            let events = try #require(truth["events"] as? Int)
            let codes = try #require(truth["codes"] as? [String: Int])
            #expect(codes.values.reduce(0, +) == events)
            let classes = try #require(truth["classes"] as? [String: Int])
            #expect(classes.values.reduce(0, +) == events)
            var daySums: [String: Int] = [:]
            for (_, table) in try #require(truth["by_day"] as? [String: [String: Int]]) {
                for (code, count) in table { daySums[code, default: 0] += count }
            }
            #expect(daySums == codes)
            let auth = try #require(truth["auth_failures"] as? [String: Any])
            let clients = try #require(auth["inbound_by_client"] as? [String: Int])
            #expect(auth["inbound"] as? Int == clients.values.reduce(0, +))
            #expect((auth["by_code"] as? [String: Int])?.values.reduce(0, +) == (auth["inbound"] as! Int) + (auth["outbound"] as! Int))
            // Each planted run is in the per-client counts.
            let planted = try #require(truth["planted"] as? [[String: Any]])
            #expect(planted.count == 4, "two kinds, one run a day, two days")
            var plantedFailures: [String: Int] = [:]
            for run in planted {
                let runClients = try #require(run["clients"] as? [String])
                #expect(!runClients.isEmpty)
                #expect((run["failures"] as? Int ?? 0) >= 40)
                if runClients.count == 1 { plantedFailures[runClients[0], default: 0] += run["failures"] as! Int }
                for client in runClients { #expect(clients[client] != nil, "\(client) failed to log in") }
            }
            for (client, failures) in plantedFailures { #expect(clients[client] == failures) }
        }
    }

    @Test("gzip: the same compressed bytes each time, and they hold the plain log")
    func gzip() throws {
        let plain = try GeneratorTests.generate(["--size", "200K", "--seed", "9"])
        let a = try GeneratorTests.generate(["--size", "200K", "--seed", "9", "--gzip"])
        let b = try GeneratorTests.generate(["--size", "200K", "--seed", "9", "--gzip"])
        #expect(a.bytes == b.bytes)
        #expect(a.bytes.starts(with: [0x1F, 0x8B]))
        #expect(a.bytes.count < plain.bytes.count / 3)
        let folder = try TemporaryFolder()
        let path = try folder.write("log.gz", a.bytes)
        let unpacked = try Shell.run("/bin/gzip", ["-dc", path])
        #expect(unpacked.status == 0)
        #expect(Array(unpacked.stdout) == plain.bytes)
    }

    @Test("bad options are refused with a message that names the option", arguments: [
        (["--size", "0"], "--size"), (["--size", "12Q"], "--size"), (["--size", "2T"], "--size"),
        (["--start", "2026-02-30T00:00:00"], "--start"), (["--start", "yesterday"], "--start"),
        (["--days", "0"], "--days"), (["--days", "400"], "--days"), (["--days", "nan"], "--days"),
        (["--flavor", "exim", "--timestamps", "rfc3339"], "--timestamps"), (["--host", "mx 1"], "--host"),
        (["--start", "9999-12-31T00:00:00", "--days", "2"], "--start"),
    ])
    func badOptions(_ arguments: [String], _ option: String) throws {
        let message = try #require(GeneratorTests.errorText { _ = try GeneratorArguments.options(arguments) }, "\(arguments) was accepted")
        #expect(message.contains(option), "\(message)")
    }

    @Test("a file is written under a temporary name and renamed into place; a failed write leaves nothing")
    func fileOutput() throws {
        let folder = try TemporaryFolder()
        let log = folder.path("mail.log"), truth = folder.path("truth.json")
        try folder.write("mail.log", "old content that must be replaced\n")
        let options = try GeneratorArguments.options(["--size", "64K"])
        let result = try LogGenerator.write(options, to: log, truth: truth)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["mail.log", "truth.json"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)).count == Int(result.bytes))
        #expect(try String(contentsOfFile: truth, encoding: .utf8) == result.truthJSON)
        let message = GeneratorTests.errorText { _ = try LogGenerator.write(options, to: folder.path("missing/mail.log"), truth: nil) }
        #expect(message?.hasPrefix(folder.path("missing/mail.log") + ": cannot create") == true, "\(message ?? "no error")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["mail.log", "truth.json"])
    }

    @Test("smtplog-gen writes the same log and truth as the library, and refuses bad options with status 64")
    func commandLine() throws {
        let binary = Shell.productsDirectory.appendingPathComponent("smtplog-gen").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "swift build builds smtplog-gen")
        let folder = try TemporaryFolder()
        let arguments = ["--flavor", "exim", "--size", "256K", "--seed", "5", "--days", "1"]
        let result = try Shell.run(binary, arguments + ["--out", folder.path("mainlog"), "--truth", folder.path("truth.json")])
        #expect(result.status == 0, "\(result.stderr)")
        let library = try GeneratorTests.generate(arguments)
        let written = Array(try Data(contentsOf: URL(fileURLWithPath: folder.path("mainlog"))))
        #expect(written == library.bytes, "the log differs from the library's (\(written.count) and \(library.bytes.count) bytes)")
        #expect(try String(contentsOfFile: folder.path("truth.json"), encoding: .utf8) == library.json)
        let stdout = Array(try Shell.run(binary, arguments).stdout)
        #expect(stdout == library.bytes, "without --out the log goes to stdout (\(stdout.count) bytes)")
        let bad = try Shell.run(binary, ["--size", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--size must be between 1 byte and 1T"))
        let unwritable = try Shell.run(binary, ["--size", "1K", "--out", folder.path("no/such/dir/log")])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot create"))
    }
}
