import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Settings for a run that the library needs (the executable maps options onto these).
public struct AnalysisOptions: Sendable {
    /// `--year`: the year of the log's first syslog line, instead of inferring it from mtimes.
    public var startingYear: Int?
    public var maxLineLength = LineReader.defaultMaxLineLength
    public var bufferSize = AnalysisOptions.defaultBufferSize
    public var keyCapacity = CappedCounts.defaultCapacity
    /// Messages kept in flight to join deliveries to their sizes (see `MessageJoin`).
    public var inFlightCapacity = MessageJoin.defaultCapacity
    /// Stands in for the modification time of pipes; tests fix it.
    public var now: Int
    /// Cores to use: files are read concurrently and large plain files are split at line
    /// starts. 1 reads everything on the calling thread.
    public var threads: Int
    /// The findings' rules, with their configuration: each input gets their accumulators.
    public var rules = RuleSet()
    /// Plain files of at least twice this size are split across cores.
    public var minimumChunk = ChunkPlan.defaultMinimumChunk
    /// A file split across cores is cut into chunks that taper down to this size when its
    /// chunks are joined as they are read (`analyzeFolded`, `ChunkPlan.taperedCuts`), but on
    /// two cores a file of up to `halvingLimit`; tests make it small.
    public var maximumChunk = ChunkPlan.defaultMaximumChunk
    /// Two workers read a plain file of at most this many bytes in halves instead
    /// (`ChunkPlan.defaultHalvingLimit`); tests set 0 to have small files cut finely.
    public var halvingLimit = ChunkPlan.defaultHalvingLimit
    /// A compressed input read on `StreamSegments.minimumThreads` cores or more is parsed in
    /// segments of about this many decompressed bytes, cut at line starts (`StreamSegments`);
    /// tests make it small.
    public var segmentSize = StreamSegments.defaultSegmentSize
    /// `--day`, `--since`, `--until`: lines outside are dropped once their stamp is read, and
    /// files wholly outside are not read at all.
    public var window: TimeWindow?
    /// `--state`: where each file (by path) was counted up to, and whether a half-written last
    /// line of a live log is left for the next run.
    public var starts: [String: StartPoint] = [:]
    public var holdsPartialLines = false
    /// Counts bytes as they are read, for a progress bar; nil: not counted.
    public var progress: ReadProgress?
    /// The lines to leave out (`--exclude-client`, `--only-domain`, …): counted as filtered.
    public var filter = LineFilter()

    public init(startingYear: Int? = nil, now: Int = Int(time(nil)), threads: Int = 1) {
        self.startingYear = startingYear
        self.now = now
        self.threads = max(1, threads)
    }

    /// The line reader's reads: 256 KiB rather than the reader's 1 MiB. Every core reads
    /// through a buffer of its own that holds a read and a partial line, and the whole of it is
    /// resident; reads of a quarter of the size cost no measurable time (a system call per 256
    /// KiB of lines that take milliseconds to parse), and a quarter of the memory.
    public static let defaultBufferSize = 256 << 10

    /// The machine's core count, for `--threads` by default.
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// What reading one input gave: its summary, and the error that stopped it, if any. Lines read
/// before an error are kept: a truncated gzip still reports what it held.
public struct InputResult: Sendable {
    public var name: InputName
    public var summary: ReplySummary
    /// What the findings' rules accumulated from this input.
    public var rules: RuleAccumulators
    public var isCompressed: Bool
    /// The format `isCompressed` inputs were decompressed from.
    public var compression: Compression?
    public var bytesRead: Int
    public var error: InputDiagnostic?
    /// What the reader must hear but that did not spoil the input (it was replaced while read).
    public var warnings: [InputDiagnostic] = []
    /// Set when the input was not read because all of it lies outside the window: what it
    /// spans, as seen at its ends.
    public var skippedSpan: InputSpan?
    /// Content bytes counted through the last complete line, from the file's start (an
    /// incremental run's starting offset included): where the next incremental run resumes.
    public var resumeOffset = 0
    /// Where this run started in the input (`--state`); nil: at its beginning.
    public var start: StartPoint?
    /// How many segments of its decompressed stream the input was parsed in (`StreamSegments`);
    /// 0 when it was read in one pass. Tests tell the two ways by it: their results are alike.
    var segments = 0
}

/// Where an incremental run starts reading a file: a content offset at a line start, and the
/// number of lines before it.
public struct StartPoint: Sendable, Equatable {
    public var offset: Int
    public var lines: Int
    public init(offset: Int, lines: Int) {
        self.offset = offset
        self.lines = lines
    }
}

/// An error about one input, shaped for `smtplog: PATH: reason` or `PATH:LINE: reason`.
public struct InputDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var input: String
    public var line: Int?
    public var message: String
    public var description: String {
        if let line { return "\(input):\(line): \(message)" }
        return "\(input): \(message)"
    }
}

