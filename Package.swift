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
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(name: "CMemory"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "SMTPLogKit",
            dependencies: ["CPCRE2", "CZlib", "CMemory", .product(name: "Yams", package: "Yams")],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "smtplog",
            dependencies: [
                "SMTPLogKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "smtplog-bench",
            dependencies: ["SMTPLogKit"],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // A replay tool in a plain build; a libFuzzer target with -DFUZZING (see .ci/fuzz).
        .executableTarget(
            name: "smtplog-fuzz",
            dependencies: ["SMTPLogKit"],
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
            dependencies: ["SMTPLogKit", "MailLogGenerator"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
