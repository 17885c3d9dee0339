// swift-tools-version:5.9
// The Swift binding, at the repository root because SwiftPM only resolves `.package(url:)` to a
// repository with Package.swift at its root. The library `Saasus` is the sources uniffi generates
// (swift/Sources/Saasus, plus the hand-written JSONValue.swift and WithResponse.swift) over the Rust library
// `saasus_uniffi`, reached through the C module maps of swift/Sources/SaasusFFI.
import PackageDescription

// The release's XCFramework for Apple platforms: nil on main; a release commit pins the zip of its
// GitHub release here (tools/swift_release.py, run by .github/workflows/release-swift.yml), so that
// `.package(url:, from: "x.y.z")` resolves on Apple platforms without building Rust.
let releaseXCFramework: (url: String, checksum: String)? = nil

// Outside the platform switch below, so that building on Linux type-checks it too.
func appleFFI() -> Target {
    guard let release = releaseXCFramework else {
        return Target.binaryTarget(name: "SaasusFFI", path: "swift/SaasusFFI.xcframework")
    }
    return Target.binaryTarget(name: "SaasusFFI", url: release.url, checksum: release.checksum)
}

#if os(Linux)
// Linux (compiled and tested here, tests/swift.sh): the C modules are a system library whose
// module map links `libsaasus_uniffi.so`, the release build of `cargo build --release -p
// saasus-uniffi`. Where that library is: $SAASUS_UNIFFI_LIB_DIR (a debug build, say), else
// this checkout's target/release. An `-L` and an rpath to it are unsafe flags, which SwiftPM accepts from a root
// package or a dependency by path, branch or revision, but not from one by version.
import Foundation

let packageDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let libDir = ProcessInfo.processInfo.environment["SAASUS_UNIFFI_LIB_DIR"] ?? packageDir + "/target/release"
let ffi: Target = .systemLibrary(name: "SaasusFFI", path: "swift/Sources/SaasusFFI")
let link: [LinkerSetting] = [
    .linkedLibrary("saasus_uniffi"),
    .unsafeFlags(["-L", libDir, "-Xlinker", "-rpath", "-Xlinker", libDir]),
]
let testTargets: [Target] = [
    .testTarget(name: "SaasusTests", dependencies: ["Saasus"], path: "swift/Tests/SaasusTests"),
]
#else
// Apple platforms (not verified here: no macOS): the Rust library as an XCFramework — in a
// release, the zip attached to the tag's GitHub release (`releaseXCFramework`, pinned by its
// checksum); in a checkout, what swift/build-xcframework.sh builds into swift/SaasusFFI.xcframework.
let ffi: Target = appleFFI()
let link: [LinkerSetting] = []
let testTargets: [Target] = []
#endif

let package = Package(
    name: "Saasus",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Saasus", targets: ["Saasus"]),
    ],
    targets: [
        ffi,
        .target(name: "Saasus", dependencies: ["SaasusFFI"], path: "swift/Sources/Saasus", linkerSettings: link),
    ] + testTargets
)