/// Reads inputs into summaries. Never prints and never exits: errors come back as values.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions = AnalysisOptions()) {
        self.options = options
    }

    /// Opens and reads one input.
    public func analyze(_ name: InputName) -> InputResult {
        analyze(name, firstMonth: nil, segmenting: true)
    }

    /// - Parameter windowChecked: the planner already looked at the file's ends for the window;
    ///   a second look would read them again.
    /// - Parameter segmenting: cores would otherwise idle, so a compressed input is parsed in
    ///   segments on all of them (`StreamSegments`) rather than on one beside its decoder, when
    ///   there are enough of them for that to pay (`StreamSegments.minimumThreads`).
    func analyze(_ name: InputName, firstMonth: Int?, windowChecked: Bool = false, beginsRun: Bool = false,
                 segmenting: Bool = false) -> InputResult {
        if !windowChecked, let skipped = skipIfOutsideWindow(name) { return skipped }
        let start = options.starts[name.path].flatMap { $0.offset > 0 ? $0 : nil }
        let opened: OpenedInput
        do {
            opened = try start.map { try OpenedInput.open(name, resumingAt: $0.offset) } ?? OpenedInput.open(name)
        } catch {
            var result = emptyResult(name)
            result.error = InputDiagnostic(input: name.description, line: nil, message: (error as? InputError)?.description ?? "\(error)")
            return result
        }
        if StreamSegments.pays(threads: options.threads, coresIdle: segmenting, compressed: opened.isCompressed,
                               resuming: start != nil) {
            return analyzeSegments(opened, firstMonth: firstMonth, beginsRun: beginsRun)
        }
        // With more than one core, a compressed input is decompressed beside its parsing.
        return analyze(options.threads > 1 ? opened.readingAhead() : opened, firstMonth: firstMonth, start: start,
                       beginsRun: beginsRun)
    }

    private func emptyResult(_ name: InputName) -> InputResult {
        InputResult(name: name, summary: ReplySummary(keyCapacity: options.keyCapacity, inFlight: options.inFlightCapacity),
                    rules: options.rules.makeAccumulators(capacity: options.keyCapacity),
                    isCompressed: false, bytesRead: 0, error: nil)
    }

    /// A result for a file that lies wholly outside the window, or nil when it must be read.
    func skipIfOutsideWindow(_ name: InputName) -> InputResult? {
        guard let window = options.window, !window.isUnbounded, !name.isStandardInput else { return nil }
        var info = stat()
        guard stat(name.path, &info) == 0 else { return nil }
        let firstMonth = options.startingYear == nil ? nil : ChunkPlan.firstSyslogMonth(path: name.path)
        let years = options.startingYear.map { YearInference.Policy.startingYear($0, firstMonth: firstMonth) }
            ?? .modificationTime(Int(info.st_mtim.tv_sec))
        // With --year the user has said the mtimes cannot be trusted.
        guard let span = InputSpan.of(path: name.path, years: years, trustModificationTime: options.startingYear == nil),
              !window.overlaps(first: span.first, last: span.last) else { return nil }
        var result = emptyResult(name)
        result.skippedSpan = span
        options.progress?.add(Int(info.st_size))
        return result
    }

    /// How syslog stamps of `input` get their year: `--year`, or the file's modification time.
    func yearPolicy(for input: OpenedInput, firstMonth: Int?) -> YearInference.Policy {
        options.startingYear.map { .startingYear($0, firstMonth: firstMonth) }
            ?? .modificationTime(input.modificationTime ?? options.now)
    }

    /// - Parameter beginsRun: this is the first part of the run (the first chunk of its first
    ///   input): no merge will ever put a part before it, so it keeps nothing for one.
    public func analyze(_ input: OpenedInput, firstMonth: Int? = nil, start: StartPoint? = nil,
                        beginsRun: Bool = false) -> InputResult {
        let name = input.name.description
        var summary = ReplySummary(keyCapacity: options.keyCapacity, inFlight: options.inFlightCapacity)
        var rules = options.rules.makeAccumulators(capacity: options.keyCapacity)
        if beginsRun {
            summary.traffic.beginRun()
            rules.beginRun()
        }
        let sink = ReportSink(fileName: name, summary: summary, rules: rules, filter: options.filter)
        let loop = LineLoop(reader: LineReader(bufferSize: options.bufferSize, maxLineLength: options.maxLineLength),
                            parser: LineParser(years: yearPolicy(for: input, firstMonth: firstMonth), window: options.window))
        let linesBefore = start?.lines ?? 0
        var source = input.source
        if let progress = options.progress {
            // A resumed plain file is entered at its offset: what lies before counts as done.
            if let start, !input.isCompressed { progress.add(start.offset) }
            source = ProgressSource(upstream: source, progress: progress)
        }
        let outcome = loop.run(source, into: sink, holdingPartialLine: holdsPartialLine(input))
        var diagnostic: InputDiagnostic?
        if let error = outcome.error {
            diagnostic = InputDiagnostic(input: name, line: linesBefore + outcome.lastLine + 1,
                                         message: (error as? InputError)?.description ?? "\(error)")
        }
        summary = sink.finishedSummary()
        rules = sink.rules
        if linesBefore > 0 {
            summary.offsetLineNumbers(by: linesBefore)
            rules.offsetLineNumbers(by: linesBefore)
        }
        var result = InputResult(name: input.name, summary: summary, rules: rules, isCompressed: input.isCompressed,
                                 compression: input.compression, bytesRead: input.source.consumedBytes, error: diagnostic,
                                 warnings: input.warningsAfterReading().map { InputDiagnostic(input: name, line: nil, message: $0) })
        result.start = start
        result.resumeOffset = input.contentOffset + outcome.through
        return result
    }

    /// A live log (plain, written in the last few minutes) may end in half a line that its
    /// writer is finishing; an incremental run leaves it for next time. A file nobody writes
    /// any more has its last line counted even without a newline: nothing is silently dropped.
    private func holdsPartialLine(_ input: OpenedInput) -> Bool {
        guard options.holdsPartialLines, !input.isCompressed else { return false }
        guard let mtime = input.modificationTime else { return true }
        return options.now - mtime < 300
    }

    /// Reads a log that is already in memory (a fuzzer's input, a generated test log) through
    /// the same reader and summary as a file. It has no modification time, so syslog stamps
    /// take their year from `--year` or from `options.now`, as a pipe's do. No format sniffing:
    /// the bytes are the log itself.
    public func analyze(bytes: [UInt8], name: InputName = .standardInput) -> InputResult {
        analyze(OpenedInput(name: name, source: MemorySource(bytes), modificationTime: nil, size: bytes.count))
    }

    /// Reads all inputs, using up to `options.threads` cores, and returns one result per input
    /// in the order given. Chunks of one file are merged with `+`, the same way files are.
    public func analyze(_ names: [InputName]) -> [InputResult] {
        guard options.threads > 1 else { return names.map { analyze($0) } }
        let jobs = names.enumerated().flatMap { plan($0.element, index: $0.offset) }
        let results = JobResults<InputResult>(count: jobs.count)
        let next = JobCounter()
        DispatchQueue.concurrentPerform(iterations: min(options.threads, jobs.count)) { _ in
            while let job = next.take(below: jobs.count) {
                results.store(run(jobs[job], segmenting: jobs.count < options.threads), at: job)
            }
        }
        // Each input's parts are gathered in one pass over the jobs (a filter over all jobs for
        // each input was quadratic: 5,000 files took 20 s on two cores against 1.6 s on one).
        let values = results.values
        var partsByInput = [[InputResult]](repeating: [], count: names.count)
        for (job, value) in zip(jobs, values) { partsByInput[job.input].append(value!) }
        var merged: [InputResult] = []
        merged.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            merged.append(joinParts(&partsByInput[index], name: name))
        }
        return merged
    }

    /// Reads all inputs as `analyze(_:)` does, and folds each into the run's total as soon as
    /// it and every input before it are read (`FoldedAnalysis`): what a report needs, in memory
    /// bounded by the total and the inputs in flight, however many inputs there are.
    public func analyzeFolded(_ names: [InputName]) -> FoldedAnalysis {
        var folded = FoldedAnalysis(keyCapacity: options.keyCapacity, inFlight: options.inFlightCapacity, rules: options.rules)
        guard options.threads > 1 else {
            for (index, name) in names.enumerated() {
                folded.fold(analyze(name, firstMonth: nil, beginsRun: index == 0))
            }
            return folded
        }
        // Chunks joined one by one as they are read can be many (`ChunkPlan.taperedCuts`).
        let jobs = names.enumerated().flatMap { plan($0.element, index: $0.offset, chunkingFinely: true) }
        let workers = min(options.threads, jobs.count)
        let folder = JobFolder(inputs: jobs.map(\.input), chunks: jobs.map { $0.range != nil }, workers: workers,
                               folded: folded, backlog: Self.foldBacklogPerThread * options.threads,
                               chunkBacklog: workers) { result, input in
            result.name = names[input]
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while let job = folder.take(worker: worker) {
                folder.store(run(jobs[job], beginsRun: job == 0, segmenting: jobs.count < options.threads), at: job, worker: worker)
            }
        }
        return folder.folded
    }

    /// How many results each thread may have read ahead of the fold (`JobFolder`): enough that
    /// a worker rarely waits for the folder, few enough that memory does not grow with the files.
    static let foldBacklogPerThread = 8

    /// One input's results from its chunks, in order, as one: chunks merge with `+`, the same
    /// way files do, their line numbers moved on past the chunks before them. The parts are
    /// taken out of `parts` as they are joined: a part still held there would make the join
    /// copy every table it merges into or moves on (copy on write), a third set of tables
    /// beside the two chunks of a file read on two cores.
    private func joinParts(_ parts: inout [InputResult], name: InputName) -> InputResult {
        var join = PartJoin()
        parts.reverse()
        while let part = parts.popLast() { join.append(part) }
        var result = join.result!
        result.name = name
        return result
    }

    struct Job: Sendable {
        var input: Int
        var name: InputName
        /// Nil: the whole input through `OpenedInput` (stdin, compressed, small files).
        var range: Range<Int>?
        /// With `--year`, the month of a chunked file's first line, so that every chunk dates
        /// its lines alike. Nil for a whole input, which is dated as one thread dates it: from
        /// its own first line on (looking it up read a megabyte of every small file, on the
        /// planner's thread before any worker started).
        var firstMonth: Int?
        /// The result of a file that lies wholly outside the window: nothing to read.
        var skipped: InputResult?
    }

    /// - Parameter chunkingFinely: the chunks are joined as they are read (`analyzeFolded`), so
    ///   a large file is cut into chunks tapering to `options.maximumChunk` bytes, not only one
    ///   per core: each chunk's tables are then a fraction of the whole's. Two cores read a file
    ///   of up to `options.halvingLimit` bytes in halves all the same (`ChunkPlan`).
    private func plan(_ name: InputName, index: Int, chunkingFinely: Bool = false) -> [Job] {
        guard !name.isStandardInput else { return [Job(input: index, name: name)] }
        if let skipped = skipIfOutsideWindow(name) { return [Job(input: index, name: name, skipped: skipped)] }
        if (options.starts[name.path]?.offset ?? 0) > 0 { return [Job(input: index, name: name)] }
        var info = stat()
        guard stat(name.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              Int(info.st_size) >= 2 * options.minimumChunk,
              Compression.sniff(FileRangeSource.peek(path: name.path, at: 0, count: Compression.magicLength)) == nil else {
            return [Job(input: index, name: name)]
        }
        let firstMonth = options.startingYear == nil ? nil : ChunkPlan.firstSyslogMonth(path: name.path)
        let chunks = ChunkPlan.plan(path: name.path, size: Int(info.st_size), parts: options.threads,
                                    minimumChunk: options.minimumChunk,
                                    maximumChunk: chunkingFinely ? options.maximumChunk : nil,
                                    halvingLimit: options.halvingLimit)
        return chunks.ranges.map { Job(input: index, name: name, range: $0, firstMonth: firstMonth) }
    }

    private func run(_ job: Job, beginsRun: Bool = false, segmenting: Bool = false) -> InputResult {
        if let skipped = job.skipped { return skipped }
        // Jobs of a standard input were not looked at by the planner; a window never skips those.
        guard let range = job.range else {
            return analyze(job.name, firstMonth: nil, windowChecked: true, beginsRun: beginsRun, segmenting: segmenting)
        }
        do {
            var info = stat()
            _ = stat(job.name.path, &info)
            let source = try FileRangeSource(path: job.name.path, range: range)
            let opened = OpenedInput(name: job.name, source: source,
                                     modificationTime: Int(info.st_mtim.tv_sec), size: range.count,
                                     contentOffset: range.lowerBound)
            return analyze(opened, firstMonth: job.firstMonth, beginsRun: beginsRun)
        } catch {
            var result = emptyResult(job.name)
            result.error = InputDiagnostic(input: job.name.description, line: nil, message: "\(error)")
            return result
        }
    }

    /// Classifies a single line, for tests and for `smtplog` subcommands that explain one line.
    public static func parseLine(_ text: String, years: YearInference.Policy = .startingYear(2026))
        -> (parsed: ParsedLine, event: ReplyEvent?) {
        let parser = LineParser(years: years)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { mutable in
            let line = UnsafeBufferPointer(mutable)
            let parsed = parser.parse(line)
            if case .event(let raw) = parsed.kind {
                return (parsed, raw.materialize(in: line, time: parsed.time))
            }
            return (parsed, nil)
        }
    }
}

