// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "smtplog",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smtplog", targets: ["smtplog"]),
        .library(name: "SMTPLogKit", targets: ["SMTPLogKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(name: "CMemory"),
        .systemLibrary(name: "CFileSystem"),
        .systemLibrary(
            name: "CLzma",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"])]
        ),
        // Debian ships no bzip2.pc: the header and -lbz2 are found in the default paths.
        .systemLibrary(
            name: "CBzip2",
            providers: [.apt(["libbz2-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // ISA-L's igzip: gzip input is inflated with it (several times zlib's speed).
        .systemLibrary(
            name: "CIsal",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        // zlib: the generator writes gzip with it.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libyaml: smtplog.yml is parsed by Debian's libyaml-0-2 (Findings/YAMLDocument.swift composes
        // its events), so the binary needs no copy of its own and no Foundation for it.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libsystemd's sd-journal API, for `smtplog report --journal` (Linux only).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .target(
            name: "SMTPLogKit",
            dependencies: ["CPCRE2", "CIsal", "CLzma", "CBzip2", "CZstd", "CMemory", "CFileSystem",
                           .target(name: "CSystemd", condition: .when(platforms: [.linux])), "CYAML"]
        ),
        .executableTarget(
            name: "smtplog",
            dependencies: [
                "SMTPLogKit",
                "CMemory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "smtplog-bench",
            dependencies: ["SMTPLogKit"]
        ),
        // The fuzz target and its invariants: test code, kept out of the shipped library.
        .target(
            name: "SMTPLogFuzzing",
            dependencies: ["SMTPLogKit"]
        ),
        // A replay tool in a plain build; a libFuzzer target with -DFUZZING (see .ci/fuzz).
        .executableTarget(
            name: "smtplog-fuzz",
            dependencies: ["SMTPLogFuzzing"],
            exclude: ["maillog.dict"]
        ),
        // A synthetic Postfix or Exim log with its exact truth: an independent model that
        // shares no code with SMTPLogKit (tests, .ci/bench).
        .target(
            name: "MailLogGenerator",
            dependencies: ["CZlib"]
        ),
        .executableTarget(
            name: "smtplog-gen",
            dependencies: [
                "MailLogGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SMTPLogKitTests",
            dependencies: ["SMTPLogKit", "SMTPLogFuzzing", "MailLogGenerator"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
