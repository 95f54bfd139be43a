/// The messages in flight, by queue id (Postfix) or message id (Exim): what a delivery needs
/// from its message's arrival (the size, for bytes delivered) and what an arrival needs from
/// its first size line (bytes received, the sender's volume).
///
/// Bounded: at most `capacity` messages are kept; past it, the oldest half is dropped and
/// counted (`dropped`), and a delivery whose message was dropped is counted as one whose size
/// is unknown. A message leaves the table when it leaves the queue (`removed`, `Completed`).
/// An entry is 24 bytes; what only a few messages need (deliveries waiting for a size, the
/// sender of a size line met before its arrival) is kept apart, in `waiting`.
///
/// A value that merges: a file read in chunks, or a rotated set, puts an arrival in one part and
/// its deliveries in the next. Each part keeps what it could not settle, the messages still in
/// flight at its end and the ones it met first by a line other than their arrival ("head"
/// entries, with the deliveries and size lines they are waiting on), and `+=` settles them
/// against the part before. One pass, any number of chunks and a rotated set give the same
/// figures.
public struct MessageJoin: Sendable {
    public static let defaultCapacity = 100_000
    /// Deliveries kept per message while they wait for its size; the rest are counted.
    static let pendingLimit = 16

    /// A delivery waiting for its message's size: whom it went to, for their byte counts.
    struct Pending: Sendable, Equatable {
        var recipient: Correspondent
        var domain: Correspondent
    }

    struct Entry: Sendable, Equatable {
        /// Insertion order, to drop the oldest when the table is full.
        var order: Int
        /// The size of the first size line this part saw; -1 for none.
        var size = -1
        /// This part saw the message's arrival.
        var received = false
        /// This part met the message first by another line: its arrival and first size line
        /// may be in an earlier part.
        var head = false
        var removed = false
        /// `waiting` holds a record for this message.
        var hasWaiting = false
        /// The arrival this part saw came after a login (`sasl_username=`, Exim's `A=`): in the
        /// part that begins the run, the lines that follow the message are shown to the rules
        /// about logins' messages (`ObservationTopics.messageFlow`), those of other messages
        /// are not (`MessageTraffic.record`). Read while the part is read, never after a merge.
        var login = false

        /// The message may have been submitted after a login: this part saw its arrival after
        /// one, or has not seen its arrival at all.
        var mayFollowLogin: Bool { login || !received }
    }

    /// What a few messages wait for.
    struct Waiting: Sendable, Equatable {
        /// For a head entry whose size this part saw without its arrival: the sender that
        /// size line named, waiting to learn whether it was the message's first.
        var sender: Correspondent?
        var senderDomain: Correspondent?
        /// Deliveries seen before any size, at most `pendingLimit`; `pendingOverflow` counts
        /// the rest (bytes are still counted for them, the recipients' shares are not).
        var pending: [Pending] = []
        var pendingOverflow = 0

        var unsized: Int { pending.count + pendingOverflow }

        mutating func add(_ delivery: @autoclosure () -> Pending) {
            if pending.count < MessageJoin.pendingLimit { pending.append(delivery()) } else { pendingOverflow += 1 }
        }
    }

    /// A message as a merge sees it: its entry and what it waits for.
    struct Message {
        var entry: Entry
        var waiting: Waiting?
    }

    private(set) var entries = InFlightTable()
    private(set) var waiting: [BytesKey: Waiting] = [:]
    private var nextOrder = 0
    let capacity: Int
    /// Messages dropped from a full table.
    var dropped = 0
    /// Deliveries whose message was dropped or left the queue before a size was known.
    var unsizedGone = 0
    /// This part begins the run (the first chunk of the first input): no part comes before it,
    /// so a message it meets first by a later line can never be completed by a merge. Such a
    /// message is not kept for one once it leaves the queue, nor is the sender of its size
    /// line: on a 1 GB log these "head" records were 8 MB of the heap, kept to the end for
    /// nothing.
    var beginsRun = false

    init(capacity: Int = MessageJoin.defaultCapacity) {
        self.capacity = max(2, capacity)
    }

