import Foundation
import MailLogGenerator
import Testing
@testable import SMTPLogKit

/// `JSONWriter` must write what Foundation's `JSONEncoder` writes with the options the reports
/// used (pretty, sorted keys, slashes unescaped), byte for byte: the goldens, scripts diffing two
/// runs and `smtplog merge` depend on it. Each test encodes the same value with both and
/// compares the bytes, so any rule of Foundation's we got wrong shows here.
@Suite("JSONWriter writes JSONEncoder's bytes")
struct JSONWriterTests {
    static func foundation<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Both encodings of `value`, compared; a difference is shown with its surroundings.
    static func expectSame<T: Encodable>(_ value: T, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let theirs = try foundation(value)
        let ours = try JSONWriter.encode(value)
        guard ours != theirs else { return }
        let at = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ours.count, theirs.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 80)..<min(bytes.count, at + 80)], as: UTF8.self)
        }
        Issue.record("\(what): differs at byte \(at) of \(theirs.count)\nJSONEncoder: …\(around(theirs))…\nJSONWriter:  …\(around(ours))…",
                     sourceLocation: sourceLocation)
    }

    static func sample(_ name: String) -> String { Shell.packageRoot.appendingPathComponent("samples/" + name).path }

    static func report(_ path: String, year: Int?, host: String?, options: AnalysisOptions? = nil) -> Report {
        let result = Analyzer(options: options ?? AnalysisOptions(startingYear: year)).analyze(InputName(path))
        var report = Report(inputs: [result])
        if let host { report.name(host: host) }
        return report
    }

    // MARK: Reports

    @Test("the sample reports, as the goldens are made and without a host")
    func sampleReports() throws {
        let reports: [(String, Report)] = [
            ("postfix --host", JSONWriterTests.report(JSONWriterTests.sample("postfix.log"), year: 2026, host: "mx1.example.org")),
            ("exim --host", JSONWriterTests.report(JSONWriterTests.sample("exim.log"), year: nil, host: "mx2.example.org")),
            ("postfix", JSONWriterTests.report(JSONWriterTests.sample("postfix.log"), year: 2026, host: nil)),
            ("exim", JSONWriterTests.report(JSONWriterTests.sample("exim.log"), year: nil, host: nil)),
        ]
        for (name, report) in reports {
            let model = ReportModel(report)
            #expect(!model.findings.isEmpty, "\(name): a report without findings would test less")
            try JSONWriterTests.expectSame(JSONReport(model), name)
        }
        // The renderer is the writer plus a newline (the goldens themselves are compared by
        // `CommandLineTests`, which names the inputs as the command line does).
        let rendered = try JSONRenderer().render(ReportModel(reports[0].1))
        #expect(Array(rendered.utf8) == (try JSONWriterTests.foundation(JSONReport(ReportModel(reports[0].1)))) + [0x0A])
    }

    @Test("a generated log's report with every capped list cut, and its merge payload")
    func cutReport() throws {
        let folder = try TemporaryFolder()
        let options = try GeneratorArguments.options(["--flavor", "postfix", "--size", "1M", "--seed", "41"])
        let log = folder.path("cut.log")
        _ = try LogGenerator.write(options, to: log, truth: nil)
        var analysis = AnalysisOptions(startingYear: options.start.year)
        analysis.keyCapacity = 20
        let report = JSONWriterTests.report(log, year: nil, host: "mx7", options: analysis)
        let json = JSONReport(ReportModel(report))
        // The cut lists are there to compare: `clients_cut`, a cut table of senders.
        #expect(json.auth_failures.clients_cut != nil || json.relay_refusals.clients_cut != nil)
        #expect(json.messages.senders.cut)
        #expect(json.merge != nil)
        try JSONWriterTests.expectSame(json, "cut report")
        // And a merged report of it (`hosts`, no `host`).
        let merged = Report(merging: try #require(report.payload))
        try JSONWriterTests.expectSame(JSONReport(ReportModel(merged)), "merged report")
    }

    @Test("trace documents, hostile bytes included")
    func traces() throws {
        let analyzer = Analyzer(options: AnalysisOptions(startingYear: 2026))
        let bounces = analyzer.trace(try TraceQuery(senders: ["<>"]), inputs: [InputName(JSONWriterTests.sample("postfix.log"))])
        #expect(!bounces.messages.isEmpty)
        try JSONWriterTests.expectSame(TraceJSONRenderer.Document(bounces), "bounces")
        var log = Array("Nov 21 10:00:00 mx1 postfix/smtpd[1]: 0A1B2C3D4E: client=evil\u{1B}[2J.example[192.0.2.66]\n".utf8)
        log += Array("Nov 21 10:00:01 mx1 postfix/smtp[3]: 0A1B2C3D4E: to=<v@example.net>, relay=mx.example.net[198.51.100.9]:25, delay=1, delays=0/0/0/1, dsn=5.1.1, status=bounced (host mx.example.net[198.51.100.9] said: 550 5.1.1 bad \u{07}\u{2028}\"q\" \\".utf8)
        log += [0xFF, 0xFE] + Array(" user (in reply to RCPT TO command))\n".utf8)
        let hostile = analyzer.trace(try TraceQuery(queueIDs: ["0A1B2C3D4E"]), bytes: log)
        #expect(hostile.messages.count == 1)
        try JSONWriterTests.expectSame(TraceJSONRenderer.Document(hostile), "hostile trace")
    }

    // MARK: Hand-made values

    struct Texts: Encodable {
        var plain = "mx1.example.org"
        var quotes = "say \"hi\" \\ back\\slash / slash // http://x/y"
        var controls = String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self)
        var delete = "a\u{7F}b"
        var separators = "line\u{2028}para\u{2029}end"
        var nonBMP = "😀 𝄞 \u{10FFFF}"
        var accents = "é e\u{301} ß 日本"
        var repaired = String(decoding: [0x41, 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82] as [UInt8], as: UTF8.self)
        var bidi = "x\u{202E}gpj.exe"
        var empty = ""
        var list = ["", "\u{0}", "\t\n\r\u{8}\u{C}", "\u{1F}\u{7F}\u{80}\u{9F}\u{A0}"]
    }

    @Test("strings: quotes, backslash, slash, every control byte, DEL, U+2028, non-BMP, repaired UTF-8")
    func strings() throws {
        try JSONWriterTests.expectSame(Texts(), "texts")
        try JSONWriterTests.expectSame(Texts().controls, "a top-level string")
    }

    @Test("keys are sorted by their UTF-8 bytes, not by Unicode or case")
    func keyOrder() throws {
        let keys = ["b", "a", "B", "A", "", "ab", "a b", "a\"", "a\\", "10", "9", "é", "z\u{301}", "😀", "\u{FFFF}", "\u{7F}",
                    "\u{1}", "Z", "_", "~", "aa", "a\u{0}",
                    // Beyond 16 bytes (where the writer stops comparing by prefix) and around it.
                    "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqr", "abcdefghijklmnoq", "abcdefghijklmnop\u{0}",
                    "abcdefghijklmnopé", "abcdefghijklmnopa", "abcdefgh", "abcdefghi", "inbound_by_client", "inbound"]
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
        try JSONWriterTests.expectSame(dictionary, "string keys")
        try JSONWriterTests.expectSame([10: "ten", 9: "nine", -1: "minus", 100: "hundred"], "integer keys")
        try JSONWriterTests.expectSame(["outer": ["x": dictionary], "Outer": ["y": dictionary, "x": [:]]], "nested")
    }

    struct Numbers: Encodable {
        var doubles: [Double] = [0, -0.0, 0.001, 1, 1.5, -1.5, 123456.789, 1e-7, 1e21, 1e16, 9007199254740992, 4.5e15,
                                 0.1 + 0.2, 1 / 3, 2.5e-5, 1e-4, 12345678901234567168, .greatestFiniteMagnitude,
                                 .leastNonzeroMagnitude, .leastNormalMagnitude, 100, 1000.5, 86400.001]
        var rounded = (0..<50).map { (Double($0) * 1234.5678 / 7 * 1000).rounded() / 1000 }
        var delay: Double = 0.001
        var average: Double? = 123456.789
        var none: Double? = nil
        var float: Float = 0.1
        var floats: [Float] = [0, 1, 1.5, 3.4e38, 1e-7, 16777216]
        var ints: [Int] = [0, -1, 1, 9, 10, -10, Int.max, Int.min]
        var small: [Int8] = [.min, .max, 0]
        var unsigned: [UInt64] = [0, .max]
        var unsignedSmall: UInt8 = 255
        var int32: Int32 = .min
        var flags = [true, false]
    }

    @Test("numbers: integers at their limits, doubles integral, tiny, huge and rounded to 3 decimals")
    func numbers() throws {
        try JSONWriterTests.expectSame(Numbers(), "numbers")
        for value in Numbers().doubles { try JSONWriterTests.expectSame(["v": value], "\(value)") }
        try JSONWriterTests.expectSame(1.5, "a top-level double")
        try JSONWriterTests.expectSame(Decimal(string: "12.50"), "a decimal")
    }

    @Test("NaN, infinity and nesting deeper than 512 fail in both")
    func failures() throws {
        #expect(throws: EncodingError.self) { try JSONWriterTests.foundation(["v": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode(["v": Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode(Nothing()) }
        #expect(throws: EncodingError.self) { try JSONWriterTests.foundation(Nothing()) }
        var deep = Deep(inner: nil)
        for _ in 0..<600 { deep = Deep(inner: deep) }
        #expect(throws: (any Error).self) { try JSONWriterTests.foundation(deep) }
        #expect(throws: EncodingError.self) { try JSONWriter.encode(deep) }
        var shallow = Deep(inner: nil)
        for _ in 0..<100 { shallow = Deep(inner: shallow) }
        try JSONWriterTests.expectSame(shallow, "100 levels")
    }

    final class Deep: Encodable {
        let inner: Deep?
        init(inner: Deep?) { self.inner = inner }
    }

    /// Encodes nothing at all.
    struct Nothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    struct Empties: Encodable {
        var object: [String: Int] = [:]
        var array: [Int] = []
        var strings: [String] = []
        var nested: [[Int]] = [[], []]
        var objects: [[String: Int]] = [[:]]
        var nothing = Nothing()
        var nothings = [Nothing(), Nothing()]
        var deeper = ["a": ["b": [String: [Int]]()]]
    }

    struct Optionals: Encodable {
        var absent: Int?
        var present: Int? = 3
        var doubleAbsent: Int??
        var innerNil: Int?? = .some(nil)
        var innerValue: Int?? = .some(4)
        var list: [Int?] = [1, nil, 3]
        var map: [String: String?] = ["a": "x", "b": nil]
        var nestedList: [[String?]?] = [nil, [nil, "y"]]
        var example: LineExample? = LineExample(file: "/var/log/mail.log", line: 7, text: "a \"line\"")
        var noExample: LineExample?
        var time: LogTime? = LogTime(year: 2026, month: 11, day: 22, hour: 6, minute: 25, second: 1)
    }

    @Test("empty objects and arrays at every depth, and nested optionals")
    func emptiesAndOptionals() throws {
        try JSONWriterTests.expectSame(Empties(), "empties")
        try JSONWriterTests.expectSame([Int](), "a top-level empty array")
        try JSONWriterTests.expectSame([String: Int](), "a top-level empty object")
        try JSONWriterTests.expectSame(Optionals(), "optionals")
        try JSONWriterTests.expectSame([Optionals(), Optionals(absent: 1, present: nil, doubleAbsent: .some(.some(2)))], "optionals list")
    }

    /// Hand-written coding as `PayloadCoding` and others do it, and the corners of the protocol.
    struct HandWritten: Encodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: Key("twice"))
            try container.encode("last", forKey: Key("twice"))
            var rules = container.nestedContainer(keyedBy: Key.self, forKey: Key("rules"))
            try rules.encode([1, 2], forKey: Key("b"))
            var again = container.nestedContainer(keyedBy: Key.self, forKey: Key("rules"))
            try again.encode(true, forKey: Key("a"))
            var list = container.nestedUnkeyedContainer(forKey: Key("list"))
            try list.encode(1)
            var inner = list.nestedContainer(keyedBy: Key.self)
            try inner.encodeNil(forKey: Key("nil"))
            var innerList = list.nestedUnkeyedContainer()
            try innerList.encode("x")
            try list.encode(Nothing())
            let listSuper = list.superEncoder()
            var listSuperValue = listSuper.singleValueContainer()
            try listSuperValue.encode(5)
            try Texts().encode(to: container.superEncoder())
            _ = container.superEncoder(forKey: Key("unused super"))
            var same = encoder.container(keyedBy: Key.self)
            try same.encode(2.5, forKey: Key("same container"))
            try same.encode(URL(string: "https://example.org/a b?q=1")!, forKey: Key("url"))
            try same.encode(Data([0, 1, 2, 250, 251]), forKey: Key("data"))
            try same.encode(Date(timeIntervalSinceReferenceDate: 86400.5), forKey: Key("date"))
            try same.encode(Severity.critical, forKey: Key("severity"))
        }
    }

    @Test("hand-written coding: keys set twice, containers asked for again, super encoders, Foundation types")
    func handWritten() throws {
        try JSONWriterTests.expectSame(HandWritten(), "hand-written")
        try JSONWriterTests.expectSame([HandWritten(), HandWritten()], "in an array")
    }
}
