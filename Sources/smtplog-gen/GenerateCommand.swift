import ArgumentParser
import MailLogGenerator
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Flavor: ExpressibleByArgument {}
extension TimestampStyle: ExpressibleByArgument {}

/// `smtplog-gen`: the command line of MailLogGenerator, with gen-maillog's options.
@main
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtplog-gen",
        abstract: "Write a synthetic Postfix or Exim log and the exact answer an analyzer must find in it.",
        discussion: """
            The same options always give the same bytes. The truth file is a JSON object with \
            gen-maillog's keys (lines, events, codes, classes, implied_codes, by_day, \
            auth_failures, relay_refusals, messages, sessions) and a list of the attacks planted \
            in the log. Exit status: 0 success; 1 the log or the truth could not be written; \
            64 a usage error.
            """
    )

    @Option(help: "postfix or exim.")
    var flavor: Flavor = .postfix

    @Option(help: "Postfix: syslog ('Nov 21 06:25:01') or rfc3339. Exim writes its own.")
    var timestamps: TimestampStyle = .syslog

    @Option(help: "Stop once about this many bytes are written: a number, or one with K, M or G (10M, 1G).")
    var size: String = "10M"

    @Option(help: "The seed of the log's random source (0 to 18446744073709551615).")
    var seed: UInt64 = 1

    @Option(help: "The wall-clock time of the log's start, 2026-11-21T00:00:00.")
    var start: String = GeneratorOptions.defaultStart.text

    @Option(help: "The log's span in days; every line lies before start + days.")
    var days: Double = 2

    @Option(help: "The host name syslog lines carry.")
    var host: String = "mx1"

    @Flag(help: "Write the log gzip-compressed.")
    var gzip = false

    @Option(help: "Where to write the log ('-' for stdout).")
    var out: String = "-"

    @Option(help: "Where to write the truth JSON.")
    var truth: String?

    func run() throws {
        let options: GeneratorOptions
        do {
            options = GeneratorOptions(flavor: flavor, timestamps: timestamps, size: try ByteSize(parsing: size), seed: seed,
                                       start: try StartTime(parsing: start), days: days, host: host, gzip: gzip)
            try options.validate()
        } catch {
            throw ValidationError(error.description)
        }
        do {
            _ = try LogGenerator.write(options, to: out, truth: truth)
        } catch {
            printError("smtplog-gen: \(error.description)\n")
            throw ExitCode(1)
        }
    }
}

/// Writes a message to stderr in one piece.
func printError(_ message: String) {
    let bytes = Array(message.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
        if n <= 0 { if n < 0, errno == EINTR { continue }; return }
        offset += n
    }
}