/// Where concurrent jobs leave their results when a run folds them (`analyzeFolded`), and
/// where they take their next job. Each job's result is joined to the parts of its input
/// before it as soon as it and every job before it are read, each input is folded into the
/// total in the order given once its last part is joined, and the results are let go.
///
/// The fold runs outside the lock, on one worker at a time: the worker that stores a result
/// while nobody folds becomes the folder, folds every job that is ready, and goes back to
/// reading. Folding under the lock made the other workers wait for it to store their results,
/// and 5,000 small files took longer on two cores than on one. Folding in the order given, one
/// part at a time, keeps the total exactly what a run on one core makes (capped tables prune
/// and messages join across chunks and files the same way).
///
/// Joining a chunk as soon as the chunks before it are joined, rather than once all of its
/// input's chunks are read, is what lets a large file be cut into many chunks: memory holds
/// the input's running join and the chunks in flight, not every chunk's tables at once.
///
/// A folded input is let go by the worker that read its first part, when it takes its next
/// job: its tables were allocated in that thread's malloc arena, and freeing them on the
/// folder's thread made the two threads wait on each other's arena lock (thousands of futex
/// waits in a run over 5,000 files), besides keeping the folder, the slowest stage, busy with it.
///
/// Results read but not yet folded are held in memory, so a worker waits before it takes a new
/// job while `backlog` of them are pending (behind a job still being read, or a folder that
/// is behind), and while `chunkBacklog` are pending before a chunk of a large input (a chunk's
/// tables are large): memory stays bounded whatever the number of files, chunks and threads.
final class JobFolder: @unchecked Sendable {
    private var slots: [InputResult?]
    /// The worker that read each job.
    private var readers: [Int]
    /// The input of each job; an input's jobs are consecutive.
    private let inputs: [Int]
    /// Jobs pending at most before each job is taken (`backlog` or `chunkBacklog`).
    private let limits: [Int]
    /// The first job not yet taken out of its slot by the folder.
    private var nextJob = 0
    /// The jobs joined so far: a job counts against the backlog until its join is over, so
    /// that the part being joined is one of those the limit allows.
    private var joinedJobs = 0
    /// The jobs handed out to workers so far.
    private var taken = 0
    private var isFolding = false
    /// Folded results, by the worker that read them, for it to let go.
    private var spent: [[InputResult]]
    /// Touched only by the folder of the moment (`isFolding`), or once all workers are done:
    /// the total, the input being joined from its parts, and the reader of its first part.
    private var total: FoldedAnalysis
    private var joining = PartJoin()
    private var joiningReader = 0
    /// Names a joined input's result.
    private let finish: (inout InputResult, Int) -> Void
    private var lock = pthread_mutex_t()
    private var room = pthread_cond_t()

