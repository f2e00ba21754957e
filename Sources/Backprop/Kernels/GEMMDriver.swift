import Foundation

/// A register-blocked micro-kernel: the innermost step of the blocked product.
///
/// `multiply` computes one `mr × nr` tile `C_tile ← α·Σ_{p<kc} a_p b_pᵀ + β·C_tile` from a packed
/// A micro-panel (`kc` steps of `mr` elements, each stored as ``packedA(_:)`` makes it) and a
/// packed B micro-panel (`kc` rows of `nr` elements); see ``GEMMPacking``. With β = 0 the tile
/// of C is only written.
///
/// Conformers: ``FloatMicroKernel`` and ``DoubleMicroKernel`` (Swift, any CPU) and, on x86-64,
/// the AVX2 and AVX-512 kernels of `CBackpropKernels` (GEMMMicroKernel+AVX.swift), of which
/// `Float.gemm` and `Double.gemm` run the one ``KernelISA/best`` names.
///
/// The blocking sizes follow the GotoBLAS/BLIS loop nest that ``GEMMProblem/runBlocked(kernel:)``
/// implements: a `kc × nc` panel of B is packed once and reused by every `mc × kc` block of A;
/// a packed A block stays in L2 while the kernel sweeps it against each B micro-panel, which
/// stays in L1.
protocol GEMMMicroKernel: Sendable {
    associatedtype Scalar: BinaryFloatingPoint & SIMDScalar & Sendable
    /// One element of A as the packed A panel stores it: repeated across a vector for kernels
    /// that cannot broadcast on load (SSE2), the scalar itself for those that can (AVX).
    associatedtype PackedA

    /// Rows of the register tile.
    static var mr: Int { get }
    /// Columns of the register tile.
    static var nr: Int { get }
    /// Depth of one packed block (the k extent of a micro-panel).
    static var kc: Int { get }
    /// Rows of one packed A block (a multiple of `mr`).
    static var mc: Int { get }
    /// Columns of one packed B panel (a multiple of `nr`).
    static var nc: Int { get }

    /// The packed form of one element of A (``packedA(_:)``(0) pads short panels).
    static func packedA(_ element: Scalar) -> PackedA

    static func multiply(
        kc: Int, a: UnsafePointer<PackedA>, b: UnsafePointer<Scalar>,
        alpha: Scalar, beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
    )

    /// The transposing copy of packing A (not transposed), `target[p·width + j] =
    /// packedA(source[j·stride + p])` for `j < count`, `p < depth`, done faster than element by
    /// element; returns false, having done nothing, if the kernel has no such copy.
    static func transposedCopyA(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<PackedA>, width: Int
    ) -> Bool

    /// The transposing copy of packing B (transposed), `target[p·width + j] =
    /// source[j·stride + p]`; returns false, having done nothing, if the kernel has none.
    static func transposedCopyB(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<Scalar>, width: Int
    ) -> Bool
}

extension GEMMMicroKernel {
    /// None: ``GEMMPacking`` copies element by element.
    @inline(__always)
    static func transposedCopyA(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<PackedA>, width: Int
    ) -> Bool { false }

    /// None: ``GEMMPacking`` copies element by element.
    @inline(__always)
    static func transposedCopyB(
        count: Int, depth: Int, source: UnsafePointer<Scalar>, stride: Int,
        target: UnsafeMutablePointer<Scalar>, width: Int
    ) -> Bool { false }
}

/// One call of `C ← α·op(A)·op(B) + β·C` (row-major), as its arguments arrive.
///
/// The worker pool's threads share one: A and B are only read, and the threads of one product
/// write disjoint blocks of C (see ``rows(_:)`` and ``columns(_:)``).
struct GEMMProblem<Scalar: BinaryFloatingPoint & SIMDScalar & Sendable> {
    var transposeA: Bool
    var transposeB: Bool
    var m: Int
    var n: Int
    var k: Int
    var alpha: Scalar
    var a: UnsafePointer<Scalar>
    var lda: Int
    var b: UnsafePointer<Scalar>
    var ldb: Int
    var beta: Scalar
    var c: UnsafeMutablePointer<Scalar>
    var ldc: Int

    /// The same product restricted to rows `range` of C (and of op(A)).
    func rows(_ range: Range<Int>) -> GEMMProblem {
        var part = self
        part.m = range.count
        part.a = transposeA ? a + range.lowerBound : a + range.lowerBound * lda
        part.c = c + range.lowerBound * ldc
        return part
    }

    /// The same product restricted to columns `range` of C (and of op(B)).
    func columns(_ range: Range<Int>) -> GEMMProblem {
        var part = self
        part.n = range.count
        part.b = transposeB ? b + range.lowerBound * ldb : b + range.lowerBound
        part.c = c + range.lowerBound
        return part
    }
}

