import ArgumentParser
import SMTPLogKit

extension ExplainLanguage: ExpressibleByArgument {}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an SMTP reply code or an enhanced status code, or compare two.",
        discussion: """
            'smtplog explain 535' explains one code, 'smtplog explain 5.7.8' an enhanced status code, \
            and 'smtplog explain 251 551' compares two side by side: what each means, when you see it \
            (as a reply our server sent, and as a reply a remote server sent us), and how to fix it. \
            --lang translates the section headings; the text stays English. A malformed or unknown \
            code exits with status 64.
            """
    )

    @Argument(help: "One code (535, 5.7.8) or two to compare (251 551).")
    var codes: [String]

    @Option(help: "Language of the section headings: \(ExplainLanguage.allCases.map(\.rawValue).joined(separator: ", ")).")
    var lang: ExplainLanguage = .en

    @Option(help: "Wrap at this many columns (default: the terminal's width, at most 100).")
    var width: Int?

    func validate() throws {
        guard (1...2).contains(codes.count) else {
            throw ValidationError("give one code to explain, or two to compare")
        }
        if let width, width < 20 { throw ValidationError("--width must be at least 20") }
    }

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        var entries: [KnowledgeEntry] = []
        for code in codes {
            do {
                entries.append(try KnowledgeBase.entry(for: code))
            } catch {
                Terminal.diagnose(error.description)
                throw ExitCode.validationFailure
            }
        }
        let columns = width ?? Terminal.columns(default: 100, maximum: 100)
        let text = entries.count == 1
            ? ExplainRenderer.explain(entries[0], language: lang, width: columns)
            : ExplainRenderer.compare(entries[0], entries[1], language: lang, width: columns)
        Terminal.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}

struct CodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "List every reply code and enhanced status code smtplog knows, with its title."
    )

    @Option(help: "Language of the headings: \(ExplainLanguage.allCases.map(\.rawValue).joined(separator: ", ")).")
    var lang: ExplainLanguage = .en

    func run() throws {
        Terminal.ignoreBrokenPipeSignal()
        let text = ExplainRenderer.codeList(language: lang, width: Terminal.columns(default: 100, maximum: 100))
        Terminal.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}
