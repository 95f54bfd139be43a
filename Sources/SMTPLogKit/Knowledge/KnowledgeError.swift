/// Why a code could not be explained. Malformed input and unknown-but-valid codes are kept
/// apart because they need different answers: a typo needs the right syntax, while a vendor's
/// private code (`5.7.606`) is real and simply not in any registry.
public enum KnowledgeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing was given (or only white space).
    case empty
    /// The text is not written like an SMTP code at all; `reason` says which rule it breaks.
    case malformed(input: String, reason: String)
    /// Well formed, but not a code the knowledge base holds.
    case unknown(CodeQuery)

    public var description: String {
        switch self {
        case .empty:
            return "no code given: expected a reply code such as 535 or an enhanced status code such as 5.7.8"
        case .malformed(let input, let reason):
            return "\"\(Self.printable(input, limit: 40))\" is not an SMTP code: \(Self.printable(reason))"
        case .unknown(.reply(let code)):
            return "\(code) is a well-formed reply code, but no RFC the knowledge base covers defines it; "
                + "servers that send it use it privately, so read the text that came with it"
        case .unknown(let query):
            return "\(query) is a well-formed enhanced status code, but it is not in the IANA registry; "
                + "it is probably a provider's private detail code, so read the text that came with it"
        }
    }

    /// Input comes from a command line or a log and goes back to a terminal: control
    /// characters are shown as escapes and very long input is cut.
    private static func printable(_ input: String, limit: Int = .max) -> String {
        var out = ""
        for scalar in input.unicodeScalars.prefix(limit) {
            let value = scalar.value
            if value < 0x20 || (value >= 0x7F && value <= 0x9F) {
                out += "\\u{" + String(value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return input.unicodeScalars.count > limit ? out + "…" : out
    }
}
