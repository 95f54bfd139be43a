#if canImport(Glibc)
import Glibc
#endif

/// What `smtplog --version` prints: the version, and how this binary was built, so that a bug
/// report says which build it is about (`smtplog 0.2.0 (release, static Swift 6.3.1 runtime,
/// x86_64-linux)`). Every fact is fixed at compile time by `#if` conditions, except the
/// runtime's linkage, which the dynamic loader is asked about: `--static-swift-stdlib` sets
/// no condition a source file can test.
enum BuildInfo {
    /// The release; Config/debian/changelog's first entry carries the same (a test holds that).
    static let version = "0.2.0"

    static var text: String {
        "smtplog \(version) (\(configuration), \(runtimeLinkage) Swift \(compiler) runtime, \(target))"
    }

    static var configuration: String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    /// The compiler that built it, to the patch release (Swift's runtime is the compiler's).
    static var compiler: String {
        #if compiler(>=7.0)
        return "7.0 or later"
        #elseif compiler(>=6.5.4)
        return "6.5.4"
        #elseif compiler(>=6.5.3)
        return "6.5.3"
        #elseif compiler(>=6.5.2)
        return "6.5.2"
        #elseif compiler(>=6.5.1)
        return "6.5.1"
        #elseif compiler(>=6.5)
        return "6.5"
        #elseif compiler(>=6.4.4)
        return "6.4.4"
        #elseif compiler(>=6.4.3)
        return "6.4.3"
        #elseif compiler(>=6.4.2)
        return "6.4.2"
        #elseif compiler(>=6.4.1)
        return "6.4.1"
        #elseif compiler(>=6.4)
        return "6.4"
        #elseif compiler(>=6.3.4)
        return "6.3.4"
        #elseif compiler(>=6.3.3)
        return "6.3.3"
        #elseif compiler(>=6.3.2)
        return "6.3.2"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2.4)
        return "6.2.4"
        #elseif compiler(>=6.2.3)
        return "6.2.3"
        #elseif compiler(>=6.2.2)
        return "6.2.2"
        #elseif compiler(>=6.2.1)
        return "6.2.1"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1.4)
        return "6.1.4"
        #elseif compiler(>=6.1.3)
        return "6.1.3"
        #elseif compiler(>=6.1.2)
        return "6.1.2"
        #elseif compiler(>=6.1.1)
        return "6.1.1"
        #elseif compiler(>=6.1)
        return "6.1"
        #elseif compiler(>=6.0.4)
        return "6.0.4"
        #elseif compiler(>=6.0.3)
        return "6.0.3"
        #elseif compiler(>=6.0.2)
        return "6.0.2"
        #elseif compiler(>=6.0.1)
        return "6.0.1"
        #elseif compiler(>=6.0)
        return "6.0"
        #else
        return "before 6.0"
        #endif
    }

    static var target: String {
        #if arch(x86_64)
        let cpu = "x86_64"
        #elseif arch(arm64)
        let cpu = "aarch64"
        #else
        let cpu = "unknown-cpu"
        #endif
        #if os(Linux)
        return cpu + "-linux"
        #elseif os(macOS)
        return cpu + "-macos"
        #else
        return cpu + "-unknown-os"
        #endif
    }

    /// `static` when the Swift runtime is linked into the binary (release builds for a
    /// package: `swift build -c release --static-swift-stdlib`), `shared` when it is loaded
    /// from the toolchain's folder, which a server without the toolchain does not have.
    static var runtimeLinkage: String {
        #if os(Linux)
        guard let handle = dlopen("libswiftCore.so", RTLD_NOW | RTLD_NOLOAD) else { return "static" }
        dlclose(handle)
        return "shared"
        #else
        return "shared"
        #endif
    }
}
