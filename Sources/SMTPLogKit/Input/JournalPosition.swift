/// Where an incremental run (`--state`) stopped in the systemd journal: the cursor of the last
/// entry it counted, so that the next run continues with the entry after it, and how many lines
/// it rendered so far, so that line numbers in messages keep counting as they do for a file.
///
/// A cursor names an entry by the journal file's sequence-number id and the entry's number in
/// it (`s=…;i=…;b=…;m=…;t=…;x=…`). It survives rotation (`system.journal` archived to
/// `system@….journal`): the entry keeps its cursor in the archived file.
public struct JournalPosition: Codable, Sendable, Equatable {
    /// The cursor of the last entry the run passed (counted, or dropped before the window).
    public var cursor: String
    /// Lines rendered from the journal by all runs that saved this state.
    public var lines: Int

    /// systemd writes six fields of at most 32 hex digits: 220 bytes is a lot of room.
    public static let maximumCursorLength = 256

    public init(cursor: String, lines: Int) {
        self.cursor = cursor
        self.lines = lines
    }

    /// What is out of range, or nil. The cursor reaches libsystemd, so it must have its form:
    /// `key=hex` parts joined by `;`, each key one lowercase letter.
    func problem() -> String? {
        if !(0...ReadState.maximumOffset).contains(lines) { return "journal lines \(lines) out of range" }
        if !JournalPosition.isWellFormed(cursor) { return "journal cursor is not a systemd cursor" }
        return nil
    }

    static func isWellFormed(_ cursor: String) -> Bool {
        let bytes = Array(cursor.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumCursorLength else { return false }
        for part in bytes.split(separator: 0x3B, omittingEmptySubsequences: false) {
            guard part.count >= 3, (0x61...0x7A).contains(part[part.startIndex]), part[part.startIndex + 1] == 0x3D,
                  part.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return false }
        }
        return true
    }
}
