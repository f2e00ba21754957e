import Foundation

/// The command's exit statuses.
enum ExitStatus {
    /// Everything worked.
    static let success: Int32 = 0
    /// Bad data, a file that cannot be read or written, divergence, a failed check.
    static let failure: Int32 = 1
    /// A usage error: unknown option, bad value, missing argument.
    static let usage: Int32 = 2
    /// Training stopped by Ctrl-C (SIGINT), after saving the model: 128 + SIGINT, as shells report it.
    static let interrupted: Int32 = 130
}

/// A failure the command reports with its own message and exit status (1 unless said).
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do, printed after `error: `.
    let message: String
    /// The process's exit status.
    let status: Int32

    init(_ message: String, status: Int32 = ExitStatus.failure) {
        self.message = message
        self.status = status
    }

    var description: String { message }
}

/// Writes `text` and a line break to stderr.
func writeToStandardError(_ text: String) {
    var message = text
    if !message.hasSuffix("\n") { message += "\n" }
    FileHandle.standardError.write(Data(message.utf8))
}

/// Fails before any work when a file could not be written later: its directory must exist
/// and be writable (training for an hour, then failing to save, helps no one).
///
/// - Parameter paths: (option, path) pairs, e.g. `("--model", "out/m.json")`.
/// - Throws: ``CommandFailure`` naming the option, the path and the reason.
func checkWritable(_ paths: [(option: String, path: String?)]) throws {
    for case let (option, path?) in paths {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("\(option) \(path): the directory \(directory) does not exist; create it first")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw CommandFailure("\(option) \(path): the directory \(directory) is not writable")
        }
    }
}
