import RealModule

/// The floating-point types a ``Network`` computes in: `Float` and `Double`.
///
/// Double is the default wherever a user does not choose. The protocol gathers what the
/// lecture's formulas need (`Real` for `exp`, `tanh`, `log`), what random initialisation and
/// model files need (`BinaryFloatingPoint`), and the matrix kernels each precision implements
/// with its own SIMD width (``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``).
public protocol NetworkScalar: Real, BinaryFloatingPoint, Codable, Sendable
where RawSignificand: FixedWidthInteger {
    /// Row-major general matrix product: `C ← α·op(A)·op(B) + β·C`.
    ///
    /// `op(A)` is m × k, `op(B)` is k × n, `C` is m × n. `op(X)` is `X` or `Xᵀ` as the flags say;
    /// `lda`, `ldb`, `ldc` are the row strides of the matrices *as stored*. When `beta` is 0, `C`
    /// is only written, never read (so it may hold NaN).
    ///
    /// The result is identical (bit for bit) whatever the number of threads used.
    static func gemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Self,
        a: UnsafePointer<Self>, lda: Int,
        b: UnsafePointer<Self>, ldb: Int,
        beta: Self,
        c: UnsafeMutablePointer<Self>, ldc: Int
    )
}
