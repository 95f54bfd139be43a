import Foundation
import Testing
@testable import SMTPLogKit

/// `smtplog trace` end to end: exit statuses, JSON, standard input, a gzip'd rotated set and
/// the window options, through the built binary.
@Suite("smtplog trace command line", .serialized)
struct TraceCommandLineTests {
    static func smtplog(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = try Shell.run(Shell.smtplog, arguments, stdin: stdin, directory: Shell.packageRoot)
        return (process.status, String(decoding: process.stdout, as: UTF8.self), process.stderr)
    }

    @Test("0 when a message matched, 1 when none did, 2 for an unreadable input, 64 for a usage error")
    func exitStatuses() throws {
        let found = try Self.smtplog(["trace", "--year", "2026", "--id", "5B1E7C2A90", "samples/postfix.log"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.hasPrefix("Message 5B1E7C2A90: sent, 1.2 s in the queue\n"))
        #expect(found.stdout.contains("  authenticated carol@example.com\n"))
        #expect(found.stdout.contains("sent to <j.weber@example.net> via mx.example.net[198.51.100.7]:25 (delay 1.2 s)  [samples/postfix.log:20]"))
        let none = try Self.smtplog(["trace", "--year", "2026", "--to", "nobody@example.com", "samples/postfix.log"])
        #expect(none.status == 1)
        #expect(none.stdout == "No message matched in 249 lines read.\n")
        let missing = try Self.smtplog(["trace", "--id", "5B1E7C2A90", "samples/postfix.log", "no-such.log"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no-such.log"))
        #expect(missing.stdout.contains("Message 5B1E7C2A90"))
        for arguments in [["trace", "samples/postfix.log"], ["trace", "--id", "X", "--limit", "0", "samples/postfix.log"],
                          ["trace", "--to", "a b", "samples/postfix.log"], ["trace", "--id", "X", "--day", "someday", "samples/postfix.log"]] {
            let usage = try Self.smtplog(arguments)
            #expect(usage.status == 64, "\(arguments)")
        }
    }

    @Test("JSON: schema smtplog.trace/1, sorted keys, the steps with their codes")
    func json() throws {
        let result = try Self.smtplog(["trace", "--year", "2026", "--format", "json", "--id", "2B4D6F8A0C3", "samples/postfix.log"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "smtplog.trace/1")
        #expect(Array(object.keys).sorted() == ["errors", "inputs", "lines_read", "messages", "not_shown", "not_shown_is_lower_bound",
                                               "query", "schema", "warnings"])
        let messages = try #require(object["messages"] as? [[String: Any]])
        let steps = try #require(messages.first?["steps"] as? [[String: Any]])
        let deferred = steps.filter { $0["outcome"] as? String == "deferred" }
        #expect(deferred.count == 2)
        #expect(deferred.allSatisfy { $0["code"] as? Int == 451 && $0["enhanced"] as? String == "4.3.0" && $0["dsn"] as? String == "4.3.0" })
        #expect(deferred.map { $0["delay_ms"] as? Int } == [6_200, 1_908_000])
        // Sorted keys: the text is its own canonical form.
        let keys = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
    }

    @Test("standard input, a gzip'd rotated set read oldest first, and --since")
    func inputs() throws {
        let stdin = try Data(contentsOf: Shell.packageRoot.appendingPathComponent("samples/exim.log"))
        let piped = try Self.smtplog(["trace", "--id", "1xUhjZ-000BGY-D5", "-"], stdin: stdin)
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("Message 1xUhjZ-000BGY-D5: sent"))

        let folder = try TemporaryFolder()
        let lines = String(decoding: stdin, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.contains("1xUhjZ-000BGY-D5 == m.schulz@example.org R=dnslookup T=remote_smtp defer") })
        let older = try folder.write("mainlog.1", Array((lines[...cut].joined(separator: "\n") + "\n").utf8))
        #expect(try Shell.run("/bin/gzip", ["-n", older]).status == 0)
        let newer = try folder.write("mainlog", Array(lines[(cut + 1)...].joined(separator: "\n").utf8))
        let rotated = try Self.smtplog(["trace", "--id", "1xUhjZ-000BGY-D5", newer, older + ".gz"])
        #expect(rotated.status == 0, "\(rotated.stderr)")
        #expect(rotated.stdout.contains("mainlog.1.gz:23]"))
        #expect(rotated.stdout.contains("mainlog:5]"))
        #expect(rotated.stdout.contains("Message 1xUhjZ-000BGY-D5: sent"))

        // From 10:00 on, the arrival and the first attempt are outside the window.
        let window = try Self.smtplog(["trace", "--id", "1xUhjZ-000BGY-D5", "--since", "2026-11-21 10:00", "samples/exim.log"])
        #expect(window.status == 0)
        #expect(!window.stdout.contains("arrived"))
        #expect(window.stdout.contains("2026-11-21 10:30:03  sent to <m.schulz@example.org>"))
        let outside = try Self.smtplog(["trace", "--id", "1xUhjZ-000BGY-D5", "--day", "2026-11-22", "samples/exim.log"])
        #expect(outside.status == 1)
    }
}
