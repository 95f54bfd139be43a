import Foundation
import Testing
import SMTPLogKit
import SMTPLogFuzzing

/// Every input in Fixtures/fuzz (what `.ci/fuzz` found, and hand-made hostile inputs) through
/// the fuzz target's own entry point: an input that once crashed must never crash again, and
/// none may lose or double-count a line.
@Suite("Fuzz inputs replayed")
struct FuzzRegressionTests {
    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("fuzz")
    }

    static let inputs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }()

    @Test("the folder holds the hand-made inputs at least")
    func inputsExist() {
        for name in ["nul-bytes", "invalid-utf8", "truncated-prefixes", "terminal-escapes", "long-lines"] {
            #expect(FuzzRegressionTests.inputs.contains(name), "Fixtures/fuzz/\(name) is missing")
        }
    }

    @Test("each input runs through every stage, and its lines add up", arguments: inputs)
    func replay(_ name: String) throws {
        let data = try Data(contentsOf: FuzzRegressionTests.folder.appendingPathComponent(name))
        let bytes = [UInt8](data)
        let outcome = try FuzzTarget.run(bytes)
        #expect(outcome.violations.isEmpty, "\(name): \(outcome.violations.joined(separator: "; "))")

        // Counted here without the library: a newline ends a line, and bytes after the last
        // newline are one more.
        let newlines = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let expected = newlines + (bytes.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
        let l = outcome.lines
        #expect(l.read == expected, "\(name): read \(l.read) lines, the file holds \(expected)")
        #expect(l.events + l.understood + l.notUnderstood + l.otherPrograms + l.continuation + l.unrecognized
                + l.blank + l.oversized == l.read, "\(name): the line kinds do not add up to \(l.read): \(l)")
        #expect(!outcome.text.isEmpty && !outcome.json.isEmpty)
    }
}
