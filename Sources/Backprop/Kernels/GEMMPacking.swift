/// Packing: copying a block of op(A) or op(B) into the order in which the micro-kernel reads
/// it, so that the kernel streams contiguous, aligned memory whatever the transposition and
/// leading dimension of the caller's matrix.
///
/// Layouts (`mr`, `nr` are the kernel's tile sizes, `kb` the depth of the block):
/// - A block (`mb` × `kb`) → ⌈mb/mr⌉ micro-panels, each `kb` steps of `mr` rows:
///   `panel[p·mr + r] = packedA(op(A)[i0 + r, p])`, rows past `mb` are 0 (`packedA` repeats
///   the element across a vector for the SSE kernels, keeps it as is for the AVX ones).
/// - B panel (`kb` × `nb`) → ⌈nb/nr⌉ micro-panels, each `kb` rows of `nr` columns:
///   `panel[p·nr + j] = op(B)[p, j0 + j]`, columns past `nb` are 0.
/// The zero padding makes edge tiles ordinary tiles: padded rows and columns add exact zeros
/// and are never copied out to C.
enum GEMMPacking {
    /// Packs `op(A)[0..<mb, 0..<kb]` (with `op(A)[i, p] = transposed ? a[p·lda + i] : a[i·lda + p]`)
    /// into micro-panels of `mr = Kernel.mr` rows, each element as `Kernel.packedA` stores it.
    ///
    /// - Parameter packed: room for `⌈mb/mr⌉·mr·kb` elements.
    @inline(__always)
    static func packA<Kernel: GEMMMicroKernel>(
        rows mb: Int, depth kb: Int, kernel: Kernel.Type, transposed: Bool,
        a: UnsafePointer<Kernel.Scalar>, lda: Int,
        into packed: UnsafeMutablePointer<Kernel.PackedA>
    ) {
        let mr = Kernel.mr
        let zero = Kernel.packedA(0)
        var panel = packed
        for i0 in stride(from: 0, to: mb, by: mr) {
            let rows = min(mr, mb - i0)
            if transposed {
                // Column p of op(A) is contiguous: row p of the stored A.
                for p in 0..<kb {
                    let source = a + (p * lda + i0)
                    let target = panel + p * mr
                    for r in 0..<rows { target[r] = Kernel.packedA(source[r]) }
                    for r in rows..<mr { target[r] = zero }
                }
            } else {
                // Row i of op(A) is contiguous: read along it, write with stride mr.
                let copied = Kernel.transposedCopyA(
                    count: rows, depth: kb, source: a + i0 * lda, stride: lda,
                    target: panel, width: mr)
                if !copied {
                    for r in 0..<rows {
                        let source = a + (i0 + r) * lda
                        for p in 0..<kb { panel[p * mr + r] = Kernel.packedA(source[p]) }
                    }
                }
                if rows < mr {
                    for p in 0..<kb {
                        for r in rows..<mr { panel[p * mr + r] = zero }
                    }
                }
            }
            panel += mr * kb
        }
    }

    /// Packs `op(B)[0..<kb, 0..<nb]` (with `op(B)[p, j] = transposed ? b[j·ldb + p] : b[p·ldb + j]`)
    /// into micro-panels of `nr` columns.
    ///
    /// - Parameter packed: room for `⌈nb/nr⌉·nr·kb` scalars.
    @inline(__always)
    static func packB<Kernel: GEMMMicroKernel>(
        depth kb: Int, columns nb: Int, kernel: Kernel.Type, transposed: Bool,
        b: UnsafePointer<Kernel.Scalar>, ldb: Int,
        into packed: UnsafeMutablePointer<Kernel.Scalar>
    ) {
        let nr = Kernel.nr
        var panel = packed
        for j0 in stride(from: 0, to: nb, by: nr) {
            let columns = min(nr, nb - j0)
            if transposed {
                // Column j of op(B) is contiguous: row j of the stored B.
                let copied = Kernel.transposedCopyB(
                    count: columns, depth: kb, source: b + j0 * ldb, stride: ldb,
                    target: panel, width: nr)
                if !copied {
                    for j in 0..<columns {
                        let source = b + (j0 + j) * ldb
                        for p in 0..<kb { panel[p * nr + j] = source[p] }
                    }
                }
                if columns < nr {
                    for p in 0..<kb {
                        for j in columns..<nr { panel[p * nr + j] = 0 }
                    }
                }
            } else {
                // Row p of op(B) is contiguous.
                for p in 0..<kb {
                    let source = b + (p * ldb + j0)
                    let target = panel + p * nr
                    for j in 0..<columns { target[j] = source[j] }
                    for j in columns..<nr { target[j] = 0 }
                }
            }
            panel += nr * kb
        }
    }
}
