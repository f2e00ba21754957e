import AtomicFiles
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

    /// Writes `text` as UTF-8 to `url` atomically (see ``AtomicFiles/AtomicFile``).
    static func write(_ text: String, to url: URL) throws(FileWriteError) {
        do {
            try AtomicFile.write(Array(text.utf8), to: url.path)
        } catch {
            throw FileWriteError(path: url.path, reason: error.reason)
        }
    }
}
