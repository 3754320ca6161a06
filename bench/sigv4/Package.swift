// swift-tools-version:6.0
// Builds the SigV4 benchmark against the server's own signer sources (linked from ../../Sources), in
// release mode and in a build folder of its own, without adding a product to the server package.
import PackageDescription

let package = Package(
    name: "sigv4-bench",
    targets: [
        .systemLibrary(name: "CCrypto", pkgConfig: "openssl"),
        .target(name: "Crypto", dependencies: ["CCrypto"]),
        .target(name: "Observability"),
        .target(name: "AWSClient", dependencies: ["Crypto", "Observability"]),
        .executableTarget(name: "SigV4Bench", dependencies: ["AWSClient", "Crypto"]),
    ],
    swiftLanguageModes: [.v6]
)
