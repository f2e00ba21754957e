#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads with a size limit, and atomic writes — what every target saves files
/// through (model files, safetensors, CSV, plots and reports) and reads model files with
/// (data files are read a chunk at a time by BackpropData's `ByteSource`).
///
/// A write goes to a temporary file in the same directory, is flushed to disk, then renamed over
/// the destination: a crash at any moment, even SIGKILL, leaves the old complete file or the new
/// complete file, never a partial one.
public enum AtomicFile {
    /// A file that could not be read or written: which path, and why.
    public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What went wrong, as the system words it ("No such file or directory"), or the size
        /// limit that was exceeded.
        public let reason: String
        /// The size seen when a read was refused for exceeding its limit, else `nil`.
        public let bytesOverLimit: Int?

        public init(path: String, reason: String, bytesOverLimit: Int? = nil) {
            self.path = path
            self.reason = reason
            self.bytesOverLimit = bytesOverLimit
        }

        public var description: String { "\(path): \(reason)" }
    }

    /// Reads a whole file, refusing — before reading, and again if it grows while being read —
    /// one larger than `maximumBytes`.
    public static func read(_ path: String, maximumBytes: Int = .max) throws(FileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, reason: systemReason()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileError(path: path, reason: "cannot stat: \(systemReason())") }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, reason: "is a directory") }
        // st_size is only a hint (pipes report 0, files may grow): read to the end of the file.
        let size = max(Int(clamping: status.st_size), 0)
        func tooLarge(_ bytes: Int) -> FileError {
            FileError(path: path, reason: "the file has \(bytes) bytes or more, more than the limit of \(maximumBytes)",
                      bytesOverLimit: bytes)
        }
        if size > maximumBytes { throw tooLarge(size) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: min(max(size, 4096), 1 << 20))
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc_read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: "reading failed: \(systemReason())")
            }
            if count == 0 { return bytes }
            if bytes.count + count > maximumBytes { throw tooLarge(bytes.count + count) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes `bytes` atomically to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try write(to: path) { (write) throws(FileError) in try write(bytes) }
    }

    /// Writes a file atomically from successive chunks: `produce` is called with a `write`
    /// function to call with each chunk (a large CSV never needs to exist whole in memory).
    ///
    /// - Throws: ``FileError`` naming the path; the temporary file is removed and the old file
    ///   (if any) is left as it was.
    public static func write(
        to path: String, _ produce: (_ write: ([UInt8]) throws(FileError) -> Void) throws(FileError) -> Void
    ) throws(FileError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "" : directory)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw FileError(path: path, reason: systemReason())
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Held until close (or until the process dies): tells a later save that this temporary
        // file is still being written (see removeAbandonedTemporaries).
        _ = flock(descriptor, LOCK_EX | LOCK_NB)
        var closed = false
        do throws(FileError) {
            // mkstemp creates the file 0600. A file being replaced keeps its permissions; a new
            // one gets what open(2) would give it, 0666 less the umask.
            _ = fchmod(descriptor, permissions(replacing: path))
            try produce { (chunk: [UInt8]) throws(FileError) in
                var offset = 0
                while offset < chunk.count {
                    let written = chunk.withUnsafeBytes { Glibc_write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw FileError(path: path, reason: "writing failed: \(systemReason())")
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw FileError(path: path, reason: "flushing failed: \(systemReason())") }
            closed = true
            guard close(descriptor) == 0 else { throw FileError(path: path, reason: "closing failed: \(systemReason())") }
            guard rename(temporary, path) == 0 else {
                throw FileError(path: path, reason: "cannot move the new file into place: \(systemReason())")
            }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
        removeAbandonedTemporaries(directory: directory.isEmpty ? "/" : directory, name: name)
    }

    /// Removes the temporary files `.NAME.tmp-XXXXXX` that earlier saves of `name` left behind
    /// when they were killed mid-write (SIGKILL, power loss): those no process holds locked and
    /// that have not changed for `minimumAge` seconds. A save in progress holds its file's lock,
    /// so it is never touched; the age guards the instant between its mkstemp and its flock.
    static func removeAbandonedTemporaries(directory: String, name: String, minimumAge: Int = 60) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        let prefix = ".\(name).tmp-"
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        while let entry = readdir(stream) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix), entryName.count == prefix.count + 6 else { continue }
            let path = "\(directory)/\(entryName)"
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            #if canImport(Darwin)
            let modified = Int(status.st_mtimespec.tv_sec)
            #else
            let modified = Int(status.st_mtim.tv_sec)
            #endif
            guard Int(now.tv_sec) - modified >= minimumAge,
                  flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            unlink(path)
        }
    }

    /// The permission bits of the file at `path` if there is one, else `0666 & ~umask`.
    static func permissions(replacing path: String) -> mode_t {
        var status = stat()
        if stat(path, &status) == 0 { return status.st_mode & 0o7777 }
        return 0o666 & ~currentUmask()
    }

    /// The process's umask, read without changing it (`umask(2)` can only set it, and setting
    /// and restoring it would race with other threads creating files): the `Umask:` line of
    /// /proc/self/status on Linux; 022 where it cannot be read.
    static func currentUmask() -> mode_t {
        guard let status = fopen("/proc/self/status", "r") else { return 0o022 }
        defer { fclose(status) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), status) != nil {
            let text = String(decoding: line.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("Umask:"), let value = mode_t(String(text.dropFirst(6).filter { !$0.isWhitespace }), radix: 8) {
                return value
            }
        }
        return 0o022
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}

@inline(__always) private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func Glibc_read(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
