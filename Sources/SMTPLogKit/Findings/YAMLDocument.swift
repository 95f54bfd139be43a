import CYAML

/// One node of a YAML document, as the configuration reads it: a scalar's text, a list, or a
/// mapping's pairs in file order (repeated keys kept, so that the reader can refuse them), with
/// the line it starts on.
///
/// Scalars stay text: smtplog reads each value by what its key expects (a number, a duration, a
/// network), so no YAML type guessing is needed beyond null.
struct YAMLNode: Sendable {
    struct Pair: Sendable {
        var key: YAMLNode
        var value: YAMLNode
    }

    enum Content: Sendable {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    var content: Content
    /// The line the node starts on, from 1.
    var line: Int

    var scalar: String? {
        if case .scalar(let text) = content { return text }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// YAML's null (`key:` with nothing after it, `~`, `null`), as the scalar's text says it.
    var isNull: Bool {
        switch scalar {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

/// Why a text is not one YAML document: libyaml's words and where it stopped.
struct YAMLError: Error, Sendable {
    /// The line of the problem, from 1.
    var line: Int
    var message: String
}

/// Composes libyaml's events into one `YAMLNode` tree.
///
/// libyaml's parser keeps its own state stack, and so does this composer (an array of the
/// collections open), so a deeply nested file cannot overflow the thread's stack whatever
/// `ConfigTextLimits` lets through. Aliases share their anchor's node (nodes are values), so
/// `*a` costs no copy of what `&a` holds.
enum YAMLDocument {
    /// The document's root; nil for a file of comments and blank lines only.
    static func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        let result: Result<YAMLNode?, YAMLError> = bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLError(line: 1, message: "the YAML parser could not start (out of memory)"))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var composer = Composer()
            do throws(YAMLError) {
                while true {
                    var event = yaml_event_t()
                    guard yaml_parser_parse(&parser, &event) == 1 else {
                        throw parserError(parser, bytes: UnsafeBufferPointer(buffer))
                    }
                    defer { yaml_event_delete(&event) }
                    if try composer.take(event) { break }
                }
                return .success(composer.root)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The collections open and the anchors seen, fed one event at a time.
    private struct Composer {
        enum Open {
            case sequence([YAMLNode], anchor: String?, line: Int)
            case mapping([YAMLNode.Pair], key: YAMLNode?, anchor: String?, line: Int)
        }

        var open: [Open] = []
        var anchors: [String: YAMLNode] = [:]
        var root: YAMLNode?
        var documents = 0

        /// Takes one event; true at the end of the stream.
        mutating func take(_ event: yaml_event_t) throws(YAMLError) -> Bool {
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return true
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw YAMLError(line: line, message: "a second document (after ---); the configuration is one document")
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
                try finish(YAMLNode(content: .scalar(text), line: line), anchor: Self.text(scalar.anchor))
            case YAML_ALIAS_EVENT:
                let name = Self.text(event.data.alias.anchor) ?? ""
                guard var node = anchors[name] else {
                    throw YAMLError(line: line, message: "the alias *\(name) names no anchor (&\(name)) given before it")
                }
                node.line = line
                try finish(node, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                open.append(.sequence([], anchor: Self.text(event.data.sequence_start.anchor), line: line))
            case YAML_MAPPING_START_EVENT:
                open.append(.mapping([], key: nil, anchor: Self.text(event.data.mapping_start.anchor), line: line))
            case YAML_SEQUENCE_END_EVENT:
                guard case .sequence(let items, let anchor, let start)? = open.popLast() else { break }
                try finish(YAMLNode(content: .sequence(items), line: start), anchor: anchor)
            case YAML_MAPPING_END_EVENT:
                guard case .mapping(let pairs, _, let anchor, let start)? = open.popLast() else { break }
                try finish(YAMLNode(content: .mapping(pairs), line: start), anchor: anchor)
            default:
                break   // stream start, document end, no event
            }
            return false
        }

        /// A complete node: into the collection open, or the root.
        private mutating func finish(_ node: YAMLNode, anchor: String?) throws(YAMLError) {
            if let anchor { anchors[anchor] = node }
            guard let last = open.popLast() else {
                root = node
                return
            }
            switch last {
            case .sequence(var items, let anchor, let line):
                items.append(node)
                open.append(.sequence(items, anchor: anchor, line: line))
            case .mapping(var pairs, let key, let anchor, let line):
                if let key {
                    pairs.append(YAMLNode.Pair(key: key, value: node))
                    open.append(.mapping(pairs, key: nil, anchor: anchor, line: line))
                } else {
                    open.append(.mapping(pairs, key: node, anchor: anchor, line: line))
                }
            }
        }

        static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }

    /// libyaml's account of why it stopped: the problem, where, and what it was reading.
    private static func parserError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> YAMLError {
        func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        let problem = text(parser.problem) ?? "the parser stopped"
        if parser.error == YAML_READER_ERROR {
            // The reader gives a byte offset, not a mark.
            let offset = min(Int(parser.problem_offset), bytes.count)
            let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            return YAMLError(line: line, message: problem)
        }
        let mark = parser.problem_mark
        var message = "\(problem) (column \(Int(mark.column) + 1))"
        if let context = text(parser.context) {
            let at = parser.context_mark
            message += ", \(context) at line \(Int(at.line) + 1), column \(Int(at.column) + 1)"
        }
        return YAMLError(line: Int(mark.line) + 1, message: message)
    }
}
