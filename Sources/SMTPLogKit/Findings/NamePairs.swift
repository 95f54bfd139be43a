/// Names seen with the subjects of a rule, with how often: the users each client tried, the
/// domains each client was refused relay for, the addresses each server forwarded to.
///
/// Counted per (subject, name) pair, exactly up to the list cap like every keyed list, so that a
/// finding lists the names of exactly its own subjects, the most frequent first: a per-subject
/// set of a few names would have to choose which names to forget before it knew which ones
/// were frequent.
public struct NamePairs<Subject: Hashable & Comparable & Sendable>: Sendable, Equatable {
    /// The name hashed once (`HashedName`): a pair's hash is then two words, not two strings.
    struct Pair: Hashable, Comparable, Sendable {
        var subject: Subject
        var name: HashedName
        static func < (lhs: Pair, rhs: Pair) -> Bool {
            lhs.subject != rhs.subject ? lhs.subject < rhs.subject : lhs.name < rhs.name
        }

        /// The subject's hash seeds the name's: no `Hasher` run per look-up when the subject
        /// is a hashed name too.
        @inline(__always)
        func _rawHashValue(seed: Int) -> Int {
            name._rawHashValue(seed: subject._rawHashValue(seed: seed))
        }
    }

    /// A `KeyedCounts` of pairs, which keeps its keys and counts in dense rows with an index of
    /// row numbers: a `[Pair: Int]` of 20,000 pairs had 32,768 buckets of 56 bytes (1.8 MB),
    /// and several rules keep a few such lists.
    var counts: KeyedCounts<Pair>

    public init(capacity: Int) {
        counts = KeyedCounts<Pair>(capacity: capacity)
    }

    public var isTruncated: Bool { counts.isTruncated }
    public var capacity: Int { counts.capacity }
    public var listedKeys: Int { counts.count }
    public var listedEvents: Int { counts.listedEvents }
    /// Occurrences of the pairs dropped: a name and the subject it came with are both lost, so
    /// a finding about some subjects cannot claim them (`names(top:of:)` leaves them out), and a
    /// finding about every subject counts them as not listed (`namesOfAll(top:)`).
    public var otherEvents: Int { counts.otherEvents }
    public var droppedKeys: Int { counts.droppedKeys }

    @inline(__always)
    public mutating func add(subject: Subject, name: HashedName) {
        counts.add(Pair(subject: subject, name: name))
    }

    @inline(__always)
    public mutating func add(subject: Subject, name: String) {
        add(subject: subject, name: HashedName(name))
    }

    /// The names of the subjects that pass `include`, most frequent first (ties by name), at most
    /// `top`; `hidden` counts the occurrences of the names not listed.
    public func names(top: Int, of include: (Subject) -> Bool) -> Finding.NameList {
        var totals: [HashedName: Int] = [:]
        for (pair, tally) in counts.entries where include(pair.subject) { totals[pair.name, default: 0] += tally.count }
        return NamePairs.list(totals, top: top)
    }

    /// `names(top:of:)` of each subject alone, made in one pass over the pairs: a rule with a
    /// finding per subject (a user's guessed login) asking for each in turn walked every pair
    /// once per subject.
    public func namesBySubject(top: Int) -> [Subject: Finding.NameList] {
        var totals: [Subject: [HashedName: Int]] = [:]
        for (pair, tally) in counts.entries { totals[pair.subject, default: [:]][pair.name, default: 0] += tally.count }
        return totals.mapValues { NamePairs.list($0, top: top) }
    }

    private static func list(_ totals: [HashedName: Int], top: Int) -> Finding.NameList {
        let ranked = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let shown = ranked.prefix(top).map { Finding.Entry(name: $0.key.string, count: $0.value) }
        let all = totals.values.reduce(0, +)
        return Finding.NameList(entries: shown, hidden: all - shown.reduce(0) { $0 + $1.count }, distinct: totals.count)
    }

    /// The names of every subject, for a finding that takes every subject: the occurrences of
    /// the pairs the list dropped are theirs too, so `hidden` counts them, and listed plus
    /// hidden is every occurrence added.
    public func namesOfAll(top: Int) -> Finding.NameList {
        var list = names(top: top) { _ in true }
        list.hidden += counts.otherEvents
        return list
    }

    /// How many distinct names each subject has.
    public func distinctNames() -> [Subject: Int] {
        var result: [Subject: Int] = [:]
        for pair in counts.table.keys { result[pair.subject, default: 0] += 1 }
        return result
    }

    public static func += (lhs: inout NamePairs, rhs: NamePairs) {
        lhs.counts += rhs.counts
    }
}

extension NamePairs: CappedList {}
