/// A code as a user or a log line wrote it, checked for form but not yet looked up. Parsing
/// first lets callers tell "that is not a code" from "that code is not known".
public enum CodeQuery: Hashable, Sendable, CustomStringConvertible {
    /// A three-digit RFC 5321 reply code.
    case reply(Int)
    /// An RFC 3463 `class.subject.detail` code.
    case enhanced(ReplyClass, subject: Int, detail: Int)

    public var description: String {
        switch self {
        case .reply(let code): String(code)
        case .enhanced(let replyClass, let subject, let detail): "\(replyClass.rawValue).\(subject).\(detail)"
        }
    }

    public var replyClass: ReplyClass {
        switch self {
        case .reply(let code): ReplyClass(code: code) ?? .permanentNegative
        case .enhanced(let replyClass, _, _): replyClass
        }
    }

    /// Accepts `535`, `5.7.8` and `4.7.8`, with white space around them. The rules are the
    /// RFCs' own: a reply code is three digits starting with 2 to 5 (RFC 5321 section 4.2),
    /// an enhanced code is class 2, 4 or 5 with a subject and a detail of one to three digits
    /// (RFC 3463 section 2).
    public init(parsing text: String) throws(KnowledgeError) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw .empty }
        if trimmed.contains(".") {
            self = try Self.enhanced(trimmed)
        } else {
            self = try Self.reply(trimmed)
        }
    }

    private static func reply(_ text: String) throws(KnowledgeError) -> CodeQuery {
        if let bad = text.unicodeScalars.first(where: { !isDigit($0) }) {
            throw .malformed(input: text, reason: "a reply code is three digits, like 535, but it contains \"\(bad)\"")
        }
        guard text.unicodeScalars.count == 3, let code = Int(text) else {
            throw .malformed(input: text, reason: "a reply code has exactly three digits, like 535")
        }
        guard (2...5).contains(code / 100) else {
            throw .malformed(input: text,
                             reason: "the first digit of a reply code is 2, 3, 4 or 5 (RFC 5321), not \(code / 100)")
        }
        return .reply(code)
    }

    private static func enhanced(_ text: String) throws(KnowledgeError) -> CodeQuery {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformed(input: text, reason: "an enhanced status code has three parts, class.subject.detail, like 5.7.8")
        }
        if parts[0] == "X" || parts[0] == "x" {
            throw .malformed(input: text, reason: "write the class digit instead of X, for example 4.\(parts[1]).\(parts[2]) "
                             + "or 5.\(parts[1]).\(parts[2])")
        }
        for part in parts where part.isEmpty || !part.unicodeScalars.allSatisfy(isDigit) {
            throw .malformed(input: text, reason: "class, subject and detail must all be numbers, like 5.7.8")
        }
        guard parts[1].count <= 3, parts[2].count <= 3 else {
            throw .malformed(input: text, reason: "subject and detail have one to three digits (RFC 3463)")
        }
        guard parts[0].count == 1, let digit = Int(parts[0]), [2, 4, 5].contains(digit),
              let replyClass = ReplyClass(rawValue: digit),
              let subject = Int(parts[1]), let detail = Int(parts[2]) else {
            throw .malformed(input: text,
                             reason: "the class of an enhanced status code is 2, 4 or 5 (RFC 3463), not \(parts[0])")
        }
        return .enhanced(replyClass, subject: subject, detail: detail)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}

private extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
