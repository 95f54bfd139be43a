import Foundation
import Testing
@testable import SMTPLogKit

/// What an administrator gets: the README's hand install, run word for word, gives a binary
/// that reports the samples with the Swift toolchain hidden; the Debian package, where the
/// packaging tools are installed, holds what the README says and passes lintian.
///
/// Both build in a copy of the package (`.build-install-test/smtplog`, kept between runs so
/// that the next build is incremental): `swift test` holds the package's own `.build` while
/// the tests run, and a build there would wait for it forever. Serialized: both build the
/// release binary in the copy.
@Suite("installing smtplog", .serialized)
struct InstallTests {
    static let root = Shell.packageRoot

    /// The README's one-line hand install: the only line that builds with the Swift runtime
    /// linked in.
    static func readmeInstallLine() throws -> String {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("swift build -c release --static-swift-stdlib") }
        guard lines.count == 1 else { throw Failure("the README should have one hand-install line, has \(lines.count)") }
        // The test covers /usr/local/bin with a tmpfs of its own: a line that installs
        // elsewhere would write to this machine.
        guard lines[0].hasSuffix(" /usr/local/bin/smtplog"), !lines[0].contains("sudo") else {
            throw Failure("the README's hand install should end in /usr/local/bin/smtplog: \(lines[0])")
        }
        return lines[0]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The toolchain's folder: the `swift` on PATH, three levels up (`/opt/swift/usr/bin/swift`).
    static let toolchain: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let swift = URL(fileURLWithPath: String(directory)).appendingPathComponent("swift")
            if FileManager.default.isExecutableFile(atPath: swift.path) {
                return swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().path
            }
        }
        return nil
    }()

    /// Whether this machine lets a test make a mount namespace (root, or a user namespace).
    static let namespace: [String]? = {
        for command in [["unshare", "--mount", "--propagation", "private"], ["unshare", "--user", "--map-root-user", "--mount"]] {
            if let result = try? Shell.run("/usr/bin/env", command + ["true"]), result.status == 0 { return command }
        }
        return nil
    }()

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The package's files, copied with their times (so that an unchanged file is not
    /// rebuilt) over the last copy, whose build folder stays.
    static func packageCopy() throws -> URL {
        let copy = root.appendingPathComponent(".build-install-test/smtplog")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        let items = ["Package.swift", "Sources", "Tests", "samples", "Config", ".ci", "README.md", "LICENSE"]
        let script = "set -e; cd \(quoted(copy.path)); rm -rf \(items.map(quoted).joined(separator: " "))\n"
            + "cd \(quoted(root.path)); cp -a \(items.map(quoted).joined(separator: " ")) \(quoted(copy.path))/"
        let result = try Shell.run("/bin/sh", ["-c", script])
        guard result.status == 0 else { throw Failure("cannot copy the package: \(result.stderr)") }
        return copy
    }

    @Test("the README's hand install, word for word, gives a binary that runs with the toolchain hidden and reports the samples as the golden file says",
          .enabled(if: InstallTests.namespace != nil, "no mount namespace can be made here (unshare --mount is not permitted)"),
          .enabled(if: InstallTests.toolchain != nil, "no swift on PATH"))
    func handInstall() throws {
        let line = try InstallTests.readmeInstallLine()
        let toolchain = try #require(InstallTests.toolchain)
        let folder = try TemporaryFolder()
        let empty = folder.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let shared = Shell.smtplog   // the test build: its runtime lives in the toolchain
        let copy = try InstallTests.packageCopy()
        // In a private mount namespace: the install lands in a tmpfs over /usr/local/bin, then
        // the toolchain's folder is covered by an empty one and both binaries are run.
        let script = """
            set -e
            mount -t tmpfs tmpfs /usr/local/bin
            cd \(InstallTests.quoted(copy.path))
            \(line) >\(InstallTests.quoted(folder.path("build.log"))) 2>&1
            mount --bind \(InstallTests.quoted(empty)) \(InstallTests.quoted(toolchain))
            ls -A \(InstallTests.quoted(toolchain)) >\(InstallTests.quoted(folder.path("hidden")))
            env -u COLUMNS /usr/local/bin/smtplog report --config /dev/null --year 2026 samples/postfix.log >\(InstallTests.quoted(folder.path("report.txt")))
            /usr/local/bin/smtplog --version >\(InstallTests.quoted(folder.path("version")))
            ldd /usr/local/bin/smtplog >\(InstallTests.quoted(folder.path("ldd")))
            \(InstallTests.quoted(shared)) --version >/dev/null 2>\(InstallTests.quoted(folder.path("shared.err"))) || echo $? >\(InstallTests.quoted(folder.path("shared.status")))
            """
        let result = try Shell.run("/usr/bin/env", try #require(InstallTests.namespace) + ["sh", "-c", script])
        let log = (try? String(contentsOfFile: folder.path("build.log"), encoding: .utf8)) ?? ""
        #expect(result.status == 0, "\(result.stderr)\n\(log.suffix(2_000))")
        guard result.status == 0 else { return }
        #expect(try String(contentsOfFile: folder.path("hidden"), encoding: .utf8).isEmpty, "the toolchain's folder was hidden")
        let expected = try String(contentsOf: InstallTests.root.appendingPathComponent("samples/postfix.report.txt"), encoding: .utf8)
        let report = try String(contentsOfFile: folder.path("report.txt"), encoding: .utf8)
        #expect(report == expected, "the report differs from samples/postfix.report.txt")
        let version = try String(contentsOfFile: folder.path("version"), encoding: .utf8)
        #expect(version.hasPrefix("smtplog \(try InstallTests.changelogVersion()) (release, static Swift "), "\(version)")
        let ldd = try String(contentsOfFile: folder.path("ldd"), encoding: .utf8)
        #expect(!ldd.contains("swift") && !ldd.contains(toolchain), "\(ldd)")
        // The control: a binary whose runtime is in the toolchain does not start there.
        #expect(FileManager.default.fileExists(atPath: folder.path("shared.status")), "the shared-runtime binary ran without its runtime")
        let error = (try? String(contentsOfFile: folder.path("shared.err"), encoding: .utf8)) ?? ""
        #expect(error.contains("error while loading shared libraries: libswift") && error.contains("cannot open shared object file"),
                "\(error)")
    }

    /// The version of Config/debian/changelog's first entry: `smtplog (0.2.0) unstable; …`.
    static func changelogVersion() throws -> String {
        let changelog = try String(contentsOf: root.appendingPathComponent("Config/debian/changelog"), encoding: .utf8)
        guard let first = changelog.split(separator: "\n").first, first.hasPrefix("smtplog ("),
              let close = first.firstIndex(of: ")") else { throw Failure("Config/debian/changelog does not start with an entry") }
        return String(first[first.index(first.startIndex, offsetBy: 9)..<close])
    }

    @Test("smtplog --version says the changelog's version and how it was built")
    func version() throws {
        let result = try Shell.run(Shell.smtplog, ["--version"])
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        let expected = "smtplog \(try InstallTests.changelogVersion()) (debug, shared Swift "
        #expect(text.hasPrefix(expected), "\(text)")
        #expect(text.hasSuffix(" runtime, x86_64-linux)\n") || text.hasSuffix(" runtime, aarch64-linux)\n"), "\(text)")
    }

    static let packagingTools = ["dpkg-deb", "dpkg-shlibdeps", "lintian", "dpkg-parsechangelog"].allSatisfy { tool in
        ["/usr/bin", "/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }

    @Test("Config/debian/build-deb makes a package lintian passes, holding what the README says where it says",
          .enabled(if: InstallTests.packagingTools, "dpkg-dev or lintian is not installed (.ci/setup --packaging installs them)"),
          .enabled(if: InstallTests.toolchain != nil, "no swift on PATH"))
    func debianPackage() throws {
        let folder = try TemporaryFolder()
        let copy = try InstallTests.packageCopy()
        let result = try Shell.run(copy.appendingPathComponent("Config/debian/build-deb").path, [folder.url.path], directory: copy)
        #expect(result.status == 0, "\(result.stderr.suffix(3_000))")
        let version = try InstallTests.changelogVersion()
        let deb = folder.path("smtplog_\(version)_amd64.deb")
        guard result.status == 0, FileManager.default.fileExists(atPath: deb) else { return }
        #expect(!result.stderr.contains("\nE: "), "lintian errors: \(result.stderr)")
        let listing = String(decoding: try Shell.run("/usr/bin/dpkg-deb", ["-c", deb]).stdout, as: UTF8.self)
        let readme = try String(contentsOf: InstallTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        for path in ["/usr/bin/smtplog", "/usr/share/man/man1/smtplog.1.gz", "/usr/share/man/man1/smtplog.report.1.gz",
                     "/usr/share/man/man1/smtplog.explain.1.gz", "/usr/share/man/man1/smtplog.lines.1.gz",
                     "/usr/share/man/man1/smtplog.codes.1.gz", "/usr/share/bash-completion/completions/smtplog",
                     "/usr/share/zsh/vendor-completions/_smtplog", "/usr/share/fish/vendor_completions.d/smtplog.fish",
                     "/etc/smtplog/smtplog.yml", "/usr/libexec/smtplog/smtplog-daily", "/lib/systemd/system/smtplog-daily.service",
                     "/lib/systemd/system/smtplog-daily.timer", "/usr/share/doc/smtplog/copyright", "/usr/share/doc/smtplog/changelog.gz"] {
            #expect(listing.contains(" ." + path + "\n"), "the package has no \(path)")
        }
        for path in ["/usr/share/man/man1/", "/usr/share/bash-completion/completions/smtplog", "/usr/share/zsh/vendor-completions/_smtplog",
                     "/usr/share/fish/vendor_completions.d/smtplog.fish", "/etc/smtplog/smtplog.yml", "/usr/libexec/smtplog/smtplog-daily"] {
            #expect(readme.contains(path), "the README does not say where \(path) goes")
        }
        func field(_ name: String) throws -> String {
            String(decoding: try Shell.run("/usr/bin/dpkg-deb", ["-f", deb, name]).stdout, as: UTF8.self)
        }
        let depends = try field("Depends")
        for library in ["libc6", "libpcre2-8-0", "libisal2", "liblzma5", "libbz2-1.0", "libzstd1", "libsystemd0", "libyaml-0-2"] {
            #expect(depends.contains(library), "Depends lacks \(library): \(depends)")
        }
        #expect(!depends.lowercased().contains("swift"))
        #expect(try field("Version") == version + "\n")
        let control = String(decoding: try Shell.run("/usr/bin/dpkg-deb", ["--ctrl-tarfile", deb]).stdout, as: UTF8.self)
        #expect(control.contains("conffiles"))
        let unpacked = folder.path("unpacked")
        #expect(try Shell.run("/usr/bin/dpkg-deb", ["-x", deb, unpacked]).status == 0)
        #expect(FileManager.default.contents(atPath: unpacked + "/etc/smtplog/smtplog.yml")
                == FileManager.default.contents(atPath: InstallTests.root.appendingPathComponent("Config/smtplog.yml").path))
        let service = try String(contentsOfFile: unpacked + "/lib/systemd/system/smtplog-daily.service", encoding: .utf8)
        #expect(service.contains("ExecStart=/usr/libexec/smtplog/smtplog-daily\n"))
        #expect(!FileManager.default.fileExists(atPath: unpacked + "/etc/systemd"), "the timer is installed, not enabled")
    }
}
