import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SMTPLogKit

/// Journal files for tests, made as a journal copied from a server is: entries in the journal
/// export format (what `journalctl -o export` writes), turned into a journal file by
/// systemd-journal-remote. The tests write the export text themselves, so they know each
/// entry's time, fields and bytes.
enum JournalFixture {
    static let remoteTool: String? = ["/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let missing: Comment = "systemd-journal-remote is not installed (.ci/setup installs it)"

    /// The zone the command-line tests run smtplog in: three hours east of UTC with no DST, so
    /// that a stamp rendered in UTC, or with the offset's sign turned, shows in every hour.
    static let zone = "<+03>-3"
    static let zoneOffset = 3 * 3_600
    static let zoneText = "+03:00"

    struct Entry {
        /// Microseconds since the epoch.
        var realtime: UInt64
        var fields: [(String, [UInt8])]

        init(realtime: UInt64, _ fields: [(String, [UInt8])]) {
            self.realtime = realtime
            self.fields = fields
        }

        init(realtime: UInt64, host: String? = "mx1", identifier: String, pid: Int? = nil, unit: String? = nil, message: [UInt8]) {
            var fields: [(String, [UInt8])] = []
            if let host { fields.append(("_HOSTNAME", Array(host.utf8))) }
            fields.append(("SYSLOG_IDENTIFIER", Array(identifier.utf8)))
            if let pid { fields.append(("SYSLOG_PID", Array(String(pid).utf8))) }
            if let unit { fields.append(("_SYSTEMD_UNIT", Array(unit.utf8))) }
            fields.append(("MESSAGE", message))
            self.init(realtime: realtime, fields)
        }
    }

    /// The export format: `FIELD=value` lines, or for a value holding a newline (or any
    /// binary data) the field name, a newline, the length as 64-bit little-endian and the
    /// bytes; a blank line ends an entry.
    static func export(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out += Array("__REALTIME_TIMESTAMP=\(entry.realtime)\n".utf8)
            out += Array("__MONOTONIC_TIMESTAMP=\(max(1, entry.realtime &- 1_700_000_000_000_000))\n".utf8)
            out += Array("_BOOT_ID=5f1a0c2e9d8b4f7a8c6e3b2d1a0f9e8d\n".utf8)
            for (name, value) in entry.fields {
                if value.contains(0x0A) || value.contains(0) {
                    out += Array(name.utf8) + [0x0A]
                    var length = UInt64(value.count).littleEndian
                    withUnsafeBytes(of: &length) { out += Array($0) }
                    out += value + [0x0A]
                } else {
                    out += Array(name.utf8) + [0x3D] + value + [0x0A]
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes `entries` into the journal file at `path` (which must end in `.journal`);
    /// an existing file gets them appended, as a live journal does.
    static func write(_ entries: [Entry], to path: String, in folder: TemporaryFolder) throws {
        let tool = try requireTool()
        let exportPath = try folder.write("entries-\(UUID().uuidString).export", export(entries))
        let result = try Shell.run(tool, ["--output=\(path)", exportPath])
        guard result.status == 0 else {
            throw FixtureError("systemd-journal-remote failed (\(result.status)): \(result.stderr)")
        }
    }

    static func requireTool() throws -> String {
        guard let tool = remoteTool else { throw FixtureError("systemd-journal-remote is not installed") }
        return tool
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// One mail log line taken apart: its wall-clock time and what the journal keeps of it.
    struct LogLine {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        var host: String
        var identifier: String
        var pid: Int?
        var message: String

        /// Seconds since the epoch of the wall-clock time in `JournalFixture.zone`.
        var epoch: Int {
            var parts = tm()
            parts.tm_year = Int32(year - 1900); parts.tm_mon = Int32(month - 1); parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(hour); parts.tm_min = Int32(minute); parts.tm_sec = Int32(second)
            return Int(timegm(&parts)) - JournalFixture.zoneOffset
        }

        func entry(micros: Int) -> Entry {
            Entry(realtime: UInt64(epoch) * 1_000_000 + UInt64(micros), host: host, identifier: identifier, pid: pid,
                  message: Array(message.utf8))
        }

        /// The line as smtplog renders the entry (journalctl's short-iso-precise), written out
        /// here from the parts, in `JournalFixture.zone`.
        func rendered(micros: Int) -> String {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let fraction = String(String(micros + 1_000_000).dropFirst())
            let stamp = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second)).\(fraction)\(JournalFixture.zoneText)"
            return "\(stamp) \(host) \(identifier)\(pid.map { "[\($0)]" } ?? ""): \(message)"
        }

        var isMailProgram: Bool { identifier.hasPrefix("postfix") || identifier.hasPrefix("exim") }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Nov 21 06:25:01 mx1 postfix/smtpd[123]: message`, in `year`.
    static func parse(syslog line: Substring, year: Int) -> LogLine? {
        let words = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
        guard words.count == 5, let month = months.firstIndex(of: String(words[0])), let day = Int(words[1]) else { return nil }
        let clock = words[2].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let rest = words[4]
        guard let colon = rest.range(of: ": ") else { return nil }
        var tag = rest[..<colon.lowerBound]
        var pid: Int?
        if tag.hasSuffix("]"), let open = tag.lastIndex(of: "[") {
            pid = Int(tag[tag.index(after: open)..<tag.index(before: tag.endIndex)])
            tag = tag[..<open]
        }
        return LogLine(year: year, month: month + 1, day: day, hour: clock[0], minute: clock[1], second: clock[2],
                       host: String(words[3]), identifier: String(tag), pid: pid, message: String(rest[colon.upperBound...]))
    }

    /// Exim's own `2026-11-21 06:25:01 message`: in the journal, exim4's entries, as Exim
    /// writes them with `log_file_path = syslog` (syslog_timestamp off).
    static func parse(exim line: Substring, pid: Int) -> LogLine? {
        guard line.count > 20 else { return nil }
        let date = line.prefix(10).split(separator: "-").compactMap { Int($0) }
        let clock = line.dropFirst(11).prefix(8).split(separator: ":").compactMap { Int($0) }
        guard date.count == 3, clock.count == 3 else { return nil }
        return LogLine(year: date[0], month: date[1], day: date[2], hour: clock[0], minute: clock[1], second: clock[2],
                       host: "mx1", identifier: "exim4", pid: pid, message: String(line.dropFirst(20)))
    }

    /// The report JSON without what names the input: the inputs list and each example's file.
    /// Everything else (counts, days, hours, findings, example lines and their numbers) stays.
    static func withoutInputNames(_ json: Any) -> Any {
        if var object = json as? [String: Any] {
            object["inputs"] = nil
            object["file"] = nil
            return object.mapValues(withoutInputNames)
        }
        if let array = json as? [Any] { return array.map(withoutInputNames) }
        return json
    }

    static func jsonObject(_ data: Data) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError("not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return object
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        NSDictionary(dictionary: ["v": a]) == NSDictionary(dictionary: ["v": b])
    }

    /// Runs the built smtplog in `JournalFixture.zone`, from the package root.
    static func smtplog(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = zone
        return try Shell.run(Shell.smtplog, ["report", "--config", "/dev/null"] + arguments,
                             environment: environment, directory: Shell.packageRoot)
    }

    /// The keys whose differences would say which key differs first, for readable failures.
    static func differingKeys(_ a: [String: Any], _ b: [String: Any]) -> [String] {
        Set(a.keys).union(b.keys).sorted().filter { key in !equal(a[key] as Any, b[key] as Any) }
    }
}