    init(inputs: [Int], chunks: [Bool], workers: Int, folded: FoldedAnalysis, backlog: Int, chunkBacklog: Int,
         finish: @escaping (inout InputResult, Int) -> Void) {
        self.inputs = inputs
        limits = chunks.map { max(1, $0 ? chunkBacklog : backlog) }
        slots = Array(repeating: nil, count: inputs.count)
        readers = Array(repeating: 0, count: inputs.count)
        spent = Array(repeating: [], count: max(1, workers))
        total = folded
        self.finish = finish
        pthread_mutex_init(&lock, nil)
        pthread_cond_init(&room, nil)
    }

    deinit {
        pthread_cond_destroy(&room)
        pthread_mutex_destroy(&lock)
    }

    /// The next job for `worker` to read, in order, or nil when all are taken. First lets go
    /// of the worker's folded results. Waits while the job's limit of jobs are taken but not
    /// folded; the worker reading the oldest of them never waits here before it stores it, so
    /// the fold always moves on.
    func take(worker: Int) -> Int? {
        var released: [InputResult] = []
        pthread_mutex_lock(&lock)
        swap(&released, &spent[worker])
        pthread_mutex_unlock(&lock)
        // Freed here, on this thread and outside the lock.
        released.removeAll()
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        while taken < inputs.count, taken - joinedJobs >= limits[taken] { pthread_cond_wait(&room, &lock) }
        guard taken < inputs.count else { return nil }
        taken += 1
        return taken - 1
    }

