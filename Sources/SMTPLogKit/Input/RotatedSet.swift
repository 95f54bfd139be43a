#if canImport(Glibc)
import Glibc
#endif

/// Puts the files of rotated log sets (`mail.log.2.gz mail.log.1 mail.log`, or logrotate's
/// `dateext` names `mail.log-20261122.gz`) in the order they were written, oldest first,
/// whatever order the shell or the user gave them in, and drops a file named twice: every
/// event is counted once, and the report reads the same however the set was listed.
public enum RotatedSet {
    public struct Ordered: Sendable {
        public var names: [InputName]
        /// Names that were dropped because they denote a file already in the set.
        public var duplicates: [(duplicate: InputName, of: InputName)]
    }

    public static func order(_ names: [InputName]) -> Ordered {
        var seen: [FileIdentity: InputName] = [:]
        var kept: [InputName] = []
        var duplicates: [(duplicate: InputName, of: InputName)] = []
        for name in names {
            // One stat per name; with the dictionary, the whole check is linear in the names.
            if let identity = FileIdentity(input: name) {
                if let first = seen[identity] {
                    duplicates.append((name, first))
                    continue
                }
                seen[identity] = name
            }
            kept.append(name)
        }
        // A stable sort: files of different sets keep the order they were given in.
        let keyed = kept.enumerated().map { (key: sortKey($0.element), position: $0.offset, name: $0.element) }
        let firstPosition = Dictionary(keyed.map { ($0.key.base, $0.position) }, uniquingKeysWith: min)
        let sorted = keyed.sorted { a, b in
            let setA = firstPosition[a.key.base]!, setB = firstPosition[b.key.base]!
            if setA != setB { return setA < setB }
            if a.key.age != b.key.age { return a.key.age > b.key.age }
            return a.position < b.position
        }
        return Ordered(names: sorted.map(\.name), duplicates: duplicates)
    }

    /// The set a file belongs to and how old it is within it: `mail.log.3.gz` (or `.xz`, `.bz2`,
    /// `.zst`) is ("mail.log", 3); a `dateext` name counts back from its date; the live file is 0.
    static func sortKey(_ name: InputName) -> (base: String, age: Int) {
        guard !name.isStandardInput else { return ("-", 0) }
        var path = Substring(name.path)
        path = Compression.strippingSuffix(path)
        if let dot = path.lastIndex(of: "."), let number = Int(path[path.index(after: dot)...]),
           number >= 0, number < 100_000 {
            return (String(path[..<dot]), number)
        }
        if let dash = path.lastIndex(of: "-") {
            let suffix = path[path.index(after: dash)...]
            if suffix.count == 8, let date = Int(suffix), date > 19_700_000 {
                // Older dates are larger ages; all of them older than the live file.
                return (String(path[..<dash]), 100_000_000 - date)
            }
        }
        return (String(path), 0)
    }
}
