import Testing
@testable import SMTPLogKit

/// The composer over libyaml's events that reads smtplog.yml (it replaced Yams, and with it
/// Foundation in the binary): the shapes a configuration is written in, and the errors a broken
/// one gets, each with its line.
@Suite("YAML documents composed from libyaml's events")
struct YAMLDocumentTests {
    static func root(_ text: String) throws -> YAMLNode {
        try #require(try YAMLDocument.compose(text))
    }

    @Test("block and flow mappings and lists keep file order, lines and repeated keys")
    func shapes() throws {
        let node = try YAMLDocumentTests.root("""
            # smtplog.yml
            version: 2
            filters:
              exclude_clients: [192.0.2.7, "10.0.0.0/8"]
              only_domains:
                - example.org
                - 'example.net'
            auth_failures: {window: 10m, threshold: 3}
            version: 3
            """)
        let pairs = try #require(node.mapping)
        #expect(pairs.map { $0.key.scalar } == ["version", "filters", "auth_failures", "version"])
        #expect(pairs.map(\.key.line) == [2, 3, 8, 9])
        #expect(pairs[0].value.scalar == "2")
        let filters = try #require(pairs[1].value.mapping)
        #expect(filters[0].value.sequence?.map(\.scalar) == ["192.0.2.7", "10.0.0.0/8"])
        #expect(filters[1].value.sequence?.map(\.scalar) == ["example.org", "example.net"])
        #expect(filters[1].value.sequence?.map(\.line) == [6, 7])
        let auth = try #require(pairs[2].value.mapping)
        #expect(auth.map { "\($0.key.scalar ?? "?")=\($0.value.scalar ?? "?")" } == ["window=10m", "threshold=3"])
    }

    @Test("null is an empty plain value, ~ or null; a quoted word and a number are text")
    func nulls() throws {
        let pairs = try #require(try YAMLDocumentTests.root("a:\nb: ~\nc: null\nd: 'x'\ne: 0\nf: NULL\n").mapping)
        #expect(pairs.map(\.value.isNull) == [true, true, true, false, false, true])
        #expect(pairs[4].value.scalar == "0")
    }

    @Test("an alias is its anchor's node; an alias to nothing is an error on its line")
    func aliases() throws {
        let pairs = try #require(try YAMLDocumentTests.root("""
            nets: &ours [192.0.2.0/24, 198.51.100.0/24]
            again: *ours
            """).mapping)
        #expect(pairs[1].value.sequence?.map(\.scalar) == ["192.0.2.0/24", "198.51.100.0/24"])
        #expect(pairs[1].value.line == 2)
        #expect {
            try YAMLDocument.compose("a: 1\nb: *missing\n")
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.line == 2 && error.message.contains("*missing")
        }
    }

    @Test("comments only or nothing is no document; two documents are refused")
    func documents() throws {
        #expect(try YAMLDocument.compose("") == nil)
        #expect(try YAMLDocument.compose("# nothing set\n\n") == nil)
        #expect {
            try YAMLDocument.compose("a: 1\n---\nb: 2\n")
        } throws: { error in
            (error as? YAMLError).map { $0.line == 2 && $0.message.contains("second document") } ?? false
        }
    }

    @Test("libyaml's errors name the line, the column and what it was reading", arguments: [
        ("auth_failures:\n  window: 1h\n threshold: 3\n", 3),
        ("a: [1, 2\nb: 3\n", 2),
        ("a: 'open\n", 2),
        ("a: b: c\n", 1),
        ("a: \"\u{7}\"\n", 1),
    ])
    func errors(text: String, line: Int) {
        #expect {
            try YAMLDocument.compose(text)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            if error.line != line { Issue.record("line \(error.line), \(error.message)") }
            return error.line == line && !error.message.isEmpty
        }
    }

    @Test("the configuration reader words a YAML error with the file and line")
    func configurationError() {
        let message = ConfigFileTests.message("version: 2\nauth_failures:\n  window: [1h\n", source: "/etc/smtplog/smtplog.yml")
        #expect(message?.hasPrefix("/etc/smtplog/smtplog.yml:4: not valid YAML: ") == true, "\(message ?? "no error")")
    }

    @Test("nesting within the configuration's limit is composed without recursion")
    func nesting() throws {
        let depth = ConfigTextLimits.maximumDepth - 1
        let text = "a: " + String(repeating: "[", count: depth) + "x" + String(repeating: "]", count: depth) + "\n"
        var node = try #require(try YAMLDocumentTests.root(text).mapping?.first?.value)
        for _ in 0..<depth { node = try #require(node.sequence?.first) }
        #expect(node.scalar == "x")
    }
}