    /// One hash, for a message already held or new (made in place, then numbered): this runs
    /// for nearly every line about a message, and a lookup then an insert hashed a new one twice.
    @inline(__always)
    mutating func entry<Result>(_ key: BytesKey, head: Bool, _ body: (inout Entry) -> Result) -> Result {
        let made = Entry(order: nextOrder, head: head && !beginsRun)
        let (result, inserted) = entries.update(key, default: made, body)
        if inserted {
            nextOrder += 1
            if entries.count > capacity { prune() }
        }
        return result
    }

    /// The waiting record of `key`, made when new; the caller has set its entry's `hasWaiting`.
    mutating func waiting<Result>(_ key: BytesKey, _ body: (inout Waiting) -> Result) -> Result {
        body(&waiting[key, default: Waiting()])
    }

    /// Takes `key`'s waiting record out (its size became known); the caller clears or sets its
    /// entry's `hasWaiting`.
    mutating func takeWaiting(_ key: BytesKey) -> Waiting? {
        waiting.removeValue(forKey: key)
    }

    /// A message left the queue: forgotten, unless this part met it first by a later line
    /// (then a merge still needs it, marked as removed). Returns the entry forgotten, nil when
    /// there was none or it is kept.
    @inline(__always)
    @discardableResult
    mutating func remove(_ key: BytesKey) -> Entry? {
        let removed = entries.removeValue(forKey: key) { entry in
            guard entry.head else { return false }
            entry.removed = true
            return true
        }
        if let removed, removed.hasWaiting, let gone = waiting.removeValue(forKey: key) { unsizedGone += gone.unsized }
        return removed
    }

    /// Drops the oldest half, counting the deliveries that lose their size with them.
    private mutating func prune() {
        let oldest = entries.all.sorted { $0.entry.order < $1.entry.order }.prefix(entries.count - capacity / 2)
        for (key, entry) in oldest {
            entries[key] = nil
            dropped += 1
            if entry.hasWaiting, let gone = waiting.removeValue(forKey: key) { unsizedGone += gone.unsized }
        }
    }

    /// Deliveries still waiting for a size: their message's arrival is not in the log, or
    /// beyond what the table kept.
    var unsizedDeliveries: Int {
        waiting.values.reduce(unsizedGone) { $0 + $1.unsized }
    }

    /// Takes `other` (a later part) in: its entries replace or settle this part's; `settle`
    /// is called for each message met first in `other` that this part also holds, with this
    /// part's message and `other`'s, and returns the merged message (nil when it is finished).
    mutating func merge(_ other: MessageJoin, settle: (Message, Message) -> Message?) {
        dropped += other.dropped
        unsizedGone += other.unsizedGone
        for (key, theirs) in other.entries.all.sorted(by: { $0.entry.order < $1.entry.order }) {
            let theirWaiting = theirs.hasWaiting ? other.waiting[key] : nil
            let ours = entries[key]
            let ourWaiting = ours?.hasWaiting == true ? waiting.removeValue(forKey: key) : nil
            var merged: Message?
            if theirs.head, let ours {
                merged = settle(Message(entry: ours, waiting: ourWaiting), Message(entry: theirs, waiting: theirWaiting))
                merged?.entry.order = ours.order
            } else {
                // A new message under an id this part used: what the old one waited for is lost.
                unsizedGone += ourWaiting?.unsized ?? 0
                merged = Message(entry: theirs, waiting: theirWaiting)
                merged?.entry.order = nextOrder
                nextOrder += 1
            }
            guard var message = merged else {
                entries[key] = nil
                continue
            }
            // Into the part that begins the run, a message that has left the queue is done, as
            // one pass drops it at its removal: no part will come before to complete it. Kept,
            // such messages (met first in a later chunk by a line other than their arrival)
            // grew the total's table chunk after chunk: on the 1 GB log on two cores, 2.9 MB of
            // entries against 0.7 MB on one. What it still waited for is counted as gone, as
            // it was counted while kept.
            if beginsRun, message.entry.removed {
                unsizedGone += message.waiting?.unsized ?? 0
                entries[key] = nil
                continue
            }
            message.entry.hasWaiting = message.waiting.isSome
            entries[key] = message.entry
            if let record = message.waiting { waiting[key] = record }
        }
        if entries.count > capacity { prune() }
    }
}
