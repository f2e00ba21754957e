extension GEMMProblem {
    /// The direct path for tiny and matrix–vector products: no packing, no allocation, no
    /// thread; one of three loop orders, chosen so that the innermost loop runs along
    /// contiguous memory where the layout allows:
    ///
    /// - dot products, `C[i,j] ← α·(op(A)[i,:] · op(B)[:,j]) + β·C[i,j]` — for op(B) = Bᵀ (rows
    ///   of A and of the stored B are contiguous in p) and for a single column of C when A is not
    ///   transposed;
    /// - row updates, `C[i,:] ← β·C[i,:] + Σ_p (α·op(A)[i,p])·op(B)[p,:]` — for op(B) = B, whose
    ///   rows are contiguous, and for a very shallow k;
    /// - column updates, `C[:,j] ← β·C[:,j] + Σ_p (α·op(B)[p,j])·op(A)[:,p]` — for a single column
    ///   of C when op(A) = Aᵀ, whose columns are rows of the stored A.
    ///
    /// Per-sample training (m = 1, widths up to 16) lands here, as do layers with one input or
    /// one output (n = 1, m = 1 or k = 1 at batch size N).
    func runSmall() {
        if n == 1 && transposeA {
            runColumnUpdates()
        } else if n == 1 || (transposeB && k >= 4) {
            runDotProducts()
        } else {
            runRowUpdates()
        }
    }

    /// `C[i,:] ← β·C[i,:] + Σ_p (α·op(A)[i,p])·op(B)[p,:]`.
    private func runRowUpdates() {
        // Steps between consecutive j along row p of op(B).
        let bStep = transposeB ? ldb : 1
        for i in 0..<m {
            let cRow = c + i * ldc
            if beta == 0 {
                cRow.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { cRow[j] *= beta }
            }
            for p in 0..<k {
                let scale = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p])
                if transposeB {
                    let bRow = b + p
                    for j in 0..<n { cRow[j] += scale * bRow[j * bStep] }
                } else {
                    let bRow = b + p * ldb
                    for j in 0..<n { cRow[j] += scale * bRow[j] }
                }
            }
        }
    }

    /// `C[:,j] ← β·C[:,j] + Σ_p (α·op(B)[p,j])·op(A)[:,p]` with op(A) = Aᵀ: column p of op(A) is
    /// row p of the stored A.
    private func runColumnUpdates() {
        for j in 0..<n {
            let cColumn = c + j
            for i in 0..<m {
                cColumn[i * ldc] = beta == 0 ? 0 : beta * cColumn[i * ldc]
            }
            for p in 0..<k {
                let scale = alpha * (transposeB ? b[j * ldb + p] : b[p * ldb + j])
                let aRow = a + p * lda
                if ldc == 1 {
                    for i in 0..<m { cColumn[i] += scale * aRow[i] }
                } else {
                    for i in 0..<m { cColumn[i * ldc] += scale * aRow[i] }
                }
            }
        }
    }

    /// `C[i,j] ← α·(op(A)[i,:] · op(B)[:,j]) + β·C[i,j]`.
    private func runDotProducts() {
        // Steps between consecutive p along row i of op(A) and column j of op(B).
        let aStep = transposeA ? lda : 1
        let bStep = transposeB ? 1 : ldb
        for i in 0..<m {
            let aRow = transposeA ? a + i : a + i * lda
            for j in 0..<n {
                let bColumn = transposeB ? b + j * ldb : b + j
                let sum = aStep == 1 && bStep == 1
                    ? Self.dot(aRow, bColumn, count: k)
                    : Self.dot(aRow, aStep, bColumn, bStep, count: k)
                let cij = c + (i * ldc + j)
                cij.pointee = beta == 0 ? alpha * sum : alpha * sum + beta * cij.pointee
            }
        }
    }

    /// `Σ_p x[p]·y[p]` over contiguous vectors, eight lanes at a time.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Scalar>, _ y: UnsafePointer<Scalar>, count: Int) -> Scalar {
        typealias Lanes = SIMD8<Scalar>
        var p = 0
        var sum: Scalar = 0
        if count >= Lanes.scalarCount {
            var lanes = Lanes()
            while p + Lanes.scalarCount <= count {
                let xp = UnsafeRawPointer(x + p).loadUnaligned(as: Lanes.self)
                let yp = UnsafeRawPointer(y + p).loadUnaligned(as: Lanes.self)
                lanes += xp * yp
                p += Lanes.scalarCount
            }
            sum = lanes.sum()
        }
        while p < count {
            sum += x[p] * y[p]
            p += 1
        }
        return sum
    }

    /// `Σ_p x[p·xStep]·y[p·yStep]`, with two accumulators to halve the chain of dependent adds.
    @inline(__always)
    static func dot(
        _ x: UnsafePointer<Scalar>, _ xStep: Int, _ y: UnsafePointer<Scalar>, _ yStep: Int,
        count: Int
    ) -> Scalar {
        var even: Scalar = 0, odd: Scalar = 0
        var p = 0
        while p + 1 < count {
            even += x[p * xStep] * y[p * yStep]
            odd += x[(p + 1) * xStep] * y[(p + 1) * yStep]
            p += 2
        }
        if p < count { even += x[p * xStep] * y[p * yStep] }
        return even + odd
    }
}