    /// `result` is consumed: the worker that stores it may fold it at once, and a caller still
    /// holding it would make the join copy its tables (copy on write) instead of merging in place.
    func store(_ result: consuming InputResult, at index: Int, worker: Int) {
        pthread_mutex_lock(&lock)
        slots[index] = consume result
        readers[index] = worker
        guard !isFolding else {
            pthread_mutex_unlock(&lock)
            return
        }
        isFolding = true
        // One job at a time: a job taken out of its slot no longer counts against the backlog.
        while case let (job, part, reader)? = takeNext() {
            pthread_mutex_unlock(&lock)
            let input = inputs[job]
            if job == 0 || inputs[job - 1] != input { joiningReader = reader }
            joining.append(consume part)
            var folded: InputResult?
            if job + 1 == inputs.count || inputs[job + 1] != input, var joined = joining.finished() {
                finish(&joined, input)
                total.fold(joined)
                folded = joined
            }
            pthread_mutex_lock(&lock)
            joinedJobs = job + 1
            if let folded { spent[joiningReader].append(folded) }
            // Room for the workers that wait to take a job.
            pthread_cond_broadcast(&room)
        }
        isFolding = false
        pthread_mutex_unlock(&lock)
    }

    /// Under the lock: the job at `nextJob` when it is read, taken out of its slot, with the
    /// worker that read it.
    private func takeNext() -> (job: Int, result: InputResult, reader: Int)? {
        guard nextJob < inputs.count, let result = slots[nextJob].take() else { return nil }
        nextJob += 1
        return (nextJob - 1, result, readers[nextJob - 1])
    }

