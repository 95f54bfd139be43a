#if canImport(Glibc)
import Glibc
#endif

/// Bounds on a configuration file, checked on its bytes before the YAML parser sees them.
///
/// The parser (libyaml under Yams) recurses once per nesting level, so a file of a few
/// thousand `[` overflows the stack and kills the process, and it holds the whole document in
/// memory. smtplog runs as root from cron and reads a file anyone with write access to
/// /etc/smtplog or the user's config directory may have written, so a hostile or broken file
/// must be an error that names it, never a crash. smtplog's own configuration is two levels
/// deep and a few kilobytes long; the limits leave room for comments and never bind a real one.
public enum ConfigTextLimits {
    /// Larger than any configuration smtplog reads could be (the documented one is 3 KB).
    public static let maximumBytes = 1 << 20
    /// Block and flow levels together; smtplog's keys are two levels deep.
    public static let maximumDepth = 32

    /// Nil when `text` is within the limits, else the error for it.
    ///
    /// A byte scan, not a parse: block nesting is the stack of indentations of the lines that
    /// hold something (plus each `- ` that opens a sequence entry on the same line), flow
    /// nesting is the `[`/`{` depth outside quotes and comments. Both only over-count (a key
    /// at a deeper indentation without a parent counts as a level), which can only make the
    /// check stricter than the parser, never let a deeper file through.
    public static func violation(in text: String, source: String) -> ConfigError? {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            return ConfigError(file: source, line: nil, key: nil,
                               message: "is \(size) bytes long; a configuration file may hold at most \(maximumBytes) bytes (1 MiB)")
        }
        let bytes = Array(text.utf8)
        var line = 1
        var indents: [Int] = []   // the indentation of each block level open at this line
        var flowDepth = 0
        var quote: UInt8 = 0      // the quote character of an open flow scalar, 0 outside
        var index = 0
        func depthError() -> ConfigError {
            ConfigError(file: source, line: line, key: nil,
                        message: "nested deeper than \(maximumDepth) levels; smtplog's configuration is two levels deep")
        }
        while index < bytes.count {
            // The start of a line: its indentation, then any `- ` entries it opens.
            var indent = 0
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { indent += 1; index += 1 }
            let blank = index == bytes.count || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x23
            if !blank && flowDepth == 0 && quote == 0 {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                // `- - - x` opens one sequence level per dash.
                while index + 1 < bytes.count, bytes[index] == 0x2D, bytes[index + 1] == 0x20 {
                    index += 2
                    indent += 2
                    while index < bytes.count, bytes[index] == 0x20 { indent += 1; index += 1 }
                    indents.append(indent)
                }
                if indents.count > maximumDepth { return depthError() }
            }
            // The rest of the line: flow brackets outside quotes and comments.
            var previous: UInt8 = 0x20
            while index < bytes.count, bytes[index] != 0x0A {
                let byte = bytes[index]
                index += 1
                defer { previous = byte }
                if quote != 0 {
                    if byte == quote { quote = 0 }
                    continue
                }
                switch byte {
                case 0x22 where flowDepth > 0 || previous == 0x20 || previous == 0x3A,
                     0x27 where flowDepth > 0 || previous == 0x20 || previous == 0x3A:
                    // A quote opens a scalar only where one can start, not inside `don't`.
                    quote = byte
                case 0x23 where previous == 0x20 || previous == 0x09:
                    // A comment runs to the end of the line.
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                case 0x5B, 0x7B:
                    flowDepth += 1
                    if indents.count + flowDepth > maximumDepth { return depthError() }
                case 0x5D, 0x7D:
                    flowDepth = max(0, flowDepth - 1)
                default:
                    break
                }
            }
            index += 1
            line += 1
        }
        return nil
    }

    /// Reads the configuration file at `path`, refusing what is not a regular file (a FIFO or
    /// `/dev/zero` would hang or fill memory) and anything over `maximumBytes`, without reading
    /// more than one byte past the limit.
    public static func read(path: String) throws(ConfigError) -> String {
        func failure(_ message: String) -> ConfigError { ConfigError(file: path, line: nil, key: nil, message: message) }
        switch WholeFile.read(path, limit: maximumBytes, followLinks: true) {
        case .missing: throw failure("cannot be read: " + String(cString: strerror(ENOENT)))
        case .failed(let code): throw failure("cannot be read: " + String(cString: strerror(code)))
        case .symbolicLink, .notRegularFile: throw failure("is not a regular file")
        case .tooLarge: throw failure("is larger than \(maximumBytes) bytes (1 MiB), the most a configuration file may hold")
        case .read(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }
}
