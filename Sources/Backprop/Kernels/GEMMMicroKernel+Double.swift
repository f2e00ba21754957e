/// The Double micro-kernel: a 6 × 4 tile of C kept in twelve SSE registers for a whole
/// depth-`kc` run of rank-1 updates, `C_tile ← α·Σ_p a_p b_pᵀ + β·C_tile`.
///
/// The Float kernel's reasoning with half the lanes: a `SIMD4<Double>` is two SSE2 registers,
/// six of them hold the 6 × 4 tile; each step loads one row of B (4 doubles) and six elements
/// of A pre-broadcast as `SIMD2<Double>` (two copies, so no shuffle), then issues 12 multiplies
/// and 12 adds. Multiply and add stay separate because the default build has no FMA.
/// Measured on this machine (one core): about 25 GFLOP/s for large products, where separate
/// SSE multiplies and adds of doubles peak at about 31. The portable kernel, like the Float one:
/// CPUs with AVX2 or AVX-512 run the C kernels of GEMMMicroKernel+AVX.swift instead.
enum DoubleMicroKernel: GEMMMicroKernel {
    typealias Scalar = Double
    typealias PackedA = SIMD2<Double>

    static var mr: Int { 6 }
    static var nr: Int { 4 }
    /// Depth of one block: the 6 × 256 pre-broadcast A micro-panel (24 KiB) and the 256 × 4
    /// B micro-panel (8 KiB) fit the 48 KiB L1 together.
    static var kc: Int { 256 }
    /// Rows of one packed A block: 120 × 256 × 16 B = 480 KiB, half of the 1 MiB L2.
    static var mc: Int { 120 }
    /// Columns of one packed B panel: 256 × 1024 × 8 B = 2 MiB, for the shared L3.
    static var nc: Int { 1024 }

    static func packedA(_ element: Double) -> SIMD2<Double> { SIMD2<Double>(repeating: element) }

    static func multiply(
        kc: Int, a: UnsafePointer<SIMD2<Double>>, b: UnsafePointer<Double>,
        alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        typealias Row = SIMD4<Double>
        @inline(__always) func copies(_ x: SIMD2<Double>) -> Row { Row(lowHalf: x, highHalf: x) }

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
