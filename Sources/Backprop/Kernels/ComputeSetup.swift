/// What this process computes with: the threads the worker pool uses and the instruction set
/// of the matrix and vector kernels (both chosen once per process). `backprop bench` prints
/// them beside every timing, so that numbers from different machines can be read side by side.
public enum ComputeSetup {
    /// Threads for large products and wide elementwise loops: `BACKPROP_THREADS`, else
    /// `OMP_NUM_THREADS`, else every processor of the process's affinity mask.
    public static var threads: Int { WorkerPool.processorCount }

    /// The kernels' instruction set: `avx512`, `avx2` or `portable` (set lower with
    /// `BACKPROP_KERNEL_ISA`).
    public static var kernels: String { KernelISA.best.rawValue }

    /// `2 threads, avx512 kernels`.
    public static var summary: String { "\(threads) thread\(threads == 1 ? "" : "s"), \(kernels) kernels" }
}
