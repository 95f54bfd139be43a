import ArgumentParser
import SMTPLogKit

/// `smtplog report --journal`: the options that read the systemd journal instead of, or
/// besides, log files. Kept apart from the report's other options so that the journal is one
/// block in `ReportCommand`.
struct JournalOptions: ParsableArguments {
    @Flag(help: ArgumentHelp("Read the mail programs' entries from this machine's systemd journal (syslog identifiers postfix… and exim…, or --unit).",
                             discussion: "Reads through libsystemd, as root or in the systemd-journal or adm group. The window (--day, --since, --until) seeks by the journal's own timestamps, shown in local time. With --state the journal cursor is kept: the next run continues after the last entry counted."))
    var journal = false

    @Option(name: .customLong("unit"),
            help: ArgumentHelp("With --journal: read the entries of this systemd unit instead (postfix@-, exim4, or a glob such as 'postfix@*'; '.service' is added when no type is given). Repeatable.",
                               valueName: "name"))
    var units: [String] = []

    @Option(name: .customLong("journal-file"),
            help: ArgumentHelp("Read this journal file (copied from elsewhere), as --journal reads the machine's journal; implies --journal. Repeatable: the files are read together, in time order.",
                               valueName: "path"))
    var journalFiles: [String] = []

    @Option(name: .customLong("journal-directory"),
            help: ArgumentHelp("Read the journal files in this directory; implies --journal.", valueName: "dir"))
    var journalDirectory: String?

    /// Whether the journal is read at all.
    var isRequested: Bool { journal || !journalFiles.isEmpty || journalDirectory != nil }

    /// Units are at most a few hundred bytes; a longer name is a mistake, not a unit.
    static let maximumUnitLength = 256

    func validate() throws {
        if !units.isEmpty && !isRequested {
            throw ValidationError("--unit selects journal entries: give it with --journal, --journal-file or --journal-directory")
        }
        if !journalFiles.isEmpty && journalDirectory != nil {
            throw ValidationError("--journal-file and --journal-directory cannot be combined")
        }
        for unit in units where unit.isEmpty || unit.utf8.count > Self.maximumUnitLength || unit.utf8.contains(where: { $0 < 0x20 }) {
            throw ValidationError("--unit takes a unit name of 1 to \(Self.maximumUnitLength) printable characters, not '\(DisplayText.escaped(unit))'")
        }
        for path in journalFiles + [journalDirectory].compactMap({ $0 }) where path.isEmpty || path.utf8.contains(0) {
            throw ValidationError("--journal-file and --journal-directory need a path")
        }
    }

    /// What to read, or nil when the journal is not asked for.
    var selection: JournalSelection? {
        guard isRequested else { return nil }
        if let journalDirectory { return JournalSelection(location: .directory(journalDirectory), units: units) }
        if !journalFiles.isEmpty { return JournalSelection(location: .files(journalFiles), units: units) }
        return JournalSelection(location: .system, units: units)
    }
}
