extension Optional {
    /// Whether the optional holds nothing, tested in place.
    ///
    /// `value == nil` on an optional of an `Equatable` type (a line, a name, a row) resolves to
    /// `Optional`'s `Equatable` `==`: the value and a `nil` are copied into a pair, compared and
    /// destroyed, in the rules' hot paths through the type's metadata (`tuple_destroy`, the
    /// generic `Optional` witnesses): about 200 instructions a test where this is a load and a
    /// compare (callgrind, the 1 GB benchmark log: some 300 M instructions in the rules'
    /// `observe`). Tests of a trivial optional (`Int?`, `Range<Int>?`) cost nothing either way.
    @inline(__always)
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Whether the optional holds a value, tested in place (see `isNone`).
    @inline(__always)
    var isSome: Bool { !isNone }
}
