import Foundation

/// A file could not be written; names the path and what the system said.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    /// The file that was to be written.
    public var path: String
    /// What went wrong, as the system reported it.
    public var reason: String

    /// `cannot write PATH: REASON; check that the directory exists and is writable`.
    public var description: String {
        "cannot write \(path): \(reason); check that the directory exists and is writable"
    }
}

/// Whole-file writes that a reader never sees half done.
enum AtomicFile {
    /// Writes `text` as UTF-8 to a temporary file beside `url`, then renames it over `url`
    /// (rename(2) within one directory replaces atomically).
    static func write(_ text: String, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(text.utf8).write(to: temporary)
        } catch {
            throw FileWriteError(path: url.path, reason: "writing the temporary file \(temporary.path) failed: \(error.localizedDescription)")
        }
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileWriteError(path: url.path, reason: "renaming \(temporary.lastPathComponent) into place failed: \(reason)")
        }
    }
}
