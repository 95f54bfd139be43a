/// A subject kept only for its first line (a host of a network that failed to log in, whose
/// line a finding shows): how often it came, which ranks it in its table, that line, and the
/// times and codes a merge payload carries for it.
///
/// It ranks, merges, cuts and is written in a payload as a `SubjectActivity` without a window
/// (weight the count, the earlier part's line kept), at 96 bytes a row instead of 120: no
/// held-back count, no busiest-window stamps, which such a table never has. One row per
/// client, 20,000 a core.
public struct SubjectExample: TableValue {
    public var count = 0
    /// `LogTime.packed`, 0 for none, as in `SubjectActivity`.
    var firstPacked = 0
    var lastPacked = 0
    public var example: LineExample?
    public var codes = SmallCounts<UInt16>()

    public init() {}

    public var weight: Int { count }

    /// Counts one event of the subject; its line is made only for the first.
    @inline(__always)
    mutating func record(_ time: LogTime?, code: Int, example: () -> LineExample) {
        count += 1
        codes.add(UInt16(clamping: code))
        if self.example.isNone { self.example = example() }
        guard let time else { return }
        if firstPacked == 0 || time.packed < firstPacked { firstPacked = time.packed }
        if time.packed > lastPacked { lastPacked = time.packed }
    }

    /// `rhs` comes after `lhs` in the log: its example is kept only when `lhs` had none.
    public static func + (lhs: SubjectExample, rhs: SubjectExample) -> SubjectExample {
        var merged = lhs
        merged.count += rhs.count
        merged.firstPacked = LogTime.earlierPacked(lhs.firstPacked, rhs.firstPacked)
        merged.lastPacked = max(lhs.lastPacked, rhs.lastPacked)
        merged.codes = lhs.codes + rhs.codes
        merged.example = lhs.example ?? rhs.example
        return merged
    }

    mutating func offsetExampleLine(by lines: Int) {
        example?.line += lines
    }

    /// The row as the `SubjectActivity` it stands for.
    var activity: SubjectActivity {
        var row = SubjectActivity()
        row.count = count
        row.firstPacked = firstPacked
        row.lastPacked = lastPacked
        row.codes = codes
        row.example = example
        return row
    }
}

/// In a merge payload, a row is written as the `SubjectActivity` it replaced, so that payloads
/// are the same whichever build wrote them.
extension SubjectExample: Codable {
    public init(from decoder: Decoder) throws {
        let row = try SubjectActivity(from: decoder)
        count = row.weight
        firstPacked = row.firstPacked
        lastPacked = row.lastPacked
        codes = row.codes
        example = row.example
    }

    public func encode(to encoder: Encoder) throws {
        try activity.encode(to: encoder)
    }
}

extension CappedTable where Value == SubjectExample {
    /// Moves every kept example's line number on.
    mutating func offsetExampleLines(by lines: Int) {
        updateAll { $0.offsetExampleLine(by: lines) }
    }
}