    var folded: FoldedAnalysis {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return total
    }
}

/// Parts of one input (chunks of a file, segments of a decompressed stream) joined in order as
/// they come: they merge with `+`, the same way files do, their line numbers moved on past the
/// parts before them. Folding each part as soon as it and those before it are read keeps only
/// the total, whatever the number of parts.
struct PartJoin {
    private(set) var result: InputResult?
    private var linesBefore = 0

    /// The parts joined so far, taken out: the join starts again empty, for the next input.
    mutating func finished() -> InputResult? {
        linesBefore = 0
        return result.take()
    }

    /// `part` is consumed: its tables are moved on in place, not copied, when the caller lets
    /// go of it.
    mutating func append(_ part: consuming InputResult) {
        // Taken out, so that the merges below change the only copy of its tables.
        guard var result = result.take() else {
            linesBefore = part.summary.lines.read
            result = part
            return
        }
        // After a part that stopped short (the file was cut), later parts are not "the lines
        // before" the error: counting them would leave a hole that no resume offset can
        // describe, so an incremental run would count them twice.
        if result.error != nil {
            self.result = result
            return
        }
        part.summary.offsetLineNumbers(by: linesBefore)
        part.rules.offsetLineNumbers(by: linesBefore)
        linesBefore += part.summary.lines.read
        // The rules first, each let go of as soon as it is merged (`absorb`): they are most of
        // a part's tables, and the join's peak then holds fewer of them beside the total.
        result.rules.absorb(&part.rules)
        result.summary += part.summary
        result.bytesRead += part.bytesRead
        result.resumeOffset = part.resumeOffset
        result.warnings += part.warnings.filter { !result.warnings.contains($0) }
        if result.error == nil, var error = part.error {
            error.line = error.line.map { $0 + linesBefore - part.summary.lines.read }
            result.error = error
        }
        self.result = result
    }
}
