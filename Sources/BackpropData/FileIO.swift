import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes with POSIX calls, so that reading holds exactly the file's
/// bytes (no `Data` copy beside the array) and writing never leaves a half-written file behind.
enum FileIO {
    /// The reason a file could not be read or written, as the C library words it.
    struct Failure: Error {
        var reason: String
    }

    /// Reads every byte of the file at `path`.
    ///
    /// - Throws: ``Failure`` with the C library's reason (no such file, permission denied, is a
    ///   directory …).
    static func readAll(path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: errnoText()) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(reason: errnoText()) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw Failure(reason: "is a directory") }
        // st_size is only a hint (pipes report 0, files may grow): read to end of file.
        let expected = max(Int(clamping: status.st_size), 0)

        var bytes = [UInt8]()
        bytes.reserveCapacity(expected)
        let chunk = 1 << 20
        var scratch = [UInt8](repeating: 0, count: min(max(expected, 4096), chunk))
        while true {
            let count = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: errnoText())
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: scratch[0..<count])
        }
    }

    /// Writes a file atomically: the bytes go to a temporary file in the same directory, which is
    /// flushed to disk and then renamed over `path`. A reader sees the old file or the new one,
    /// never a part.
    ///
    /// - Parameter produce: called with a `write` function; call it with successive chunks.
    /// - Throws: ``Failure`` when the directory is not writable, the disk is full …; the
    ///   temporary file is removed.
    static func writeAtomically(
        path: String,
        _ produce: (_ write: ([UInt8]) throws(Failure) -> Void) throws(Failure) -> Void
    ) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(reason: errnoText()) }
        let temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)

        var closed = false
        do throws(Failure) {
            // mkstemp creates the file 0600; a data or model file is meant to be shared like any
            // file the user saves.
            _ = fchmod(descriptor, 0o644)
            try produce { (chunk: [UInt8]) throws(Failure) in
                var offset = 0
                while offset < chunk.count {
                    let written = chunk.withUnsafeBytes {
                        write(descriptor, $0.baseAddress! + offset, $0.count - offset)
                    }
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw Failure(reason: errnoText())
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw Failure(reason: errnoText()) }
            closed = true
            guard close(descriptor) == 0 else { throw Failure(reason: errnoText()) }
            guard rename(temporaryPath, path) == 0 else { throw Failure(reason: errnoText()) }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporaryPath)
            throw error
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
