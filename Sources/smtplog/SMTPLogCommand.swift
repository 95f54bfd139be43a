import ArgumentParser
import SMTPLogKit

@main
struct SMTPLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtplog",
        abstract: "Count and explain the SMTP replies in Postfix and Exim logs.",
        discussion: """
            Exit status: 0 success; 2 an input could not be read or was damaged (the other inputs \
            are still reported); 64 a usage error, or a code 'explain' does not know.
            """,
        version: BuildInfo.text,
        subcommands: [ReportCommand.self, MergeCommand.self, LinesCommand.self, TraceCommand.self, ExplainCommand.self,
                      CodesCommand.self],
        defaultSubcommand: ReportCommand.self
    )

    /// A report over thousands of files has their names set aside before parsing
    /// (`ReportCommand.setAside`): the parser's time grows with the square of their number.
    static func main() {
        AllocationPolicy.apply()
        main(ReportCommand.setAside(Array(CommandLine.arguments.dropFirst())))
    }
}
