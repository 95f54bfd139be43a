/// What a code means for the administrator in one direction. The same reply asks for
/// different work depending on who sent it: a 535 our server sent is a client's problem (or an
/// attack), a 535 a relay host sent us is our configuration's problem.
struct DirectionalAdvice: Sendable, Hashable {
    /// Where and how the code shows up in a server's log, and what usually causes it.
    let whenSeen: String
    /// What to change, or why nothing needs changing.
    let fix: String

    init(seen whenSeen: String, fix: String) {
        self.whenSeen = whenSeen
        self.fix = fix
    }
}
