/// The authenticated messages in flight, by queue id (Postfix) or message id (Exim), so that
/// their recipients count for the user and hour that submitted them: Postfix's qmgr
/// `nrcpt=N (queue active)` (the first one per message; it is logged again on every retry),
/// Exim's deliveries and bounces (one line per recipient, deferrals left out).
///
/// A value that merges like `MessageJoin`: a message submitted at the end of one chunk has its
/// recipients in the next. Each part keeps the lines it could not place (`orphans`: a recipient
/// count or deliveries for an id it never saw submitted) and `+=` places them against the
/// messages the part before left open. Only the lines of a part's first `orphanWindow` seconds
/// are kept so: qmgr logs `nrcpt=` within a second of the submission, and a spam run's
/// deliveries follow it within minutes; a recipient line later than that for a message of the
/// part before is not counted (a delivery deferred for over an hour across a chunk boundary).
/// A Postfix message leaves the table once its `nrcpt=` is counted (its later `(queue active)`
/// lines are retries); an Exim message on `Completed`. What is left when the table is full is
/// a message that never got either (queued for days, frozen), dropped oldest first.
///
/// Bounded: at most `capacity` open messages (past it the oldest half is dropped, `dropped`) and
/// `capacity` orphans (`orphansDropped` counts the rest).
struct AccountMessages: Sendable, Equatable, CappedList {
    /// The user and hour a message was submitted in; the user hashed once per login
    /// (`HashedName`), for the hour's row and every later line of the message.
    struct Owner: Hashable, Comparable, Sendable {
        var userKey: HashedName
        /// `yyyymmddhh`.
        var hour: Int
        var user: String { userKey.string }

        init(user: HashedName, hour: Int) {
            userKey = user
            self.hour = hour
        }

        static func < (lhs: Owner, rhs: Owner) -> Bool {
            lhs.userKey != rhs.userKey ? lhs.userKey < rhs.userKey : lhs.hour < rhs.hour
        }

        /// Without a `Hasher` run per look-up, as `HashedName`'s own.
        @inline(__always)
        func _rawHashValue(seed: Int) -> Int {
            userKey._rawHashValue(seed: HashedName.mixed(hour, seed: seed))
        }
    }

    struct Open: Sendable, Equatable {
        var owner: Owner
        /// Submission order, to drop the oldest from a full table.
        var order: Int
    }

    /// What a part saw of a message whose submission it did not see.
    struct Orphan: Sendable, Equatable {
        /// The first `nrcpt=`; -1 for none.
        var recipients = -1
        var deliveries = 0
        /// Exim's `Completed`: the message left the queue.
        var removed = false
    }

    /// Seconds from a part's first line in which lines of messages it did not see submitted
    /// are kept for the part before.
    static let orphanWindow: UInt32 = 3_600

    private(set) var open: [BytesKey: Open] = [:]
    private(set) var orphans: [BytesKey: Orphan] = [:]
    private var nextOrder = 0
    let capacity: Int
    private(set) var dropped = 0
    private(set) var orphansDropped = 0
    /// The first stamp this part saw (seconds, log clock); nil before any.
    private var partFirst: UInt32?
    /// This part begins the run, or holds every part before the ones merged into it: a line it
    /// cannot place now can never be placed, and is not kept. Without this, a run folding
    /// 5,000 small files kept every unauthenticated message's `nrcpt=` line of every file (each
    /// file is all "first hour") until the list of 20,000 was cut.
    var beginsRun = false

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    /// As a capped list: the messages held open and the lines waiting for an owner, each
    /// capped at `capacity`; what was dropped adds no recipients to any finding.
    var listedKeys: Int { open.count + orphans.count }
    var listedEvents: Int { open.count + orphans.count }
    var otherEvents: Int { dropped + orphansDropped }
    var droppedKeys: Int { dropped + orphansDropped }

    /// Notes the stamp of a line: the first one starts the part's orphan window.
    @inline(__always)
    private mutating func note(_ stamp: UInt32?) -> Bool {
        guard let stamp else { return false }
        if partFirst == nil { partFirst = stamp }
        return stamp >= partFirst! && stamp - partFirst! < AccountMessages.orphanWindow
    }

    /// A message submitted after a login.
    mutating func submitted(_ id: BytesKey, by owner: Owner, at stamp: UInt32?) {
        _ = note(stamp)
        open[id] = Open(owner: owner, order: nextOrder)
        nextOrder += 1
        if open.count > capacity { pruneOldest() }
    }

