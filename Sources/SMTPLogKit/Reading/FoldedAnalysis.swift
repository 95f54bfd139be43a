/// A run's inputs folded into one summary and one set of rule accumulators as each input is
/// finished, in the order given, instead of kept whole until the end: memory holds the total
/// and one outline per input (its name, lines and diagnostics), not every input's tables. With
/// 5,000 small files the whole results were 128 KB each, 640 MB in all.
///
/// Folding in order is what merging the results one by one did (`Report(inputs:)`): the same
/// sums, the same message joins across rotated files, the same figures.
public struct FoldedAnalysis: Sendable {
    /// One per input, in order, with `summary` an outline (`ReplySummary.outline`) and `rules`
    /// empty: their counts are in `summary` and `rules`.
    public private(set) var inputs: [InputResult] = []
    public private(set) var summary: ReplySummary
    public private(set) var rules: RuleAccumulators
    /// The empty summary and accumulators every outline shares.
    private let emptySummary: ReplySummary
    private let emptyRules: RuleAccumulators
    private var isEmpty = true

    public init(keyCapacity: Int, inFlight: Int, rules ruleSet: RuleSet) {
        emptySummary = ReplySummary(keyCapacity: keyCapacity, inFlight: inFlight)
        emptyRules = ruleSet.makeAccumulators(capacity: keyCapacity)
        summary = emptySummary
        rules = emptyRules
    }

    /// Adds the next input. The first is taken as it is, as `Report(inputs:)` does: a single
    /// input needs no merging.
    public mutating func fold(_ result: InputResult) {
        var outline = result
        outline.summary = result.summary.outline(from: emptySummary)
        outline.rules = emptyRules
        if isEmpty {
            summary = result.summary
            rules = result.rules
            isEmpty = false
        } else {
            summary += result.summary
            rules += result.rules
        }
        inputs.append(outline)
    }
}
