#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a data file's bytes come from: an open file, read a chunk at a time, or bytes already
/// in memory (handed out a chunk at a time too, so that both go through the same reader).
final class ByteSource {
    private enum Origin {
        case file(descriptor: Int32)
        case memory([UInt8])
    }

    private let origin: Origin
    /// The file as the user named it, for error messages.
    let name: String
    /// The size in bytes when it is known before reading (a regular file, or bytes in memory);
    /// only a hint for reserving memory, as a file may change while it is read.
    let sizeHint: Int?
    /// For bytes in memory: how many have been handed out.
    private var memoryPosition = 0

    /// Opens a file for reading.
    ///
    /// - Parameters:
    ///   - path: the path to open.
    ///   - name: the file as the user named it, for error messages.
    /// - Throws: ``CSVError/Kind/fileNotReadable(reason:)`` with the system's reason (the
    ///   reasons `AtomicFile.read` gives: "No such file or directory", "is a directory" …).
    init(path: String, name: String) throws(CSVError) {
        self.name = name
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CSVError(.fileNotReadable(reason: systemReason()), file: name) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = "cannot stat: \(systemReason())"
            close(descriptor)
            throw CSVError(.fileNotReadable(reason: reason), file: name)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw CSVError(.fileNotReadable(reason: "is a directory"), file: name)
        }
        // Pipes and devices report a size of 0: no hint.
        sizeHint = (status.st_mode & S_IFMT) == S_IFREG ? max(Int(clamping: status.st_size), 0) : nil
        origin = .file(descriptor: descriptor)
    }

    /// Hands out bytes already in memory.
    init(bytes: [UInt8], name: String) {
        self.name = name
        sizeHint = bytes.count
        origin = .memory(bytes)
    }

    deinit {
        if case .file(let descriptor) = origin { close(descriptor) }
    }

    /// Reads the next bytes into `buffer`, as many as there are up to its size.
    ///
    /// - Returns: the number of bytes read; 0 at the end of the file.
    /// - Throws: ``CSVError/Kind/fileNotReadable(reason:)`` when the system fails to read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(CSVError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        switch origin {
        case .file(let descriptor):
            while true {
                let count = systemRead(descriptor, base, buffer.count)
                if count >= 0 { return count }
                if errno == EINTR { continue }
                throw CSVError(.fileNotReadable(reason: "reading failed: \(systemReason())"), file: name)
            }
        case .memory(let bytes):
            let count = min(buffer.count, bytes.count - memoryPosition)
            bytes.withUnsafeBytes { all in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[memoryPosition..<(memoryPosition + count)]))
            }
            memoryPosition += count
            return count
        }
    }
}

private func systemReason() -> String { String(cString: strerror(errno)) }

@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
