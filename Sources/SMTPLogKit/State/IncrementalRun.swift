/// One `--state` run: which inputs resume where, which rotated files are added so that no line
/// is lost, and the state to save once the report is out.
public struct IncrementalRun: Sendable {
    /// The inputs to read, in rotation order: the given ones, plus a predecessor a live log was
    /// rotated into since the last run when it was not given.
    public private(set) var names: [InputName]
    /// Where each input (by path) resumes; absent: read from the start.
    public private(set) var starts: [String: StartPoint] = [:]
    /// What the run did differently from a full read, for stderr.
    public private(set) var notes: [String] = []
    private var heads: [String: ContentHead] = [:]
    private var matched: [String: ReadState.Entry] = [:]
    /// The generation of the state this run started from; the next state is one more.
    public private(set) var generation = 0
    /// The counters' totals the state carried (`--format prometheus`): the run adds its own.
    public private(set) var totals: [String: Int] = [:]
    /// Where the last run that read the journal stopped in it (`--journal`).
    public private(set) var journal: JournalPosition?
    /// What each authenticated user usually sends, as the last run left it.
    public private(set) var accounts: AccountBaseline?

    /// Suffixes a log is rotated to, by logrotate's default and with `delaycompress` off, with
    /// any `compresscmd` (gzip, xz, bzip2, zstd).
    static let rotatedSuffixes = [".1"] + Compression.allCases.map { ".1" + $0.suffix }
        + [".0"] + Compression.allCases.map { ".0" + $0.suffix }

    public init(state: ReadState?, names: [InputName]) {
        self.names = names
        generation = state?.generation ?? 0
        totals = state?.counterTotals ?? [:]
        journal = state?.journal
        accounts = state?.accounts
        let entries = state?.files ?? []
        var used = Set<Int>()
        for name in names where !name.isStandardInput {
            guard let head = ContentHead.read(name) else { continue }
            heads[name.path] = head
            if let index = IncrementalRun.match(head, path: name.path, in: entries, excluding: used) {
                used.insert(index)
                resume(name, head: head, from: entries[index])
            }
        }
        // A given live log whose last state matched nothing has been rotated: the lines written
        // between the last run and the rotation are in its predecessor.
        let given = Set(names.compactMap { FileIdentity(input: $0) })
        for (index, entry) in entries.enumerated() where !used.contains(index) {
            guard names.contains(where: { $0.path == entry.path }) else { continue }
            for suffix in IncrementalRun.rotatedSuffixes {
                let candidate = InputName(entry.path + suffix)
                guard let identity = FileIdentity(input: candidate), !given.contains(identity),
                      let head = ContentHead.read(candidate),
                      IncrementalRun.match(head, path: candidate.path, in: [entry], excluding: []) != nil else { continue }
                used.insert(index)
                heads[candidate.path] = head
                self.names.append(candidate)
                resume(candidate, head: head, from: entry)
                notes.append("\(DisplayText.escaped(entry.path)) was rotated since the last run; reading the rest of \(DisplayText.escaped(candidate.path)) too")
                break
            }
        }
        self.names = RotatedSet.order(self.names).names
    }

    private mutating func resume(_ name: InputName, head: ContentHead, from entry: ReadState.Entry) {
        matched[name.path] = entry
        if !head.isCompressed, head.size < entry.offset {
            notes.append("\(DisplayText.escaped(name.path)) is shorter than when it was last read; reading it in full")
            return
        }
        starts[name.path] = StartPoint(offset: entry.offset, lines: entry.lines)
    }

    /// The entry whose fingerprint `head` starts with; the same file (device and inode) first,
    /// then the same path.
    static func match(_ head: ContentHead, path: String, in entries: [ReadState.Entry], excluding used: Set<Int>) -> Int? {
        let candidates = entries.indices.filter { index in
            !used.contains(index) && head.fingerprint(length: entries[index].fingerprintLength) == entries[index].fingerprint
        }
        func same(_ index: Int) -> Bool {
            head.identity == FileIdentity(device: entries[index].device, inode: entries[index].inode)
        }
        return candidates.first(where: same) ?? candidates.first { entries[$0].path == path } ?? candidates.first
    }

    /// The state after this run: every file read, at the offset its last complete line ended.
    /// A file skipped by the window keeps the entry it had. `totals` are the counters the
    /// run's report showed (`totals` plus its own).
    /// - Parameter journal: where this run stopped in the journal; nil keeps where the last run
    ///   that read it stopped, so that a run without `--journal` loses no journal entries.
    /// - Parameter accounts: the account baseline after this run (`Report.accountBaseline`);
    ///   nil keeps the one the state had.
    public func nextState(after results: [InputResult], totals: [String: Int] = [:], journal: JournalPosition? = nil,
                          accounts: AccountBaseline? = nil, host: String = ReadState.hostName) -> ReadState {
        var files: [ReadState.Entry] = []
        for result in results where !result.name.isStandardInput {
            let path = result.name.path
            if result.skippedSpan != nil {
                if var kept = matched[path] {
                    kept.path = path
                    files.append(kept)
                }
                continue
            }
            guard var head = heads[path] else { continue }
            // Cut and written again between the look at its head and its opening (copytruncate
            // at that moment): the run read the new content from its start, short of the size
            // the head was seen with, and found no cut while reading. The entry must describe
            // that content, or the next run would count it again.
            if result.start == nil, result.error == nil, !head.isCompressed, result.resumeOffset < head.size,
               let now = ContentHead.read(result.name), !now.agrees(with: head) {
                head = now
            }
            // The fingerprint covers what was counted; when nothing was (the file was cut before
            // it was opened, or before its first newline was read), the whole head, so that the
            // next run still finds the rest in the copy logrotate made and reads it from the start.
            let length = result.resumeOffset > 0 ? min(head.bytes.count, result.resumeOffset) : head.bytes.count
            guard length > 0, let fingerprint = head.fingerprint(length: length) else { continue }
            let identity = head.identity ?? FileIdentity(device: 0, inode: 0)
            files.append(ReadState.Entry(path: path, device: identity.device, inode: identity.inode,
                                         size: head.size, compressed: head.isCompressed, offset: result.resumeOffset,
                                         lines: (result.start?.lines ?? 0) + result.summary.lines.read,
                                         fingerprint: fingerprint, fingerprintLength: length))
        }
        return ReadState(host: host, generation: generation + 1, files: files, totals: totals, journal: journal ?? self.journal,
                         accounts: accounts ?? self.accounts)
    }
}
