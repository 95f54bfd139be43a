/// The state of one generation: the model's random source and world, the lines planned
/// ahead of the clock, the truth counted so far and the bytes on their way out.
///
/// The models (PostfixModel, EximModel, PlantedAttacks) plan whole sessions at once, each
/// line at its own time, and say what each line is; `flush` writes the lines whose time has
/// come, in time order.
struct LogPlanner {
    let options: GeneratorOptions
    let scenario: Scenario
    var random: RandomSource
    let world: World
    var truth = Truth()
    /// Every line lies before this moment.
    let end: Micros
    private(set) var plannedBytes: Int64 = 0

    private var queue = LineQueue()
    private var stamps: StampWriter
    private let host: Name
    private var buffer: [UInt8] = []
    private let output: LogOutput
    private static let bufferSize = 1 << 20

    private var queueCounter: UInt64 = 0
    private var eximCounter: UInt64 = 0

    /// Pids of the long-running daemons, fixed for the log.
    let qmgrPid: Int, pickupPid: Int, postscreenPid: Int, anvilPid: Int, amavisPid: Int, dovecotPid: Int
    /// Exim: whether connection lines name the interface (`I=[192.0.2.10]:25`), fixed for a log
    /// as a server's log_selector fixes it.
    let eximInterface: Bool

    init(options: GeneratorOptions, output: LogOutput) {
        self.options = options
        scenario = options.scenario
        random = RandomSource(seed: options.seed)
        world = World(host: options.host, random: &random, attackerPool: options.scenario.attackerPool)
        end = options.start.micros + Micros(options.days * Double(microsPerDay))
        stamps = StampWriter(style: options.stampStyle)
        host = Array(options.host.utf8)
        self.output = output
        buffer.reserveCapacity(LogPlanner.bufferSize + 4096)
        qmgrPid = random.between(300, 3000)
        pickupPid = random.between(1000, 65000)
        postscreenPid = random.between(1000, 65000)
        anvilPid = random.between(1000, 65000)
        amavisPid = random.between(1000, 65000)
        dovecotPid = random.between(300, 3000)
        eximInterface = random.chance(0.5)
    }

    // MARK: planning

    /// Plans one line. Its time is kept before the log's end; the reply it carries, if
    /// any, is counted on the time the line gets.
    @discardableResult
    mutating func emit(_ time: Micros, _ program: Program, pid: Int = 0, _ text: LineText, reply: Reply? = nil) -> Micros {
        let at = min(time, end - 1)
        let length = prefixLength(program, pid: pid) + text.bytes.count + 1
        truth.line(at: at, bytes: length)
        plannedBytes += Int64(length)
        if let reply {
            truth.reply(at: at, code: reply.code, implied: reply.implied, client: reply.client, server: reply.server,
                        relay: reply.relay)
        }
        queue.push(time: at, program: program, pid: Int32(pid), text: text.bytes)
        return at
    }

    /// The reply a line carries, as the truth counts it.
    struct Reply {
        var code: Int
        var implied = false
        /// An inbound reply: the client it was sent to.
        var client: UInt32?
        /// An outbound reply: the server that sent it, by name.
        var server: Name?
        /// `Relay access denied` or `relay not permitted`.
        var relay = false

        static func inbound(_ code: Int, implied: Bool = false, client: UInt32, relay: Bool = false) -> Reply {
            Reply(code: code, implied: implied, client: client, server: nil, relay: relay)
        }

        static func outbound(_ code: Int, server: Name) -> Reply {
            Reply(code: code, implied: false, client: nil, server: server, relay: false)
        }
    }

    private func prefixLength(_ program: Program, pid: Int) -> Int {
        if program == .exim { return stamps.length + 1 }
        var digits = 1, value = pid
        while value >= 10 { value /= 10; digits += 1 }
        return stamps.length + 1 + host.count + 1 + program.name.count + 1 + digits + 3
    }

    mutating func nextQueueID() -> Name {
        queueCounter += 1
        return World.queueID(queueCounter)
    }

    mutating func nextEximID(at time: Micros) -> Name {
        eximCounter += 1
        return World.eximID(eximCounter, at: time)
    }

    // MARK: writing

    /// Writes every planned line earlier than `time`, in time order.
    mutating func flush(before time: Micros) throws(GeneratorError) {
        while let earliest = queue.earliest, earliest < time {
            let line = queue.pop()
            stamps.write(line.time, into: &buffer)
            buffer.append(0x20)
            if line.program != .exim {
                buffer += host
                buffer.append(0x20)
                buffer += line.program.name
                buffer.append(0x5B)
                appendNumber(Int(line.pid), &buffer)
                buffer.append(0x5D); buffer.append(0x3A); buffer.append(0x20)
            }
            buffer += line.text
            buffer.append(0x0A)
            if buffer.count >= LogPlanner.bufferSize { try drain() }
        }
    }

    /// Writes what is left and finishes the output.
    mutating func finish() throws(GeneratorError) {
        try flush(before: .max)
        try drain()
        try output.finish()
    }

    private mutating func drain() throws(GeneratorError) {
        guard !buffer.isEmpty else { return }
        try writeAll(buffer[...], to: output)
        buffer.removeAll(keepingCapacity: true)
    }
}

func appendNumber(_ value: Int, _ out: inout [UInt8]) {
    if value < 10 { out.append(UInt8(0x30 + max(0, value))); return }
    var digits = 1, scale = 1
    while value / scale >= 10 { scale *= 10; digits += 1 }
    appendDigits(value, digits, &out)
}
