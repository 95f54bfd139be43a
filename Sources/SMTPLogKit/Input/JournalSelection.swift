/// Which systemd journal `smtplog report --journal` reads, and which of its entries.
public struct JournalSelection: Sendable, Equatable {
    public enum Location: Sendable, Equatable {
        /// This machine's own system journal (`/var/log/journal`, `/run/log/journal`).
        case system
        /// `--journal-directory`: the journal files in a directory, copied from elsewhere or
        /// written by systemd-journal-remote.
        case directory(String)
        /// `--journal-file`: these files, read together and interleaved by time, as
        /// `journalctl --file` reads them.
        case files([String])
    }

    public var location: Location
    /// `--unit`: the entries of these systemd units (`postfix@-`, `exim4`, or a glob such as
    /// `postfix@*`); a name without a suffix is a `.service`. Empty: the entries whose syslog
    /// identifier is a Postfix or Exim program name (`postfix/smtpd`, `postfix-out/smtp`,
    /// `exim4`), the names the line parser reads as Postfix and Exim.
    public var units: [String]

    public init(location: Location = .system, units: [String] = []) {
        self.location = location
        self.units = units
    }

    /// How reports and messages name the journal: `journal`, `journal:DIR`, `journal:FILE`.
    public var name: InputName {
        switch location {
        case .system: return InputName("journal")
        case .directory(let path): return InputName("journal:" + path)
        case .files(let paths):
            let first = paths.first ?? ""
            return InputName("journal:" + first + (paths.count > 1 ? " and \(paths.count - 1) more" : ""))
        }
    }

    /// `name` completed as systemd completes a unit name: a name without a type suffix is a
    /// service (`exim4` is `exim4.service`).
    static func unitName(_ name: String) -> String {
        let types = [".service", ".socket", ".target", ".scope", ".slice", ".timer", ".mount", ".path", ".swap", ".device", ".automount"]
        return types.contains(where: { name.hasSuffix($0) }) ? name : name + ".service"
    }

    /// Whether `name` is a glob (`postfix@*`), matched against the units the journal holds.
    static func isGlob(_ name: String) -> Bool {
        name.contains("*") || name.contains("?") || name.contains("[")
    }
}
