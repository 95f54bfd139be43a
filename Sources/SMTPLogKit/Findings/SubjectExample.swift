/// A subject kept only for its first line (a host of a network that failed to log in, whose
/// line a finding shows): how often it came, which ranks it in its table, and that line.
///
/// It ranks, merges and cuts as a `SubjectActivity` that only counts does (weight the count,
/// the earlier part's line kept), at 48 bytes a row instead of 128 with its times, codes and
/// window, which such a table never showed: one row per client, 20,000 a core.
public struct SubjectExample: TableValue {
    public var count = 0
    public var example: LineExample?

    public init() {}

    public var weight: Int { count }

    /// Counts one event of the subject; its line is made only for the first.
    @inline(__always)
    mutating func record(example: () -> LineExample) {
        count += 1
        if self.example == nil { self.example = example() }
    }

    /// `rhs` comes after `lhs` in the log: its example is kept only when `lhs` had none.
    public static func + (lhs: SubjectExample, rhs: SubjectExample) -> SubjectExample {
        var merged = lhs
        merged.count += rhs.count
        merged.example = lhs.example ?? rhs.example
        return merged
    }

    mutating func offsetExampleLine(by lines: Int) {
        example?.line += lines
    }
}

/// In a merge payload, a row is written as the `SubjectActivity` it replaced (a count and a
/// line, no times or codes), so that payloads read the same whichever build wrote them.
extension SubjectExample: Codable {
    public init(from decoder: Decoder) throws {
        let row = try SubjectActivity(from: decoder)
        count = row.weight
        example = row.example
    }

    public func encode(to encoder: Encoder) throws {
        var row = SubjectActivity()
        row.count = count
        row.example = example
        try row.encode(to: encoder)
    }
}

extension CappedTable where Value == SubjectExample {
    /// Moves every kept example's line number on.
    mutating func offsetExampleLines(by lines: Int) {
        updateAll { $0.offsetExampleLine(by: lines) }
    }
}
