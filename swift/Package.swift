// swift-tools-version:5.9
// The Swift binding: the sources uniffi generates (Sources/Saasus) over the Rust library, which
// is shipped as SaasusFFI.xcframework (built on macOS: see docs/swift.md). Not compiled on our CI,
// which has no Swift toolchain; tests/kotlin.sh checks these sources fresh and complete.
import PackageDescription

let package = Package(
    name: "Saasus",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Saasus", targets: ["Saasus"]),
    ],
    targets: [
        .binaryTarget(name: "SaasusFFI", path: "SaasusFFI.xcframework"),
        .target(name: "Saasus", dependencies: ["SaasusFFI"], path: "Sources/Saasus"),
    ]
)
