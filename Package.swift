// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "ecr-control-plane",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecr-control-plane", targets: ["ecr-control-plane"])
    ],
    targets: [
        // System libraries, each imported by exactly one Swift module.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // libssl for the HTTP server's TLS transport, kept apart from CCrypto so that each C module has
        // one importing Swift target.
        .systemLibrary(
            name: "CTLS",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // epoll, which Glibc's Swift module does not export; headers only, nothing to link.
        .systemLibrary(name: "CLinux"),

        // Hashing, HMAC, random bytes and TLS over libcrypto/libssl.
        .target(name: "Crypto", dependencies: ["CCrypto"], swiftSettings: strictSettings),
        // Logger and metrics registry shared by every module.
        .target(name: "Observability", swiftSettings: strictSettings),
        .target(
            name: "HTTPServer",
            dependencies: ["CLinux", "CTLS", "Observability", "Crypto"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Store",
            dependencies: ["CSQLite", "Crypto", "Observability"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AWSClient",
            dependencies: ["Crypto", "Observability"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ControlPlane",
            dependencies: ["Store", "AWSClient", "Crypto", "Observability"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "API",
            dependencies: ["HTTPServer", "ControlPlane", "Store", "AWSClient", "Crypto", "Observability"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ecr-control-plane",
            dependencies: ["API", "ControlPlane", "Store", "AWSClient", "HTTPServer", "Observability"],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: strictSettings),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability"], swiftSettings: strictSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strictSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: strictSettings),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient", "Crypto"],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ControlPlaneTests",
            dependencies: ["ControlPlane", "Store", "AWSClient"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "APITests",
            dependencies: ["API", "HTTPServer", "ControlPlane", "Store", "AWSClient", "Crypto"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ecr-control-planeTests",
            dependencies: ["ecr-control-plane"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
