// swift-tools-version:6.0
// libFuzzer targets for the server's parsers and validators. The modules under Sources/ are symbolic links
// to the server's own sources, so this package fuzzes the shipped code without adding a product or a flag to
// the server package. Build and run it with scripts/fuzz.sh (or `make fuzz`), which passes
// `-sanitize=fuzzer,address` and uses a build folder of its own.
import PackageDescription

/// Each fuzz target: its executable name and the server modules it reaches. Adding a target is one line here,
/// one folder under Sources/ and one seed folder under Corpus/ (see README.md).
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzHTTPRequestParser", ["HTTPServer", "FuzzSupport"]),
    ("FuzzChunkedBody", ["HTTPServer", "FuzzSupport"]),
    ("FuzzLifecyclePolicy", ["ControlPlane", "FuzzSupport"]),
    ("FuzzReplicationConfiguration", ["ControlPlane", "FuzzSupport"]),
    ("FuzzAWSErrorJSON", ["AWSClient", "FuzzSupport"]),
    ("FuzzAWSErrorQueryXML", ["AWSClient", "FuzzSupport"]),
    ("FuzzWebhookSignature", ["ControlPlane", "FuzzSupport"]),
]

let package = Package(
    name: "ecr-control-plane-fuzz",
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3"),
        .systemLibrary(name: "CCrypto", pkgConfig: "openssl"),
        .systemLibrary(name: "CTLS", pkgConfig: "openssl"),
        .systemLibrary(name: "CLinux"),
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "Observability"),
        .target(name: "HTTPServer", dependencies: ["CLinux", "CTLS", "Observability", "Crypto"]),
        .target(name: "Store", dependencies: ["CSQLite", "Crypto", "Observability"]),
        .target(name: "AWSClient", dependencies: ["Crypto", "Observability"]),
        .target(name: "ControlPlane", dependencies: ["Store", "AWSClient", "Crypto", "Observability"]),
        .systemLibrary(name: "CFuzzer"),
        // The libFuzzer driver call every target starts with, and checks shared by the HTTP parser targets.
        .target(name: "FuzzSupport", dependencies: ["CFuzzer", "HTTPServer"]),
    ]
        + fuzzTargets.map { .executableTarget(name: $0.name, dependencies: $0.dependencies) },
    swiftLanguageModes: [.v6]
)