    /// Postfix's `nrcpt=`: the recipients of its owner, the first time; nil when the message
    /// is not known here (kept as an orphan).
    /// `count` reads the line's `nrcpt=` (-1 for none), only for a message that needs it.
    mutating func recipients(_ id: BytesKey, at stamp: UInt32?, _ count: () -> Int) -> (owner: Owner, count: Int)? {
        let early = note(stamp)
        if let message = open[id] {
            let recipients = count()
            guard recipients >= 0 else { return nil }
            open.removeValue(forKey: id)
            return (message.owner, recipients)
        }
        if early {
            orphan(id) { if $0.recipients < 0 { $0.recipients = count() } }
        }
        return nil
    }

    /// Exim's `Completed`.
    mutating func removed(_ id: BytesKey, at stamp: UInt32?) {
        let early = note(stamp)
        if open.removeValue(forKey: id) == nil, early { orphan(id) { $0.removed = true } }
    }

    /// One of Exim's deliveries or bounces: one recipient of its owner.
    mutating func delivered(_ id: BytesKey, at stamp: UInt32?) -> Owner? {
        let early = note(stamp)
        if let message = open[id] { return message.owner }
        if early { orphan(id) { $0.deliveries += 1 } }
        return nil
    }

    private mutating func orphan(_ id: BytesKey, _ change: (inout Orphan) -> Void) {
        guard !beginsRun else { return }
        if orphans[id] == nil, orphans.count >= capacity {
            orphansDropped += 1
            return
        }
        change(&orphans[id, default: Orphan()])
    }

    private mutating func pruneOldest() {
        let kept = open.sorted { $0.value.order < $1.value.order }.suffix(capacity / 2)
        dropped += open.count - kept.count
        open = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }

    /// Adds `other`, which comes after `self`: its orphans are settled against the messages
    /// left open here; `count(owner, recipients)` receives the recipients so placed, in the
    /// order of the orphans' ids.
    ///
    /// The orphans are taken in id order only when this part's may fill on the way (which are
    /// kept then depends on it); otherwise only the few placed are put in that order for
    /// `count`. Sorting every orphan (each message of the part's first hour) was nearly all of
    /// the join's cost for this rule (callgrind).
    mutating func merge(_ other: AccountMessages, count: (Owner, Int) -> Void) {
        if orphans.count + other.orphans.count > capacity {
            for (id, orphan) in other.orphans.sorted(by: { $0.key < $1.key }) {
                settle(id, orphan, count: count)
            }
        } else {
            var placed: [(id: BytesKey, step: Int, owner: Owner, count: Int)] = []
            for (id, orphan) in other.orphans {
                settle(id, orphan) { placed.append((id, placed.count, $0, $1)) }
            }
            placed.sort { $0.id != $1.id ? $0.id < $1.id : $0.step < $1.step }
            for entry in placed { count(entry.owner, entry.count) }
        }
        for (id, message) in other.open {
            var moved = message
            moved.order += nextOrder
            open[id] = moved
        }
        nextOrder += other.nextOrder
        if let first = other.partFirst, partFirst == nil || first < partFirst! { partFirst = first }
        dropped += other.dropped
        orphansDropped += other.orphansDropped
        if open.count > capacity { pruneOldest() }
    }

    /// One orphan of the part after this one, placed on a message left open here or kept.
    private mutating func settle(_ id: BytesKey, _ orphan: Orphan, count: (Owner, Int) -> Void) {
        if let message = open[id] {
            if orphan.deliveries > 0 { count(message.owner, orphan.deliveries) }
            if orphan.recipients >= 0 {
                count(message.owner, orphan.recipients)
                open.removeValue(forKey: id)
            }
            if orphan.removed { open.removeValue(forKey: id) }
        } else if beginsRun {
            // Nothing before this part: the line's message was never submitted after a login.
            return
        } else if var earlier = orphans[id] {
            if earlier.recipients < 0 { earlier.recipients = orphan.recipients }
            earlier.deliveries += orphan.deliveries
            earlier.removed = earlier.removed || orphan.removed
            orphans[id] = earlier
        } else if orphans.count < capacity {
            orphans[id] = orphan
        } else {
            orphansDropped += 1
        }
    }
}