extension GEMMProblem {
    /// Products with fewer multiply–adds than this run on one thread: below it, handing a part
    /// to a worker and packing a second copy of the shared operand cost about what they save.
    /// Measured with the worker pool (Float, AVX-512, median of 3000 products with elementwise
    /// work between them, one thread → two): 64·64·64 3.0 → 2.7 µs, 128·64·64 (2¹⁹) 5.2 →
    /// 3.6 µs, 128·128·128 18.6 → 10.6 µs. (With DispatchQueue.concurrentPerform it was 2²¹.)
    static var parallelThreshold: Int { 1 << 19 }

    /// Whether the direct, unpacked path (``runSmall()``) is the faster one.
    ///
    /// Packing costs O(m·k + k·n) copies (A four or two times over, pre-broadcast, for the SSE
    /// kernels) and an allocation, and a 6- or 8-row tile wastes lanes when m or n is small.
    /// Measured on this machine with the SSE kernels (Float, all three network transpositions),
    /// the direct path wins for tiny products, for m ≤ 4 (per-sample training has m = 1), for
    /// one column, and for dot-product shapes (op(B) = Bᵀ) with at most 4 columns; the blocked
    /// path wins from 8 × 8 × 8 on otherwise.
    var prefersSmallPath: Bool {
        m * n * k <= 1024 || m <= 4 || n == 1 || (transposeB && !transposeA && n <= 4)
    }

    /// Finishes the product if it needs no micro-kernel, and says whether it did: the first
    /// step of `Float.gemm` and `Double.gemm`, which otherwise run the blocked path with the
    /// kernel of the chosen ``KernelISA``.
    ///
    /// Quick returns as in BLAS: with k = 0 or α = 0 the result is `β·C` (0 when β = 0) and A and
    /// B are not read. Small products (``prefersSmallPath``) run ``runSmall()``.
    func finishedWithoutKernel() -> Bool {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m = \(m), n = \(n), k = \(k)")
        if m == 0 || n == 0 { return true }
        if k == 0 || alpha == 0 {
            scaleC()
            return true
        }
        if prefersSmallPath {
            runSmall()
            return true
        }
        return false
    }

    /// The threads the blocked path splits C over: `requested`, or when `nil` every processor
    /// from ``parallelThreshold`` multiply–adds on and one below. Every element of C is computed
    /// by the same sequence of operations whatever this is, so the result is bit-for-bit the
    /// same.
    func threadCount(requested: Int?) -> Int {
        requested ?? (m * n * k >= Self.parallelThreshold ? WorkerPool.processorCount : 1)
    }

