@testable import AtomicFiles
import Foundation
import Testing

@testable import Backprop

/// The in-process half of crash safety (scripts/crash-safety.sh kills real `backprop train`
/// processes): a model file that is being replaced is, at every moment, one complete model.
@Suite("Reliability: a model file being saved is always a complete model")
struct ReliabilityAtomicSaveTests {
    @Test("A reader loading while another thread saves two different models in turn always gets one of them")
    func readerNeverSeesPartialFile() async throws {
        let directory = NSTemporaryDirectory() + "backprop-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/model.json"

        // Two models whose files differ in length (≈ 60 KB and ≈ 2 KB), so that a torn file
        // could not pass for either.
        let big = Model(network: try Network<Double>(widths: [4, 64, 32, 2], activation: .tanh, seed: 1))
        let small = Model(network: try Network<Double>(widths: [1, 3, 1], activation: .sigmoid, seed: 2))
        try small.save(to: path)

        let saves = 60
        let done = DoneFlag()
        let writer = Task.detached {
            defer { done.set() }
            for k in 0..<saves { try (k % 2 == 0 ? big : small).save(to: path) }
        }
        var loads = 0
        while !done.isSet || loads < 20 {
            let loaded = try Model<Double>.load(from: path)
            #expect(loaded == big || loaded == small, "load \(loads) read a model that was never saved")
            loads += 1
        }
        try await writer.value
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
        #expect(try Model<Double>.load(from: path) == small, "the last save wins")
    }

    @Test("A save removes the temporary files that killed saves left, but not one still being written")
    func abandonedTemporariesRemoved() throws {
        let directory = NSTemporaryDirectory() + "backprop-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/model.json"
        let old = Date(timeIntervalSinceNow: -3600)
        func temporary(_ suffix: String, modified: Date) throws -> String {
            let file = directory + "/.model.json.tmp-" + suffix
            try Data("{\"partial".utf8).write(to: URL(fileURLWithPath: file))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
            return file
        }
        let abandoned = try temporary("AbC123", modified: old)       // a killed save, an hour ago
        let recent = try temporary("XyZ789", modified: Date())       // too young to judge
        let inProgress = try temporary("Lck456", modified: old)      // another process still writing
        let other = directory + "/.other.json.tmp-AbC123"            // another file's temporary
        try Data().write(to: URL(fileURLWithPath: other))
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: other)
        let holder = open(inProgress, O_RDONLY)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        defer { close(holder) }

        try Model(network: try Network<Double>(widths: [1, 2, 1], seed: 3)).save(to: path)

        let exists = { (file: String) in FileManager.default.fileExists(atPath: file) }
        #expect(!exists(abandoned), "the abandoned temporary file is removed")
        #expect(exists(recent) && exists(inProgress) && exists(other))
        #expect(try Model<Double>.load(from: path).network.parameterCount == 7)
    }

    @Test("A save keeps the permissions of the file it replaces, and a new file gets 0666 less the umask")
    func permissions() throws {
        let directory = NSTemporaryDirectory() + "backprop-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = Model(network: try Network<Double>(widths: [1, 2, 1], seed: 3))
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        let private600 = directory + "/private.json"
        try model.save(to: private600)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: private600)
        try model.save(to: private600)
        #expect(try mode(private600) == 0o600, "a chmod 600 model stays private when saved again")

        let fresh = directory + "/fresh.json"
        try model.save(to: fresh)
        #expect(try mode(fresh) == 0o666 & ~Int(AtomicFile.currentUmask()))
    }
}

/// A flag one task sets and another polls.
private final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
