import Foundation
import Testing
@testable import SMTPLogKit

/// Every number read back from a state is range-checked: a damaged or edited state gives the
/// documented warning and a full read, never a wrap, negative line numbers or a trap.
@Suite("State file contents", .serialized)
struct ReadStateTests {
    /// A real state for a real log, as text, to be edited.
    static func savedState(in folder: TemporaryFolder) throws -> (log: String, state: String, text: String) {
        let log = try folder.write("mail.log", SyntheticMailLog.lines(0..<200))
        let state = folder.path("state")
        let run = IncrementalRun(state: nil, names: [InputName(log)])
        let results = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(run.names)
        try run.nextState(after: results).save(path: state)
        return (log, state, try String(contentsOfFile: state, encoding: .utf8))
    }

    static func replacing(_ text: String, _ key: String, with value: String) -> String {
        text.replacingOccurrences(of: #""\#(key)" : [^,\n]+"#, with: "\"\(key)\" : \(value)", options: .regularExpression)
    }

    @Test("numbers out of range: damaged, with the field named", arguments: [
        ("lines", "9223372036854775807", "lines 9223372036854775807 out of range"),
        ("lines", "-1", "lines -1 out of range"),
        ("offset", "-5", "offset -5 out of range"),
        ("offset", "9223372036854775807", "offset 9223372036854775807 out of range"),
        ("size", "-1", "size -1 out of range"),
        ("fingerprint_length", "0", "fingerprint_length 0 out of range"),
        ("fingerprint_length", "4096", "fingerprint_length 4096 out of range"),
        ("fingerprint", "\"../../etc\"", "fingerprint is not 16 hex digits"),
        ("generation", "-3", "generation -3 out of range"),
        ("generation", "9223372036854775807", "generation 9223372036854775807 out of range"),
        ("path", "\"\"", "path is empty"),
    ])
    func outOfRange(_ key: String, _ value: String, _ reason: String) throws {
        let folder = try TemporaryFolder()
        let (_, state, text) = try ReadStateTests.savedState(in: folder)
        let edited = ReadStateTests.replacing(text, key, with: value)
        #expect(edited != text)
        try folder.write("state", edited)
        let unusable = #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state) }
        #expect(unusable?.description.contains("state file is damaged (") == true)
        #expect(unusable?.description.contains(reason) == true, "\(unusable?.description ?? "")")
        #expect(unusable?.description.hasSuffix("; reading every input in full") == true)
    }

    @Test("numbers JSON cannot hold in an Int, and states too large to be one: damaged")
    func unreadableNumbers() throws {
        let folder = try TemporaryFolder()
        let (_, state, text) = try ReadStateTests.savedState(in: folder)
        for value in ["1e30", "18446744073709551616", "12.5", "\"12\""] {
            try folder.write("state", ReadStateTests.replacing(text, "lines", with: value))
            let unusable = #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state) }
            #expect(unusable?.description == "\(state): state file is damaged; reading every input in full", "\(value)")
        }
        try folder.write("state", String(repeating: " ", count: ReadState.maximumSize + 1))
        let large = #expect(throws: ReadState.Unusable.self) { try ReadState.load(path: state) }
        #expect(large?.description.contains("more than a state can hold") == true)
    }

    @Test("a huge line count in the state: a warning and a full read with the file's own line numbers, not negative ones")
    func hugeLineCount() throws {
        let folder = try TemporaryFolder()
        let (log, state, text) = try ReadStateTests.savedState(in: folder)
        try SyntheticMailLog.append(log, SyntheticMailLog.lines(200..<210))
        // What an overflow needs: an offset that matches the file and a count near Int.max.
        try folder.write("state", ReadStateTests.replacing(text, "lines", with: "9223372036854775800"))
        var previous: ReadState?
        do { previous = try ReadState.load(path: state) } catch { #expect(error.description.contains("damaged")) }
        #expect(previous == nil)
        let run = IncrementalRun(state: previous, names: [InputName(log)])
        #expect(run.starts.isEmpty, "a full read")
        let result = Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(run.names)[0]
        #expect(result.summary.lines.read == 210)
        let example = try #require(result.summary.detail(ReplyKey(code: 554, direction: .inbound))?.examples.first)
        #expect(example.line == 2, "the file's own line number")
    }

    @Test("a state of the first layout (smtplog.state/1) is read: the place is kept across the upgrade")
    func firstLayout() throws {
        let folder = try TemporaryFolder()
        let (log, state, text) = try ReadStateTests.savedState(in: folder)
        let old = text.replacingOccurrences(of: "smtplog.state/2", with: "smtplog.state/1")
            .replacingOccurrences(of: #"  "generation" : 1,\n"#, with: "", options: .regularExpression)
        #expect(!old.contains("generation"))
        try folder.write("state", old)
        let loaded = try #require(try ReadState.load(path: state))
        #expect(loaded.generation == 0)
        let run = IncrementalRun(state: loaded, names: [InputName(log)])
        #expect(run.starts[log]?.lines == 200)
        let next = run.nextState(after: Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(run.names))
        #expect(next.schema == "smtplog.state/2" && next.generation == 1)
    }

    @Test("each save is one generation more")
    func generations() throws {
        let folder = try TemporaryFolder()
        let (log, state, _) = try ReadStateTests.savedState(in: folder)
        #expect(try ReadState.load(path: state)?.generation == 1)
        for expected in 2...4 {
            let run = IncrementalRun(state: try ReadState.load(path: state), names: [InputName(log)])
            try run.nextState(after: Analyzer(options: AnalysisOptions(startingYear: 2026)).analyze(run.names)).save(path: state)
            #expect(try ReadState.load(path: state)?.generation == expected)
        }
    }
}
