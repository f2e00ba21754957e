// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "FinHeatTransfer", targets: ["FinHeatTransfer"]),
        .library(name: "FinInverse", targets: ["FinInverse"]),
        .executable(name: "backprop", targets: ["BackpropCommand"]),
    ],
    dependencies: [
        // RealModule: exp, tanh, log1p … in code generic over Float and Double.
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // The `backprop` command's subcommands, --help and validation.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The lecture and only the lecture: storage, activations, layer, network, cost,
        // finite differences, training, model files.
        .target(
            name: "Backprop",
            dependencies: [
                "AtomicFiles", "CBackpropKernels",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // Size-limited reads and crash-safe (temporary file + rename) writes, for every target.
        .target(name: "AtomicFiles"),
        // C inner loops (GEMM micro-kernels, vector exp/tanh/sigmoid) compiled per function for
        // AVX2+FMA and AVX-512 and chosen at run time; no compiler flags, builds anywhere.
        .target(name: "CBackpropKernels"),
        // Fin physics and data; knows nothing of networks.
        .target(name: "FinHeatTransfer"),
        // The fin's inverse problems solved with networks: surrogate, direct inverse network,
        // estimation by backprop to the inputs, and the slab's linear neuron.
        .target(name: "FinInverse", dependencies: ["Backprop", "FinHeatTransfer"]),
        // CSV reading and writing for the command line and for engineers' data files.
        .target(name: "BackpropData", dependencies: ["AtomicFiles"]),
        // Standalone SVG plots, terminal plots and the HTML report.
        .target(name: "BackpropPlots", dependencies: ["AtomicFiles"]),
        // The `backprop` executable: thin subcommands, one file each.
        .executableTarget(
            name: "BackpropCommand",
            dependencies: [
                "AtomicFiles",
                "Backprop", "FinHeatTransfer", "FinInverse", "BackpropData", "BackpropPlots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BackpropTests", dependencies: ["Backprop"]),
        .testTarget(name: "FinHeatTransferTests", dependencies: ["FinHeatTransfer"]),
        .testTarget(name: "FinInverseTests", dependencies: ["FinInverse", "Backprop", "FinHeatTransfer"]),
        .testTarget(name: "BackpropDataTests", dependencies: ["BackpropData"]),
        .testTarget(name: "BackpropPlotsTests", dependencies: ["BackpropPlots"]),
        .testTarget(name: "BackpropCommandTests", dependencies: ["BackpropCommand"]),
    ]
)
