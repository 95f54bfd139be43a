import Foundation
import Testing
@testable import SMTPLogKit

/// Filters change the figures by exactly the lines they leave out. Which lines those are is
/// counted here from the raw text (the lines that write the client's address, the domain of a
/// `from=<>` or `to=<>`, a `sasl_username=`), among the lines that carry a reply or a notice
/// when read without a filter; the filtered run must differ from the unfiltered one by exactly
/// those lines, code by code, and in nothing else.
@Suite("Filtered reports", .serialized)
struct FilteredReportTests {
    /// A line as an unfiltered run reads it.
    struct Line {
        var text: String
        /// The reply's code and direction, for a line that carries one.
        var code: Int?
        var inbound = false
        var isNotice = false
        var judged: Bool { code != nil || isNotice }
    }

    static let year = 2026

    static func samplePath(_ name: String) -> String { Shell.packageRoot.appendingPathComponent("samples/\(name)").path }

    /// Every line of the log at `path` with what the parser, without filters, found in it.
    static func classify(_ path: String) throws -> [Line] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let parser = LineParser(years: .startingYear(year, firstMonth: nil))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { raw in
            var bytes = Array(raw.utf8)
            return bytes.withUnsafeMutableBufferPointer { buffer in
                var line = Line(text: String(raw))
                switch parser.parse(UnsafeBufferPointer(buffer)).kind {
                case .event(let event):
                    line.code = event.code
                    line.inbound = event.direction == .inbound
                case .notice: line.isNotice = true
                default: break
                }
                return line
            }
        }
    }

    static func analyze(_ path: String, _ filter: LineFilter = LineFilter(), threads: Int = 1) -> Report {
        var options = AnalysisOptions(startingYear: year, threads: threads)
        options.filter = filter
        options.minimumChunk = 64 * 1024
        return Report(inputs: Analyzer(options: options).analyze([InputName(path)]), filter: filter)
    }

    /// The filtered summary is the unfiltered one less exactly `leftOut`.
    static func expectDifference(_ whole: Report, _ filtered: Report, leftOut: [Line], _ label: String) {
        let a = whole.summary, b = filtered.summary
        #expect(!leftOut.isEmpty, "\(label): the test must leave something out")
        #expect(b.lines.read == a.lines.read, "\(label): lines read")
        #expect(b.lines.filtered == leftOut.count, "\(label): filtered \(b.lines.filtered), expected \(leftOut.count)")
        #expect(a.lines.filtered == 0)
        #expect(a.events - b.events == leftOut.filter { $0.code != nil }.count, "\(label): events")
        #expect(a.lines.understood - b.lines.understood == leftOut.filter(\.isNotice).count, "\(label): notices")
        for kind in [\LineTally.notUnderstood, \.otherPrograms, \.unrecognized, \.continuation, \.blank, \.oversized, \.outsideWindow] {
            #expect(a.lines[keyPath: kind] == b.lines[keyPath: kind], "\(label): \(kind)")
        }
        var codes: [Int: Int] = [:]
        for line in leftOut { if let code = line.code { codes[code, default: 0] += 1 } }
        for code in Set(a.codes.keys).union(b.codes.keys) {
            let difference = (a.codes[code]?.total ?? 0) - (b.codes[code]?.total ?? 0)
            #expect(difference == codes[code] ?? 0, "\(label): code \(code) differs by \(difference)")
        }
        let authLeftOut = leftOut.filter { ($0.code == 535 || $0.code == 530) && $0.inbound }.count
        #expect(a.authFailures.inbound - b.authFailures.inbound == authLeftOut, "\(label): inbound auth failures")
    }

    /// The addresses in `from=<…>` and `to=<…>` (not `orig_to=`), as the line writes them.
    static func envelopeDomains(_ text: String) -> [String] {
        var domains: [String] = []
        for field in [" from=<", ",from=<", " to=<", ",to=<"] {
            var search = text.startIndex
            while let open = text.range(of: field, range: search..<text.endIndex) {
                guard let close = text[open.upperBound...].firstIndex(of: ">") else { break }
                let address = text[open.upperBound..<close]
                if let at = address.lastIndex(of: "@") { domains.append(address[address.index(after: at)...].lowercased()) }
                search = close
            }
        }
        return domains
    }

    static func within(_ domain: String, _ filter: String) -> Bool { domain == filter || domain.hasSuffix("." + filter) }

    @Test("--exclude-client: one address, a /24 and an IPv6 /32 on the sample logs", arguments: [
        ("postfix.log", "203.0.113.45", "[203.0.113.45]"), ("postfix.log", "203.0.113.0/24", "[203.0.113."),
        ("postfix.log", "2001:db8::/32", "[2001:db8:"), ("exim.log", "203.0.113.77", "[203.0.113.77]"),
        ("exim.log", "203.0.113.0/24", "[203.0.113."),
    ])
    func excludeClient(_ sample: String, _ network: String, _ written: String) throws {
        let path = Self.samplePath(sample)
        let lines = try Self.classify(path)
        let naming = lines.filter { $0.judged && $0.text.contains(written) }
        // These samples use them for clients only: a server at such an address is not a client.
        #expect(naming.allSatisfy { $0.code == nil || $0.inbound })
        var filter = LineFilter()
        filter.excludeClients = [try ClientNetwork(parsing: network)]
        Self.expectDifference(Self.analyze(path), Self.analyze(path, filter), leftOut: naming, "\(sample) \(network)")
    }

    @Test("--only-client keeps only the replies to that network; notices and outbound replies go")
    func onlyClient() throws {
        let path = Self.samplePath("postfix.log")
        let lines = try Self.classify(path)
        let leftOut = lines.filter { $0.judged && !($0.inbound && $0.text.contains("[203.0.113.")) }
        var filter = LineFilter()
        filter.onlyClients = [try ClientNetwork(parsing: "203.0.113.0/24")]
        let filtered = Self.analyze(path, filter)
        Self.expectDifference(Self.analyze(path), filtered, leftOut: leftOut, "only 203.0.113.0/24")
        #expect(filtered.summary.codes.values.allSatisfy { $0.outbound == 0 })
    }

    @Test("--exclude-domain and --only-domain: sender or recipient, the domain and its subdomains", arguments: [
        "example.net", "example.org", "example.com",
    ])
    func domains(_ domain: String) throws {
        let path = Self.samplePath("postfix.log")
        let lines = try Self.classify(path)
        let naming = lines.filter { line in line.judged && Self.envelopeDomains(line.text).contains { Self.within($0, domain) } }
        var exclude = LineFilter()
        exclude.excludeDomains = [domain]
        Self.expectDifference(Self.analyze(path), Self.analyze(path, exclude), leftOut: naming, "not \(domain)")
        var only = LineFilter()
        only.onlyDomains = [try LineFilter.domain(domain.uppercased())]
        let others = lines.filter { line in line.judged && !Self.envelopeDomains(line.text).contains { Self.within($0, domain) } }
        Self.expectDifference(Self.analyze(path), Self.analyze(path, only), leftOut: others, "only \(domain)")
    }

    @Test("--exclude-user leaves out that user's failed logins, whatever the case")
    func excludeUser() throws {
        let path = Self.samplePath("postfix.log")
        let lines = try Self.classify(path)
        let naming = lines.filter { $0.judged && $0.text.hasSuffix("sasl_username=alice@example.com") }
        #expect(naming.count == 3)
        var filter = LineFilter()
        filter.excludeUsers = ["Alice@Example.COM"]
        let filtered = Self.analyze(path, filter)
        Self.expectDifference(Self.analyze(path), filtered, leftOut: naming, "not alice")
        #expect(filtered.summary.authUsers.counts["alice@example.com"] == nil)
        #expect(Self.analyze(path).summary.authUsers.counts["alice@example.com"] == 3)
    }

    @Test("a generated log: the planted guessing client and network, and a domain, on one core and on two")
    func generated() throws {
        let folder = try TemporaryFolder()
        let flavor = GeneratedTruthTests.Flavor(name: "filters", arguments: ["--flavor", "postfix", "--size", "2M", "--seed", "21"])
        let (path, truth) = try GeneratedTruthTests.generate(flavor, in: folder)
        let planted = try #require(truth["planted"] as? [[String: Any]])
        let single = try #require(planted.first { ($0["source"] as? String)?.hasPrefix("client ") == true }?["clients"] as? [String])[0]
        let lines = try Self.classify(path)
        let whole = Self.analyze(path)
        #expect(whole.summary.lines.read == truth["lines"] as? Int)
        #expect(whole.findings.contains { $0.kind == .passwordGuessing && $0.subjects[.clients]?.entries.contains { $0.name == single } == true })

        var filter = LineFilter()
        filter.excludeClients = [try ClientNetwork(parsing: single)]
        let naming = lines.filter { $0.judged && $0.text.contains("[\(single)]") }
        for threads in [1, 2] {
            let filtered = Self.analyze(path, filter, threads: threads)
            Self.expectDifference(whole, filtered, leftOut: naming, "not \(single), \(threads) threads")
            // The rules never see the lines: the client's password-guessing finding is gone.
            #expect(!filtered.findings.contains { $0.subjects.values.contains { $0.entries.contains { $0.name == single } } })
        }

        let subnet = try #require(planted.first { ($0["source"] as? String)?.hasPrefix("subnet ") == true }?["source"] as? String)
        let network = String(subnet.dropFirst("subnet ".count))
        let prefix = "[" + network.split(separator: "/")[0].split(separator: ".").prefix(3).joined(separator: ".") + "."
        var byNetwork = LineFilter()
        byNetwork.excludeClients = [try ClientNetwork(parsing: network)]
        Self.expectDifference(whole, Self.analyze(path, byNetwork), leftOut: lines.filter { $0.judged && $0.text.contains(prefix) },
                              "not \(network)")

        var byDomain = LineFilter()
        byDomain.excludeDomains = ["example.org"]
        let domainLines = lines.filter { line in line.judged && Self.envelopeDomains(line.text).contains { Self.within($0, "example.org") } }
        Self.expectDifference(whole, Self.analyze(path, byDomain, threads: 2), leftOut: domainLines, "not example.org")
    }

    @Test("the header, the Lines table and JSON say what was left out; without filters nothing changes")
    func rendering() throws {
        let path = Self.samplePath("postfix.log")
        var filter = LineFilter()
        filter.excludeClients = [try ClientNetwork(parsing: "203.0.113.45")]
        filter.onlyDomains = ["example.com"]
        let report = Self.analyze(path, filter)
        let left = report.summary.lines.filtered
        #expect(left > 0)
        let text = try report.rendered(.text, width: 200)
        #expect(text.contains("filters: not clients 203.0.113.45; only domains example.com: \(left.formatted) lines left out"))
        #expect(text.contains("left out by the filters"))
        #expect(try report.rendered(.markdown).contains("**Filters:** not clients 203.0.113.45; only domains example.com:"))
        #expect(try report.rendered(.html).contains("<th>Filters</th><td>not clients 203.0.113.45; only domains example.com: "))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let filters = try #require(json["filters"] as? [String: Any])
        #expect(filters["exclude_clients"] as? [String] == ["203.0.113.45"])
        #expect(filters["only_domains"] as? [String] == ["example.com"])
        #expect(filters["exclude_domains"] as? [String] == [])
        #expect(filters["lines"] as? Int == left)
        #expect((json["line_counts"] as? [String: Any])?["filtered"] as? Int == left)
        let prom = try report.rendered(.prometheus)
        #expect(prom.contains("smtplog_lines_total{kind=\"filtered\"} \(left)"))

        let plain = Self.analyze(path)
        let plainJSON = try #require(try JSONSerialization.jsonObject(with: Data(plain.rendered(.json).utf8)) as? [String: Any])
        #expect(plainJSON["filters"] == nil)
        #expect((plainJSON["line_counts"] as? [String: Any])?["filtered"] == nil)
        #expect(try !plain.rendered(.text).contains("filters:"))
        #expect(try !plain.rendered(.text).contains("left out by the filters"))
        #expect(try !plain.rendered(.prometheus).contains("filtered"))
    }
}
