/// The Float micro-kernel: a 6 × 8 tile of C kept in twelve SSE registers for a whole
/// depth-`kc` run of rank-1 updates, `C_tile ← α·Σ_p a_p b_pᵀ + β·C_tile`.
///
/// Why this shape: a default (no `-target-cpu`) Swift build on x86-64 may use only SSE2, i.e.
/// sixteen 4-lane registers and no FMA (`addingProduct` on SIMD types becomes one `fmaf`
/// library call per lane there, so the kernel multiplies and adds separately). A `SIMD8<Float>`
/// is two registers; six of them hold 6 × 8 = 48 accumulators in 12 registers, leaving two
/// for the row of B and two for products. Each step p loads one row of B (8 floats) and six
/// elements of A, and issues 12 multiplies and 12 adds: on this machine's two multiply and two
/// add pipes that is 6 cycles, enough independent adds to hide their latency.
///
/// A is packed *pre-broadcast*: each element stored four times (`SIMD4<Float>`), so that the
/// kernel multiplies by a plain aligned load instead of spending a shuffle per element (SSE2
/// has no broadcast load). Measured on this machine (AMD EPYC, Zen 5, one core): 55 GFLOP/s
/// against 47 with shuffles, where separate SSE multiplies and adds peak at about 62.
/// A 4 × 12 tile spills registers (34 GFLOP/s); unrolling the loop by 4 did not help (46).
///
/// Swift has no per-function target attribute, so the AVX2 and AVX-512 kernels that a default
/// build runs on CPUs that have them are C (GEMMMicroKernel+AVX.swift, 115–250 GFLOP/s); this
/// kernel is the portable one: the only one on other architectures and on x86-64 without AVX2.
enum FloatMicroKernel: GEMMMicroKernel {
    typealias Scalar = Float
    typealias PackedA = SIMD4<Float>

    static var mr: Int { 6 }
    static var nr: Int { 8 }
    /// Depth of one block: the 6 × 256 pre-broadcast A micro-panel (24 KiB) and the 256 × 8
    /// B micro-panel (8 KiB) fit the 48 KiB L1 together; long enough to amortise the tile's
    /// load and store of C.
    static var kc: Int { 256 }
    /// Rows of one packed A block: 120 × 256 × 16 B = 480 KiB, half of the 1 MiB L2.
    static var mc: Int { 120 }
    /// Columns of one packed B panel: 256 × 2048 × 4 B = 2 MiB, for the shared L3.
    static var nc: Int { 2048 }

    static func packedA(_ element: Float) -> SIMD4<Float> { SIMD4<Float>(repeating: element) }

    static func multiply(
        kc: Int, a: UnsafePointer<SIMD4<Float>>, b: UnsafePointer<Float>,
        alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        typealias Row = SIMD8<Float>
        // Both halves of the row are multiplied by the same four copies of a_ip.
        @inline(__always) func copies(_ x: SIMD4<Float>) -> Row { Row(lowHalf: x, highHalf: x) }

        var c0 = Row(), c1 = Row(), c2 = Row(), c3 = Row(), c4 = Row(), c5 = Row()
        var a = a
        var b = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let bp = b.load(as: Row.self)
            c0 += bp * copies(a[0])
            c1 += bp * copies(a[1])
            c2 += bp * copies(a[2])
            c3 += bp * copies(a[3])
            c4 += bp * copies(a[4])
            c5 += bp * copies(a[5])
            a += 6
            b += MemoryLayout<Row>.stride
        }

        // C_tile ← α·acc + β·C_tile; with β = 0, C is only written.
        @inline(__always) func update(_ row: Int, _ acc: Row) {
            let cRow = UnsafeMutableRawPointer(c + row * ldc)
            if beta == 0 {
                cRow.storeBytes(of: alpha * acc, as: Row.self)
            } else {
                let old = cRow.loadUnaligned(as: Row.self)
                cRow.storeBytes(of: alpha * acc + beta * old, as: Row.self)
            }
        }
        update(0, c0)
        update(1, c1)
        update(2, c2)
        update(3, c3)
        update(4, c4)
        update(5, c5)
    }
}
