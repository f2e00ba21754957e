import Testing

@testable import Backprop

/// The fast `gemm` (every path: automatic choice, blocked on 1 and 2 threads, direct small
/// loop; every micro-kernel this CPU can run: portable Swift, AVX2+FMA, AVX-512) against
/// `gemmReference`, in Float and Double. Kernels the CPU lacks are not in
/// `KernelISA.available` and so are skipped.
///
/// Tolerance: both computations are sums of k products rounded in different orders, so each
/// is within (k + 3)·u·(|α|·Σ_p |op(A)_ip·op(B)_pj| + |β|·|C_ij|) of the exact value (u = ε/2,
/// the unit roundoff). Their difference is therefore checked against
/// (k + 4)·ε·(|α|·Σ_p |op(A)_ip·op(B)_pj| + |β|·|C_ij|) — for Double about 2.2·10⁻¹⁶·(k + 4)
/// relative to the sum of magnitudes, far tighter than 10⁻¹²·k.
@Suite("GEMM: fast kernels against the reference loop")
struct GEMMTests {
    static let transpositions: [(transposeA: Bool, transposeB: Bool)] = [
        (false, false), (false, true), (true, false), (true, true),
    ]

    @Test(
        "Float gemm equals the reference within rounding, every path and kernel, shapes 0…70",
        arguments: GEMMPath.allCases)
    func floatRandomShapes(path: GEMMPath) {
        checkRandomShapes(Float.self, path: path, seed: 1)
    }

    @Test(
        "Double gemm equals the reference within rounding, every path and kernel, shapes 0…70",
        arguments: GEMMPath.allCases)
    func doubleRandomShapes(path: GEMMPath) {
        checkRandomShapes(Double.self, path: path, seed: 2)
    }

    @Test("The kernels chosen are the best the CPU has (flags of /proc/cpuinfo on Linux)")
    func chosenKernelMatchesCPU() throws {
        #if os(Linux) && arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let firstFlags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let flags = Set(firstFlags.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }))
        let expected: KernelISA =
            flags.contains("avx512f") ? .avx512
            : flags.contains("avx2") && flags.contains("fma") ? .avx2 : .portable
        #expect(KernelISA.supported == expected)
        #elseif !arch(x86_64)
        #expect(KernelISA.supported == .portable)
        #endif
    }

    @Test("The network's shapes at batch 128 (128×512×64) equal the reference, every kernel")
    func networkSizes() {
        var random = SeededGenerator(seed: 3)
        // forward Z = A·Wᵀ, backward E = Δ·W, gradient ∂W = Δᵀ·A (+ β·∂W).
        for (transposeA, transposeB) in [(false, true), (false, false), (true, false)] {
            GEMMCase<Float>(
                transposeA: transposeA, transposeB: transposeB, m: 128, n: 512, k: 64,
                alpha: 1, beta: transposeA ? 1 : 0, padding: (0, 0, 0), random: &random
            ).expectMatchesReference(path: .automatic)
        }
        GEMMCase<Double>(
            transposeA: true, transposeB: false, m: 64, n: 512, k: 128,
            alpha: 0.25, beta: 1, padding: (0, 0, 0), random: &random
        ).expectMatchesReference(path: .automatic)
    }

    @Test(
        "Shapes crossing each kernel's cache blocks equal the reference (m > mc, k > kc, n > nc)",
        arguments: KernelISA.available)
    func blockCrossingShapes(isa: KernelISA) {
        checkBlockCrossingShapes(Float.self, isa: isa, alpha: 0.75, beta: 0.5, padding: (1, 2, 3))
        checkBlockCrossingShapes(Double.self, isa: isa, alpha: -1.25, beta: 0, padding: (0, 3, 1))
    }

