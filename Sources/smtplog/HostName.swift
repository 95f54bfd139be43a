import SMTPLogKit
#if canImport(Glibc)
import Glibc
#endif

/// The name `--host` defaults to: the machine's, as gethostname(2) gives it.
enum HostName {
    /// `localhost` when the system names no host, or a name a report could not show as it is.
    static var current: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return HostFigures.isValidName(name) ? name : "localhost"
    }
}
