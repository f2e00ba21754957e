#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with a size limit, and atomic writes: a crash (even SIGKILL) at any moment
/// leaves either the old complete file or the new complete file, never a partial one.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file in the same directory, flushes it to disk, then renames
    /// it over `path` (rename is atomic on POSIX file systems).
    ///
    /// - Throws: a message naming the path and the system's reason.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var random = SystemRandomNumberGenerator()
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(random.next() & 0xFFFFFF)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FileError(path: path, reason: "cannot create \(temporary): \(systemError())") }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { buffer -> String? in
            while written < buffer.count {
                let n = Glibc_write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return systemError()
                }
                written += n
            }
            return fsync(fd) == 0 ? nil : systemError()
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw FileError(path: path, reason: "writing failed: \(failure)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw FileError(path: path, reason: "cannot move the new file into place: \(reason)")
        }
        // Make the rename itself durable.
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// Reads a whole file, refusing (before reading) files larger than `maximumBytes`.
    public static func read(_ path: String, maximumBytes: Int) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(path: path, reason: "cannot open: \(systemError())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileError(path: path, reason: "cannot stat: \(systemError())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FileError(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= maximumBytes else {
            throw FileError(path: path, reason: "the file has \(size) bytes, more than the limit of \(maximumBytes)")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        let failure: String? = bytes.withUnsafeMutableBytes { buffer -> String? in
            while done < size {
                let n = Glibc_read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return systemError()
                }
                if n == 0 { break }
                done += n
            }
            return nil
        }
        if let failure { throw FileError(path: path, reason: "reading failed: \(failure)") }
        return Array(bytes[0..<done])
    }

    /// A file operation that failed: which path, and why.
    public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}

@inline(__always) private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
