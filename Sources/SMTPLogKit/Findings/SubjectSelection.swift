/// The rows of a rule's subject table that make one finding, summed in one pass without copying
/// the table: how many, how often, when, which codes, the top subjects and their own lines.
struct SubjectSelection<Key: Hashable & Comparable & Sendable> {
    /// Subjects selected.
    var subjects = 0
    var count = 0
    var heldBack = 0
    var first: LogTime?
    var last: LogTime?
    var codes: [Int: Int] = [:]
    /// The most counted subjects, most first, ties by key.
    var top: [(key: Key, value: SubjectActivity)] = []
    /// Every selected key, to pick the names of exactly these subjects.
    var keys: Set<Key> = []

    init(_ table: CappedTable<Key, SubjectActivity>, top limit: Int, where include: (Key, SubjectActivity) -> Bool) {
        for (key, row) in table.entries where include(key, row) {
            subjects += 1
            count += row.count
            heldBack += row.heldBack
            keys.insert(key)
            if let time = row.first, first == nil || time < first! { first = time }
            if let time = row.last, last == nil || last! < time { last = time }
            for (code, n) in zip(row.codes.values, row.codes.counts) { codes[Int(code), default: 0] += n }
        }
        top = table.ranked(limit: limit) { key, row in include(key, row) }
    }

    /// Every row of `table`, and with them the events of the rows the table dropped when it was
    /// cut: those belong to this selection too, so they count in `count` and, not being listed,
    /// in the subject list's `hidden`; listed plus hidden stays the finding's total. (A dropped
    /// row's held-back messages, if any, count among these events: the table keeps one sum.)
    /// A selection with a condition cannot do this, since a dropped row cannot be judged; its
    /// rule's cut list is named in the finding's statement instead (`CutTable.statementNote`).
    init(everyRowOf table: CappedTable<Key, SubjectActivity>, top limit: Int) {
        self.init(table, top: limit) { _, _ in true }
        count += table.otherEvents
    }

    var isEmpty: Bool { subjects == 0 && count == 0 }

    /// The code most events carried, ties by the lower code.
    var dominantCode: Int? {
        codes.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    /// The top subjects as a list: `hidden` is the events of the subjects not listed, so that
    /// listed plus hidden is `count + heldBack`.
    func nameList(_ name: (Key) -> String) -> Finding.NameList {
        let entries = top.map { Finding.Entry(name: name($0.key), count: $0.value.weight) }
        return Finding.NameList(entries: entries, hidden: count + heldBack - entries.reduce(0) { $0 + $1.count },
                                distinct: subjects)
    }

    /// The listed subjects' own lines, most counted subject first.
    func examples(limit: Int = 2) -> [LineExample] {
        Array(top.compactMap(\.value.example).prefix(limit))
    }
}

extension CappedTable where Value == SubjectActivity {
    /// The `limit` most counted rows that pass `include`, most first, ties by key. Ranks the
    /// rows' positions and copies only the rows it returns: copying each row and its key to
    /// compare it was most of the selection's cost (callgrind).
    func ranked(limit: Int, where include: (Key, Value) -> Bool) -> [(key: Key, value: Value)] {
        guard limit > 0 else { return [] }
        func before(_ a: Int, _ b: Int) -> Bool {
            let left = values[a].weight, right = values[b].weight
            return left != right ? left > right : keys[a] < keys[b]
        }
        var kept: [Int] = []
        kept.reserveCapacity(limit + 1)
        for index in keys.indices {
            if kept.count == limit, !before(index, kept[limit - 1]) { continue }
            guard include(keys[index], values[index]) else { continue }
            kept.insert(index, at: kept.firstIndex { before(index, $0) } ?? kept.count)
            if kept.count > limit { kept.removeLast() }
        }
        return kept.map { (key: keys[$0], value: values[$0]) }
    }

    /// Moves every kept example's line number on.
    mutating func offsetExampleLines(by lines: Int) {
        updateAll { $0.offsetExampleLine(by: lines) }
    }
}

/// A subject under one reply topic: a destination deferring us for greylisting and the same
/// destination refusing us on a blocklist are two findings, each with its own fix. The name is
/// hashed once per observation (`HashedName`).
struct TopicKey: Hashable, Comparable, Sendable {
    var topic: UInt8
    var key: HashedName
    var name: String { key.string }

    init(topic: UInt8, name: HashedName) {
        self.topic = topic
        key = name
    }

    init(topic: UInt8, name: String) {
        self.init(topic: topic, name: HashedName(name))
    }

    static func < (lhs: TopicKey, rhs: TopicKey) -> Bool {
        lhs.topic != rhs.topic ? lhs.topic < rhs.topic : lhs.key < rhs.key
    }

    /// Without a `Hasher` run per look-up, as `HashedName`'s own.
    @inline(__always)
    func _rawHashValue(seed: Int) -> Int {
        key._rawHashValue(seed: HashedName.mixed(Int(topic), seed: seed))
    }
}

/// Words for statements.
enum Wording {
    static func plural(_ count: Int, _ noun: String, _ nouns: String? = nil) -> String {
        "\(count.formatted) \(count == 1 ? noun : nouns ?? noun + "s")"
    }

    static func duration(_ seconds: Int) -> String {
        if seconds % 86_400 == 0 { return plural(seconds / 86_400, "day") }
        if seconds % 3_600 == 0 { return seconds == 3_600 ? "an hour" : plural(seconds / 3_600, "hour") }
        if seconds % 60 == 0 { return plural(seconds / 60, "minute") }
        return plural(seconds, "second")
    }
}

extension Int {
    /// `12,345`: statements are read by people.
    var formatted: String {
        let digits = String(magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}
