import CBackpropKernels
import Foundation

/// Runs independent parts of one piece of work on the processors: the blocked product's blocks
/// of C, and the elementwise loops of a wide training step.
///
/// The threads are a persistent pool (`bp_parallel_for` in CBackpropKernels/parallel.c) whose
/// workers spin briefly after each job before they sleep, so a training step can hand out its
/// products and elementwise loops one after another without waking a thread each time.
@usableFromInline
enum WorkerPool {
    /// Processors used: `BACKPROP_THREADS`, else `OMP_NUM_THREADS` (so a side-by-side benchmark
    /// can give every library the same count), else every processor the process may run on
    /// (its affinity mask on Linux, so `taskset -c 0` means one thread); read once.
    @usableFromInline static let processorCount: Int = {
        let environment = ProcessInfo.processInfo.environment
        for name in ["BACKPROP_THREADS", "OMP_NUM_THREADS"] {
            if let text = environment[name], let count = Int(text), count >= 1 { return min(count, 64) }
        }
        return max(1, min(ProcessInfo.processInfo.activeProcessorCount, bp_available_processors()))
    }()

    /// Calls `body(part)` once for every `part < parts`, on the calling thread and the pool's
    /// workers, and returns when every call has. `threads` (≥ 2 to use the pool at all) makes
    /// sure the pool has at least `threads − 1` workers; every worker the process has started
    /// may claim parts, so `parts` is what bounds the threads that run. The parts must write
    /// disjoint memory; which thread runs a part does not change what it computes, so results
    /// are the same for any number of threads.
    @usableFromInline static func run(parts: Int, threads: Int = processorCount, _ body: (Int) -> Void) {
        if parts <= 1 || threads <= 1 {
            for part in 0..<max(parts, 0) { body(part) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var task = body
            withUnsafeMutablePointer(to: &task) { task in
                bp_parallel_for(threads, parts, { context, part in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(part)
                }, task)
            }
        }
    }

    /// Elementwise work per part below which a loop is not split: about 5 µs of tanh or of a
    /// weight update, several times what handing a part to a worker costs.
    @usableFromInline static var elementsPerPart: Int { 16_384 }

    /// Splits `0..<count` into at most `processorCount` contiguous ranges, as many as there are
    /// whole `minimum`s in `count`, cut on multiples of `alignment` (so the last range may be
    /// shorter), and calls `body` on each, in parallel when there is more than one.
    @usableFromInline static func forEachRange(
        count: Int, minimum: Int, alignment: Int = 16, _ body: (Range<Int>) -> Void
    ) {
        let parts = max(1, min(processorCount, count / max(minimum, 1)))
        if parts == 1 {
            if count > 0 { body(0..<count) }
            return
        }
        let chunk = ((count + parts - 1) / parts + alignment - 1) / alignment * alignment
        run(parts: parts) { part in
            let range = min(part * chunk, count)..<min((part + 1) * chunk, count)
            if !range.isEmpty { body(range) }
        }
    }
}
