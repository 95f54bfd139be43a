/// A list with a cap on its keys that folds what it drops into one count (`KeyedCounts`,
/// `CappedTable`, `NamePairs`): what a report needs to say how much such a list left out.
public protocol CappedList {
    var capacity: Int { get }
    /// Keys listed now.
    var listedKeys: Int { get }
    /// Events counted under the keys listed now.
    var listedEvents: Int { get }
    /// Events counted under keys the list dropped: listed plus other is every event it was given.
    var otherEvents: Int { get }
    /// Keys dropped; an upper bound of the distinct keys left out, since a key dropped, seen
    /// again and dropped again (or dropped on two cores) counts each time.
    var droppedKeys: Int { get }
}

/// How far one capped list was cut, for a warning: the same figures whether the list is the
/// summary's or a rule's, and whether it was filled on one core or merged from several (each
/// figure is read from the merged list, whose counts of what was dropped are sums).
public struct CutTable: Sendable, Equatable, CustomStringConvertible {
    /// Where the events of the entries a list dropped went: what a reader must know to check
    /// listed + left out = total, and to read the findings' figures.
    public enum LeftOut: Sendable, Equatable {
        /// A summary's list: in its "other" row.
        case underOther
        /// A rule's subjects, in a table whose findings each take some rows (a threshold, a
        /// topic): a dropped row cannot be judged, so its events are in no finding.
        case inNoFinding
        /// A rule's subjects or names, in a table whose finding takes every row: its events are
        /// counted in the finding and in its list's `hidden`, just not named.
        case countedNotNamed
        /// Names seen with a rule's subjects (users by client) or rows kept for their example
        /// lines: the findings' counts come from another table and are whole; these names are
        /// only missing from its lists, and from their `hidden`.
        case notListed
    }

    /// The rule's configuration section (`auth_failures`); nil for the summary's own lists.
    public var rule: String?
    /// What the list holds, in words: `clients`, `user names by client`.
    public var name: String
    public var capacity: Int
    public var listed: Int
    public var listedEvents: Int
    public var otherEvents: Int
    public var droppedKeys: Int
    public var leftOut: LeftOut

    public init(rule: String? = nil, name: String, capacity: Int, listed: Int, listedEvents: Int, otherEvents: Int,
                droppedKeys: Int, leftOut: LeftOut) {
        self.rule = rule
        self.name = name
        self.capacity = capacity
        self.listed = listed
        self.listedEvents = listedEvents
        self.otherEvents = otherEvents
        self.droppedKeys = droppedKeys
        self.leftOut = leftOut
    }

    /// The state of `list`, cut or not.
    public init(_ name: String, _ list: some CappedList, leftOut: LeftOut) {
        self.init(name: name, capacity: list.capacity, listed: list.listedKeys, listedEvents: list.listedEvents,
                  otherEvents: list.otherEvents, droppedKeys: list.droppedKeys, leftOut: leftOut)
    }

    /// A list is cut once it dropped a key.
    public var isCut: Bool { droppedKeys > 0 }
    /// Every event the list was given: what it lists plus what it left out.
    public var total: Int { listedEvents + otherEvents }

    /// The warning stderr shows: the cap, what is listed, what was left out and where those
    /// events went, so that listed + left out = total can be checked by a reader.
    public var description: String {
        let list = rule.map { "the \($0) rule's list of \(name)" } ?? "the list of \(name)"
        let destination = switch leftOut {
        case .underOther: "are counted under other"
        case .inNoFinding: "are in none of its findings"
        case .countedNotNamed: "are counted in its findings, not listed by name"
        case .notListed: "are left out of its findings' lists, not out of their counts"
        }
        return "\(list) was cut at \(capacity.formatted) entries and lists \(listed.formatted) "
            + "with \(listedEvents.formatted) events; \(otherEvents.formatted) events from up to "
            + "\(droppedKeys.formatted) entries left out \(destination) (\(total.formatted) in all)"
    }

    /// What a finding of the rule adds to its statement when this list was cut: its counts and
    /// lists are true to what the rule kept, and this says what it did not keep.
    public var statementNote: String {
        let destination = switch leftOut {
        case .underOther, .notListed: "are not listed"
        case .inNoFinding: "are in no finding"
        case .countedNotNamed: "are counted, not named"
        }
        return "the rule's list of \(name) was cut at \(capacity.formatted) entries: \(otherEvents.formatted) events "
            + "of up to \(droppedKeys.formatted) more entries \(destination)"
    }
}

extension KeyedCounts: CappedList {
    public var listedKeys: Int { table.count }
    public var listedEvents: Int { table.values.reduce(0) { $0 + $1.count } }
}

extension CappedTable: CappedList {
    public var listedKeys: Int { count }
    public var listedEvents: Int { total - otherEvents }
}