    @Test(
        "Splitting C over 1, 2 or 3 threads gives bit-identical results, every kernel",
        arguments: [(128, 64, 64), (97, 53, 300), (250, 30, 40), (7, 100, 9)], KernelISA.available)
    func threadCountDoesNotChangeBits(shape: (m: Int, n: Int, k: Int), isa: KernelISA) {
        var random = SeededGenerator(seed: 7)
        for (transposeA, transposeB) in Self.transpositions {
            let float = GEMMCase<Float>(
                transposeA: transposeA, transposeB: transposeB,
                m: shape.m, n: shape.n, k: shape.k, alpha: 1.5, beta: -0.5,
                padding: (2, 0, 1), random: &random)
            let double = GEMMCase<Double>(
                transposeA: transposeA, transposeB: transposeB,
                m: shape.m, n: shape.n, k: shape.k, alpha: 1, beta: 0,
                padding: (0, 1, 2), random: &random)
            let floatOne = float.result(path: .blocked, isa: isa)
            let doubleOne = double.result(path: .blocked, isa: isa)
            for threads in [2, 3] {
                #expect(float.result(path: .blocked, threads: threads, isa: isa).map(\.bitPattern)
                    == floatOne.map(\.bitPattern))
                #expect(double.result(path: .blocked, threads: threads, isa: isa).map(\.bitPattern)
                    == doubleOne.map(\.bitPattern))
            }
        }
    }

    @Test(
        "With β = 0, NaN in C is overwritten, never read; padding of C is untouched",
        arguments: KernelISA.available)
    func betaZeroIgnoresNaN(isa: KernelISA) {
        var random = SeededGenerator(seed: 11)
        for path in GEMMPath.allCases {
            for (transposeA, transposeB) in Self.transpositions {
                let problem = GEMMCase<Double>(
                    transposeA: transposeA, transposeB: transposeB, m: 13, n: 17, k: 300,
                    alpha: 1, beta: 0, padding: (0, 0, 5), random: &random)
                let c = problem.result(path: path, isa: isa)
                for i in 0..<13 {
                    for j in 0..<17 { #expect(c[i * problem.ldc + j].isFinite) }
                    for j in 17..<problem.ldc { #expect(c[i * problem.ldc + j] == 12345) }
                }
            }
        }
    }

    @Test("k = 0 or α = 0 scales C by β (zeros when β = 0); m = 0 or n = 0 writes nothing")
    func degenerateSizes() {
        var c: [Float] = [1, 2, 3, 4]
        let none: [Float] = [.nan]
        Float.gemm(
            transposeA: false, transposeB: false, m: 2, n: 2, k: 0, alpha: 1,
            a: none, lda: 1, b: none, ldb: 2, beta: 2, c: &c, ldc: 2)
        #expect(c == [2, 4, 6, 8])
        Float.gemm(
            transposeA: false, transposeB: true, m: 2, n: 2, k: 1, alpha: 0,
            a: none, lda: 1, b: none, ldb: 1, beta: 0, c: &c, ldc: 2)
        #expect(c == [0, 0, 0, 0])
        var d: [Double] = [7]
        Double.gemm(
            transposeA: false, transposeB: false, m: 0, n: 1, k: 3, alpha: 1,
            a: [1, 1, 1], lda: 3, b: [1, 1, 1], ldb: 1, beta: 0, c: &d, ldc: 1)
        Double.gemm(
            transposeA: false, transposeB: false, m: 1, n: 0, k: 3, alpha: 1,
            a: [1, 1, 1], lda: 3, b: [1, 1, 1], ldb: 1, beta: 0, c: &d, ldc: 1)
        #expect(d == [7])
    }

    @Test("The network's three shapes at batch 128 and per sample match hand-computed values")
    func networkShapes() {
        // z = W a for one sample: W (2×3) = [[1,2,3],[4,5,6]], a = [1,0,-1] → z = [-2, -2];
        // forward Z (N×out) = A (N×in)·Wᵀ with N = 1.
        let w: [Double] = [1, 2, 3, 4, 5, 6]
        var z: [Double] = [.nan, .nan]
        Double.gemm(
            transposeA: false, transposeB: true, m: 1, n: 2, k: 3, alpha: 1,
            a: [1, 0, -1], lda: 3, b: w, ldb: 3, beta: 0, c: &z, ldc: 2)
        #expect(z == [-2, -2])
        // e_prev = Wᵀ δ: E (1×in) = Δ (1×out)·W with δ = [1, -1] → [-3, -3, -3].
        var e: [Double] = [.nan, .nan, .nan]
        Double.gemm(
            transposeA: false, transposeB: false, m: 1, n: 3, k: 2, alpha: 1,
            a: [1, -1], lda: 2, b: w, ldb: 3, beta: 0, c: &e, ldc: 3)
        #expect(e == [-3, -3, -3])
        // ∂W = δ aᵀ accumulated: ∂W ← Δᵀ·A + 1·∂W.
        var gradient: [Double] = [1, 1, 1, 1, 1, 1]
        Double.gemm(
            transposeA: true, transposeB: false, m: 2, n: 3, k: 1, alpha: 1,
            a: [1, -1], lda: 2, b: [1, 0, -1], ldb: 3, beta: 1, c: &gradient, ldc: 3)
        #expect(gradient == [2, 1, 0, 0, 1, 2])
    }
}

/// Which implementation a test drives.
enum GEMMPath: CaseIterable, CustomStringConvertible, Sendable {
    /// The public entry: chooses the small or blocked path and the threads by size.
    case automatic
    /// The packed, blocked product on one thread, whatever the size.
    case blocked
    /// The packed, blocked product with C split over two threads, whatever the size.
    case blockedTwoThreads
    /// The direct loop without packing, whatever the size.
    case small

    var description: String {
        switch self {
        case .automatic: "automatic"
        case .blocked: "blocked, 1 thread"
        case .blockedTwoThreads: "blocked, 2 threads"
        case .small: "small"
        }
    }
}

/// Float and Double with their micro-kernels (``GEMMKernels``), so one generic test drives both.
protocol GEMMTestScalar: NetworkScalar, GEMMKernels {
    var bitPattern: RawSignificand { get }
}

extension Float: GEMMTestScalar {}
extension Double: GEMMTestScalar {}

/// Shapes just past each of the kernel's blocks (m > mc, k > kc and 2·kc, n > nc) and with
/// partial edge tiles in m and n, on 1 and 2 threads, all four transpositions.
func checkBlockCrossingShapes<T: GEMMTestScalar>(
    _: T.Type, isa: KernelISA, alpha: T, beta: T, padding: (Int, Int, Int)
) {
    let kernel = T.kernel(isa)
    let shapes = [
        (kernel.mc + kernel.mr + 1, kernel.nr / 2 + 1, 13),
        (2 * kernel.mr + 1, 2 * kernel.nr + 3, kernel.kc + 44),
        (5, kernel.nc + kernel.nr + 5, 3),
        (17, 12, 2 * kernel.kc + 1),
    ]
    for (m, n, k) in shapes {
        var random = SeededGenerator(seed: UInt64(m * 1_000_003 + n * 1009 + k))
        for (transposeA, transposeB) in GEMMTests.transpositions {
            for path in [GEMMPath.blocked, .blockedTwoThreads] {
                GEMMCase<T>(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                    alpha: alpha, beta: beta, padding: padding, random: &random
                ).expectMatchesReference(path: path, isas: [isa])
            }
        }
    }
}

func checkRandomShapes<T: GEMMTestScalar>(_: T.Type, path: GEMMPath, seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let alphas: [T] = [1, -0.5, 2.25, 0]
    let betas: [T] = [0, 1, 0.5, -1.5]
    for (transposeA, transposeB) in GEMMTests.transpositions {
        for _ in 0..<12 {
            let problem = GEMMCase<T>(
                transposeA: transposeA, transposeB: transposeB,
                m: random.bounded(71), n: random.bounded(71), k: random.bounded(71),
                alpha: alphas[random.bounded(alphas.count)],
                beta: betas[random.bounded(betas.count)],
                padding: (random.bounded(4), random.bounded(4), random.bounded(4)),
                random: &random)
            problem.expectMatchesReference(path: path)
        }
    }
}

/// One random product with its operands stored with extra padding in each leading dimension.
struct GEMMCase<T: GEMMTestScalar> {
    let transposeA: Bool, transposeB: Bool
    let m: Int, n: Int, k: Int
    let alpha: T, beta: T
    let lda: Int, ldb: Int, ldc: Int
    let a: [T], b: [T], c: [T]

    /// - Parameter padding: added to the minimal lda, ldb, ldc. Padding of C holds 12345, and
    ///   with β = 0 the m × n block holds NaN (it must be overwritten without being read).
    init(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: T, beta: T,
        padding: (Int, Int, Int), random: inout SeededGenerator
    ) {
        self.transposeA = transposeA
        self.transposeB = transposeB
        (self.m, self.n, self.k) = (m, n, k)
        (self.alpha, self.beta) = (alpha, beta)
        // Stored A is m × k (or k × m when transposed), stored B is k × n (or n × k).
        let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
        let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
        lda = max(1, aColumns + padding.0)
        ldb = max(1, bColumns + padding.1)
        ldc = max(1, n + padding.2)
        a = (0..<max(1, aRows * lda)).map { _ in T(random.nextSigned()) }
        b = (0..<max(1, bRows * ldb)).map { _ in T(random.nextSigned()) }
        var c = [T](repeating: 12345, count: max(1, m * ldc))
        for i in 0..<m {
            for j in 0..<n { c[i * ldc + j] = beta == 0 ? .nan : T(random.nextSigned()) }
        }
        self.c = c
    }

    func result(path: GEMMPath, threads: Int? = nil, isa: KernelISA = .best) -> [T] {
        var c = self.c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let problem = GEMMProblem(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                        beta: beta, c: c.baseAddress!, ldc: ldc)
                    switch path {
                    case .automatic where isa == .best:
                        T.gemm(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                            alpha: alpha, a: a.baseAddress!, lda: lda, b: b.baseAddress!,
                            ldb: ldb, beta: beta, c: c.baseAddress!, ldc: ldc)
                    case .automatic:
                        problem.run(threads: nil, isa: isa)
                    case .blocked, .blockedTwoThreads:
                        if m == 0 || n == 0 { return }
                        if k == 0 || alpha == 0 { problem.scaleC(); return }
                        let count = threads ?? (path == .blocked ? 1 : 2)
                        problem.runParallel(threads: count, isa: isa)
                    case .small:
                        if m == 0 || n == 0 { return }
                        if k == 0 || alpha == 0 { problem.scaleC(); return }
                        problem.runSmall()
                    }
                }
            }
        }
        return c
    }

    func reference() -> [T] {
        var c = self.c
        gemmReference(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
        return c
    }

    /// Checks every element against the reference within the rounding bound (see the suite's
    /// documentation) and that the padding of C is untouched, for each kernel of `isas` (only
    /// one for the small path, which uses none); reports the worst element.
    func expectMatchesReference(
        path: GEMMPath, isas: [KernelISA] = KernelISA.available,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let slow = reference()
        // (k + 4)·ε·(|α|·Σ_p |op(A)_ip·op(B)_pj| + |β|·|C_ij|), computed once for all kernels.
        var bounds = [T](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var magnitude: T = 0
                for p in 0..<k {
                    let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    magnitude += abs(aip * bpj)
                }
                let old = beta == 0 ? 0 : abs(beta * c[i * ldc + j])
                bounds[i * n + j] = T(k + 4) * T.ulpOfOne * (abs(alpha) * magnitude + old)
            }
        }
        for isa in path == .small ? [.best] : isas {
            let fast = result(path: path, isa: isa)
            var worst: (ratio: T, i: Int, j: Int) = (0, -1, -1)
            var paddingChanged = 0
            for i in 0..<m {
                for j in 0..<n {
                    let bound = bounds[i * n + j]
                    let error = abs(fast[i * ldc + j] - slow[i * ldc + j])
                    let ratio = bound > 0 ? error / bound : (error == 0 ? 0 : .infinity)
                    if !(ratio <= worst.ratio) { worst = (ratio, i, j) }
                }
                for j in n..<ldc where fast[i * ldc + j] != c[i * ldc + j] { paddingChanged += 1 }
            }
            #expect(
                worst.ratio <= 1,
                """
                \(T.self) \(path) \(isa) tA=\(transposeA) tB=\(transposeB) m=\(m) n=\(n) k=\(k) \
                α=\(alpha) β=\(beta): worst error/bound \(worst.ratio) at (\(worst.i), \(worst.j))
                """,
                sourceLocation: sourceLocation)
            #expect(
                paddingChanged == 0, "\(isa): \(paddingChanged) padding elements of C changed",
                sourceLocation: sourceLocation)
        }
    }
}

extension SeededGenerator {
    /// Uniform in [-1, 1).
    mutating func nextSigned() -> Double { 2 * uniform() - 1 }
}
