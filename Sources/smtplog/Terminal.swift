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

    static func write(_ text: String, fd: Int32 = 1) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE && fd == 1 { exit(0) }
                    return
                }
                offset += n
            }
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
