import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// The executable's only way to the outside: stdout for the report, stderr for diagnostics.
enum Terminal {
    /// A closed pipe (`smtplog report ... | head`) is the reader saying "enough": not an error.
    static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// What became of a write to stdout.
    enum Delivery: Equatable {
        case written
        /// The reader went away (EPIPE): `| head` has what it wanted.
        case readerClosed
        /// Anything else (a full disk, `/dev/full`, a closed descriptor): the report is not out.
        case failed(String)
    }

    /// Writes all of `text` to `fd`, retrying short writes and EINTR, and says how it went.
    /// - Parameter flush: when `fd` is a regular file, `fsync` it too: a report that a crash
    ///   could still take away must not let the state move past its lines.
    static func deliver(_ text: String, fd: Int32 = 1, flush: Bool = false) -> Delivery {
        var text = text
        var outcome = Delivery.written
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    outcome = errno == EPIPE ? .readerClosed : .failed(reason(errno))
                    return
                }
                offset += n
            }
        }
        var info = stat()
        if flush, outcome == .written, fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
           fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            outcome = .failed(reason(errno))
        }
        return outcome
    }

    /// `strerror`, lower-cased to read as `smtplog: what: no space left on device`.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return (text.first?.lowercased() ?? "") + text.dropFirst()
    }

    /// For everything but the report: a closed pipe on stdout ends the run quietly with 0, any
    /// other failure to write stdout ends it with 2 and a message; stderr failures are ignored
    /// (there is nowhere left to say so).
    static func write(_ text: String, fd: Int32 = 1) {
        let outcome = deliver(text, fd: fd)
        guard fd == 1 else { return }
        switch outcome {
        case .written: return
        case .readerClosed: exit(0)
        case .failed(let reason):
            diagnose("cannot write the output: \(reason)")
            exit(2)
        }
    }

    /// Messages carry file names and words from the logs (program names, hosts): escaped here,
    /// once for all of them, so that no message can drive the terminal. Escaping is idempotent.
    static func diagnose(_ message: String) {
        write("smtplog: \(DisplayText.escaped(message))\n", fd: 2)
    }

    static func warn(_ message: String) {
        write("smtplog: warning: \(DisplayText.escaped(message))\n", fd: 2)
    }

    /// The terminal's width when stdout is one, else `default`; never more than `maximum`.
    static func columns(default fallback: Int, maximum: Int) -> Int {
        var size = winsize()
        guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallback }
        return min(Int(size.ws_col), maximum)
    }

    /// The width the text report is laid out for: the terminal's when stdout is one, then
    /// `$COLUMNS` (as a shell exports it), else 80, a mail's width, for pipes and cron.
    static func reportWidth() -> Int {
        var size = winsize()
        if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return TextRenderer.mailWidth
    }

    static func isColorTerminal(fd: Int32) -> Bool {
        guard isatty(fd) == 1 else { return false }
        if getenv("NO_COLOR") != nil { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }
}
