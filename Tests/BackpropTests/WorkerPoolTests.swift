import Foundation
import Testing

@testable import Backprop

/// The worker pool behind the parallel products and elementwise loops: every part runs exactly
/// once, however many threads, callers and nested calls there are.
@Suite("Worker pool: every part exactly once")
struct WorkerPoolTests {
    /// Runs `parts` parts on `threads` threads, each adding one to its own counter.
    static func counts(parts: Int, threads: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: parts)
        counts.withUnsafeMutableBufferPointer { counts in
            let counts = UncheckedBuffer(counts)
            WorkerPool.run(parts: parts, threads: threads) { part in counts.buffer[part] += 1 }
        }
        return counts
    }

    @Test("each of 0…200 parts runs once on 1, 2, 3 and 8 threads", arguments: [1, 2, 3, 8])
    func eachPartOnce(threads: Int) {
        for parts in [0, 1, 2, 3, 7, 64, 200] {
            #expect(Self.counts(parts: parts, threads: threads) == [Int](repeating: 1, count: parts),
                    "parts \(parts), threads \(threads)")
        }
    }

    @Test("with two threads the parts really run on more than one thread")
    func runsInParallel() {
        // 64 parts of ~100 µs each: a worker that spins or wakes takes some of them. A few jobs,
        // in case the other core is busy for one.
        var distinct = 0
        for _ in 0..<10 where distinct < 2 {
            var threads = [pthread_t?](repeating: nil, count: 64)
            threads.withUnsafeMutableBufferPointer { threads in
                let threads = UncheckedThreads(threads)
                WorkerPool.run(parts: 64, threads: 2) { part in
                    threads.buffer[part] = pthread_self()
                    let end = DispatchTime.now().uptimeNanoseconds + 100_000
                    while DispatchTime.now().uptimeNanoseconds < end {}
                }
            }
            distinct = Set(threads.compactMap { $0 }).count
        }
        #expect(distinct >= 2)
    }

    @Test("a thousand jobs in a row: no part lost or repeated when workers spin, sleep and wake")
    func manyJobsInARow() {
        var bad = 0
        for job in 0..<1000 {
            if job % 100 == 0 { usleep(1000) }        // longer than the spin: the workers sleep
            if Self.counts(parts: 2 + job % 5, threads: 2) != [Int](repeating: 1, count: 2 + job % 5) { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test("a part that calls the pool again runs its inner parts itself")
    func nestedCalls() {
        let outer = 4, inner = 5
        var counts = [Int](repeating: 0, count: outer * inner)
        counts.withUnsafeMutableBufferPointer { counts in
            let counts = UncheckedBuffer(counts)
            WorkerPool.run(parts: outer, threads: 2) { i in
                WorkerPool.run(parts: inner, threads: 2) { j in counts.buffer[i * inner + j] += 1 }
            }
        }
        #expect(counts == [Int](repeating: 1, count: outer * inner))
    }

    @Test("four threads submitting at once each get all their parts run")
    func concurrentCallers() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for caller in 0..<4 {
                group.addTask {
                    (0..<200).allSatisfy { job in
                        let parts = 1 + (caller + job) % 6
                        return Self.counts(parts: parts, threads: 2) == [Int](repeating: 1, count: parts)
                    }
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == [true, true, true, true])
    }

    @Test("forEachRange covers 0..<count once, in at most one range per processor")
    func rangesCoverEverything() {
        for count in [0, 1, 15, 16, 17, 1000, 65_536] {
            for minimum in [1, 16, 4096] {
                var hits = [Int](repeating: 0, count: count)
                var ranges = 0
                let lock = NSLock()
                hits.withUnsafeMutableBufferPointer { hits in
                    let hits = UncheckedBuffer(hits)
                    WorkerPool.forEachRange(count: count, minimum: minimum) { range in
                        for i in range { hits.buffer[i] += 1 }
                        lock.lock(); ranges += 1; lock.unlock()
                    }
                }
                #expect(hits == [Int](repeating: 1, count: count), "count \(count), minimum \(minimum)")
                #expect(ranges <= WorkerPool.processorCount)
                #expect(ranges >= min(count, 1))
            }
        }
    }
}

/// A buffer that parts of one job write disjoint elements of.
private struct UncheckedBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
    init(_ buffer: UnsafeMutableBufferPointer<Int>) { self.buffer = buffer }
}

/// Where each part recorded its thread.
private struct UncheckedThreads: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<pthread_t?>
    init(_ buffer: UnsafeMutableBufferPointer<pthread_t?>) { self.buffer = buffer }
}
