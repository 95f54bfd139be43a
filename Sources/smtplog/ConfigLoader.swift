// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SMTPLogKit

/// Finds and reads the configuration file; the library validates its content.
enum ConfigLoader {
    /// `--config /dev/null` or `SMTPLOG_CONFIG=/dev/null`: no file at all. The built-in
    /// defaults apply and neither the user's nor the system's file is looked at, so that a
    /// script (and the test suite) runs the same whatever this machine's configuration says.
    static let noFile = "/dev/null"

    /// `--config`, then `$SMTPLOG_CONFIG`, then the user's and the system's file; with none of
    /// them, the built-in defaults (the values Config/smtplog.yml documents).
    static var searchOrder: [String] {
        var paths: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["SMTPLOG_CONFIG"], !fromEnvironment.isEmpty {
            paths.append(fromEnvironment)
        }
        let home = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"]
            ?? (ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.config" } ?? "")
        if !home.isEmpty { paths.append(home + "/smtplog/smtplog.yml") }
        paths.append("/etc/smtplog/smtplog.yml")
        return paths
    }

    static func load(explicit: String?) throws(ConfigError) -> Configuration {
        if let explicit {
            return explicit == noFile ? Configuration() : try read(explicit, required: true)
        }
        for path in searchOrder {
            if path == noFile { return Configuration() }
            if FileManager.default.fileExists(atPath: path) { return try read(path, required: false) }
        }
        return Configuration()
    }

    private static func read(_ path: String, required: Bool) throws(ConfigError) -> Configuration {
        try ConfigFile.parse(ConfigTextLimits.read(path: path), source: path)
    }
}
