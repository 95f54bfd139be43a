/// The generator's only source of chance: xoshiro256** seeded through SplitMix64.
///
/// The log must be the same bytes for the same arguments on every machine and every run, so
/// the system generator (seeded per process) is never used, and no draw depends on the order
/// of a `Dictionary` or `Set`.
struct RandomSource {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// 0 ..< n, for n > 0 (the high half of a 128-bit product: no modulo bias worth naming).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// lower ... upper, both included.
    mutating func between(_ lower: Int, _ upper: Int) -> Int {
        lower + below(upper - lower + 1)
    }

    /// A double in [0, 1) with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }
}

/// A choice among cases by weight, as a scenario states it. The weights are kept in the order
/// given, so that the same scenario draws the same cases.
public struct Weighted<Case: Sendable>: Sendable {
    public let cases: [(Case, Double)]
    private let cumulative: [Double]

    public init(_ cases: [(Case, Double)]) {
        precondition(!cases.isEmpty && cases.allSatisfy { $0.1 >= 0 } && cases.contains { $0.1 > 0 },
                     "a weighted choice needs at least one positive weight")
        self.cases = cases
        var sum = 0.0
        cumulative = cases.map { sum += $0.1; return sum }
    }

    func draw(_ random: inout RandomSource) -> Case {
        let target = random.unit() * cumulative[cumulative.count - 1]
        for (index, bound) in cumulative.enumerated() where target < bound { return cases[index].0 }
        return cases[cases.count - 1].0
    }
}