    /// `C ← β·C`, with β = 0 writing zeros (C may hold NaN).
    func scaleC() {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
        }
    }

    /// Splits C into `threads` disjoint blocks along its longer dimension (counted in tiles,
    /// cut on tile boundaries) and runs the blocked product on each.
    func runParallel<Kernel: GEMMMicroKernel>(kernel: Kernel.Type, threads: Int)
    where Kernel.Scalar == Scalar {
        let rowTiles = (m + Kernel.mr - 1) / Kernel.mr
        let columnTiles = (n + Kernel.nr - 1) / Kernel.nr
        let splitColumns = columnTiles >= rowTiles
        let tiles = splitColumns ? columnTiles : rowTiles
        let parts = max(1, min(threads, tiles))
        if parts == 1 {
            runBlocked(kernel: kernel)
            return
        }
        let tileSize = splitColumns ? Kernel.nr : Kernel.mr
        let extent = splitColumns ? n : m
        let chunk = (tiles + parts - 1) / parts * tileSize
        WorkerPool.run(parts: parts, threads: threads) { part in
            let range = min(part * chunk, extent)..<min((part + 1) * chunk, extent)
            if range.isEmpty { return }
            let block = splitColumns ? self.columns(range) : self.rows(range)
            block.runBlocked(kernel: kernel)
        }
    }

    /// The blocked product on the calling thread (GotoBLAS/BLIS loop nest).
    ///
    /// ```
    /// for each nc-wide panel of columns j0            (packed B panel: L3)
    ///   for each kc-deep slice p0                     (β applies on the first slice only)
    ///     pack op(B)[p0.., j0..]
    ///     for each mc-high block of rows i0           (packed A block: L2)
    ///       pack op(A)[i0.., p0..]
    ///       for each nr-wide micro-panel jr of B      (stays in L1)
    ///         for each mr-high micro-panel ir of A
    ///           C[i0+ir.., j0+jr..] ← α·A_ir·B_jr + β′·C   (micro-kernel)
    /// ```
    /// An element's value depends only on `kc` and the kernel, never on where its tile lies,
    /// so splitting C between threads leaves every bit unchanged.
    func runBlocked<Kernel: GEMMMicroKernel>(kernel: Kernel.Type) where Kernel.Scalar == Scalar {
        let mr = Kernel.mr, nr = Kernel.nr
        let kcMax = min(Kernel.kc, k)
        let mcMax = min(Kernel.mc, (m + mr - 1) / mr * mr)
        let ncMax = min(Kernel.nc, (n + nr - 1) / nr * nr)

        // Packing buffers from a small pool, cache-line aligned so that the kernel's vector loads
        // of packed panels are aligned. (A fresh 2 MB allocation per call came from mmap and
        // cost ~10 % of a wide training step in page faults.)
        let bytesA = (mcMax * kcMax * MemoryLayout<Kernel.PackedA>.stride + 63) / 64 * 64
        let bytesB = ncMax * kcMax * MemoryLayout<Scalar>.stride
        let (scratch, capacity) = GEMMScratch.shared.take(bytes: bytesA + bytesB + mr * nr * MemoryLayout<Scalar>.stride)
        defer { GEMMScratch.shared.give(scratch, capacity: capacity) }
        let packedA = scratch.bindMemory(to: Kernel.PackedA.self, capacity: mcMax * kcMax)
        let packedB = (scratch + bytesA).bindMemory(to: Scalar.self, capacity: ncMax * kcMax)
        let edgeTile = (scratch + bytesA + bytesB).bindMemory(to: Scalar.self, capacity: mr * nr)

        for j0 in stride(from: 0, to: n, by: Kernel.nc) {
            let nb = min(Kernel.nc, n - j0)
            for p0 in stride(from: 0, to: k, by: Kernel.kc) {
                let kb = min(Kernel.kc, k - p0)
                let betaSlice = p0 == 0 ? beta : 1
                GEMMPacking.packB(
                    depth: kb, columns: nb, kernel: kernel, transposed: transposeB,
                    b: transposeB ? b + (j0 * ldb + p0) : b + (p0 * ldb + j0), ldb: ldb,
                    into: packedB)
                for i0 in stride(from: 0, to: m, by: Kernel.mc) {
                    let mb = min(Kernel.mc, m - i0)
                    GEMMPacking.packA(
                        rows: mb, depth: kb, kernel: kernel, transposed: transposeA,
                        a: transposeA ? a + (p0 * lda + i0) : a + (i0 * lda + p0), lda: lda,
                        into: packedA)
                    for jr in stride(from: 0, to: nb, by: nr) {
                        let columns = min(nr, nb - jr)
                        for ir in stride(from: 0, to: mb, by: mr) {
                            let rows = min(mr, mb - ir)
                            let tile = c + ((i0 + ir) * ldc + j0 + jr)
                            let aPanel = packedA + ir * kb
                            let bPanel = packedB + jr * kb
                            if rows == mr && columns == nr {
                                Kernel.multiply(
                                    kc: kb, a: aPanel, b: bPanel,
                                    alpha: alpha, beta: betaSlice, c: tile, ldc: ldc)
                            } else {
                                // Edge tile: compute α·acc into scratch, then merge the valid
                                // part as the kernel would (α·acc + β′·C, same rounding).
                                Kernel.multiply(
                                    kc: kb, a: aPanel, b: bPanel,
                                    alpha: alpha, beta: 0, c: edgeTile, ldc: nr)
                                for r in 0..<rows {
                                    for j in 0..<columns {
                                        let product = edgeTile[r * nr + j]
                                        let cij = tile + (r * ldc + j)
                                        cij.pointee = betaSlice == 0
                                            ? product : product + betaSlice * cij.pointee
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A few reusable, 64-byte-aligned packing buffers shared by the threads of every product.
final class GEMMScratch: @unchecked Sendable {
    static let shared = GEMMScratch()
    /// `free` is only touched under `lock`.
    private let lock = NSLock()
    private var free: [(pointer: UnsafeMutableRawPointer, capacity: Int)] = []

    /// A buffer of at least `bytes` bytes: a pooled one, or a new one.
    func take(bytes: Int) -> (UnsafeMutableRawPointer, Int) {
        lock.lock()
        if let index = free.firstIndex(where: { $0.capacity >= bytes }) {
            let buffer = free.remove(at: index)
            lock.unlock()
            return (buffer.pointer, buffer.capacity)
        }
        lock.unlock()
        return (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
    }

    /// Buffers kept: one per thread of a parallel product, plus a caller running its own
    /// product beside it (a pool of four made machines of more than four processors allocate
    /// on every product).
    static let capacity = max(4, WorkerPool.processorCount + 1)

    /// Returns a buffer to the pool (at most ``capacity`` are kept; the smallest goes).
    func give(_ pointer: UnsafeMutableRawPointer, capacity: Int) {
        lock.lock()
        free.append((pointer, capacity))
        var dropped: UnsafeMutableRawPointer?
        if free.count > Self.capacity, let smallest = free.indices.min(by: { free[$0].capacity < free[$1].capacity }) {
            dropped = free.remove(at: smallest).pointer
        }
        lock.unlock()
        dropped?.deallocate()
    }
}
