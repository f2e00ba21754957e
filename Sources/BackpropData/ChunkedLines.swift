#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a data file, read a chunk at a time so that the file is never whole in memory.
///
/// Each read appends a chunk to what is left of the last one; the bytes up to the last line
/// break are a *block* of whole lines, handed out one content line at a time, and the partial
/// line after it is carried over to the next read. A line longer than a chunk is carried over
/// until its line break arrives: the buffer is one chunk, larger only for a line longer than half
/// a chunk (then at most about twice that line).
///
/// A block is checked for UTF-8 before any of its lines is handed out. A line break is ASCII and
/// never part of a multi-byte sequence, so blocks split the file where a whole-file check would
/// step anyway: the first bad byte found block by block is the first one in the file.
final class ChunkedLines {
    private let source: ByteSource
    private let chunkSize: Int
    /// The buffer: `storage[0..<blockEnd]` is the current block, `storage[blockEnd..<filled]` the
    /// carried-over partial line.
    private var storage: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var blockEnd = 0
    /// The content lines of the current block.
    private var cursor: LineCursor
    /// The file offset of `storage[0]`.
    private var blockOffset = 0
    private var atEndOfFile = false

    /// Prepares to read `source` in chunks of `chunkSize` bytes; nothing is read yet.
    init(source: ByteSource, chunkSize: Int) {
        precondition(chunkSize >= 1, "a chunk holds at least one byte, got \(chunkSize)")
        self.source = source
        // A small file (or bytes in memory) needs no more than its size.
        self.chunkSize = min(chunkSize, max((source.sizeHint ?? chunkSize) + 1, 4096))
        storage = .allocate(byteCount: self.chunkSize, alignment: 16)
        cursor = LineCursor(bytes: UnsafeBufferPointer(start: nil, count: 0), firstLineNumber: 1)
    }

    deinit { storage.deallocate() }

    /// The current block: the bytes the ranges of the last ``nextContentLine()`` refer to, valid
    /// until the next call.
    var block: UnsafeBufferPointer<UInt8> { cursor.bytes }

    /// The next line that is neither blank nor a comment, or `nil` at the end of the file.
    ///
    /// - Throws: ``CSVError`` for a byte that is not UTF-8 (naming its line and its byte within
    ///   the line) or a file that cannot be read.
    func nextContentLine() throws(CSVError) -> Line? {
        while true {
            if let line = cursor.nextContentLine() { return line }
            guard try loadNextBlock() else { return nil }
        }
    }

    /// Reads the rest of the file, only to check it: called before reporting a fault in a line,
    /// so that a byte that is not UTF-8 anywhere in the file is reported first, as it is when the
    /// whole file is checked before it is parsed.
    ///
    /// - Throws: ``CSVError`` for the first byte that is not UTF-8, or a file that cannot be read.
    func checkRest() throws(CSVError) {
        while try loadNextBlock() {}
    }

    /// Roughly how many lines follow the current one: the bytes left in the file over the mean
    /// length of the lines read but not yet handed out. `nil` when the file's size is unknown or
    /// no line break has been seen yet.
    func estimatedRemainingLines() -> Int? {
        guard let size = source.sizeHint, let base = block.baseAddress else { return nil }
        let position = cursor.position
        let sampleBytes = cursor.bytes.count - position
        var lineBreaks = 0
        var next = base + position
        let end = base + cursor.bytes.count
        while next < end, let found = memchr(next, Int32(UInt8(ascii: "\n")), end - next) {
            lineBreaks += 1
            next = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        guard lineBreaks > 0 else { return nil }
        let remaining = max(size - (blockOffset + position), 0)
        return Int((Double(remaining) * Double(lineBreaks) / Double(sampleBytes)).rounded(.up))
    }

    /// How far into the file the lines handed out reach, in bytes.
    var bytesRead: Int { blockOffset + cursor.position }

    /// The size of the buffer in bytes: a chunk, or more for a line longer than half a chunk.
    var bufferSize: Int { storage.count }

    /// The file's size, when known before reading (see ``ByteSource/sizeHint``).
    var sizeHint: Int? { source.sizeHint }

    // MARK: Blocks

    /// Drops the current block and reads chunks until the next block of whole lines (or the end
    /// of the file) is in the buffer, then checks it for UTF-8.
    ///
    /// - Returns: `false` at the end of the file.
    private func loadNextBlock() throws(CSVError) -> Bool {
        while cursor.nextContentLine() != nil {}  // counts the lines not handed out
        let linesBefore = cursor.number
        let carried = filled - blockEnd
        if carried > 0, blockEnd > 0, let base = storage.baseAddress {
            memmove(base, base + blockEnd, carried)
        }
        blockOffset += blockEnd
        filled = carried
        blockEnd = 0
        cursor = LineCursor(bytes: UnsafeBufferPointer(start: nil, count: 0), firstLineNumber: linesBefore + 1)
        guard !atEndOfFile else { return false }

        while true {
            // Read a chunk, or what fits beside the carried-over line if that is at least half a
            // chunk; a line longer than that makes room for itself.
            if storage.count - filled < max(chunkSize / 2, 1) {
                grow(toHold: max(filled + chunkSize, 2 * storage.count))
            }
            let chunk = UnsafeMutableRawBufferPointer(
                rebasing: storage[filled..<min(filled + chunkSize, storage.count)])
            let count = try source.read(into: chunk)
            if count == 0 {
                atEndOfFile = true
                blockEnd = filled
                break
            }
            // Only the new bytes can hold a line break: the carried-over bytes have none.
            let lastBreak = lastLineBreak(in: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            filled += count
            if let lastBreak {
                blockEnd = filled - count + lastBreak + 1
                break
            }
        }
        guard blockEnd > 0 else { return false }

        let bytes = UnsafeBufferPointer(start: storage.baseAddress!.assumingMemoryBound(to: UInt8.self), count: blockEnd)
        if let invalid = firstInvalidUTF8Offset(in: bytes) {
            throw notUTF8Error(in: bytes, at: invalid, firstLineNumber: linesBefore + 1)
        }
        cursor = LineCursor(bytes: bytes, firstLineNumber: linesBefore + 1, skipsByteOrderMark: blockOffset == 0)
        return true
    }

    /// The offset of the last LF in `bytes`, searched from the end (a line is short next to a
    /// chunk, so this usually stops after a few hundred bytes).
    private func lastLineBreak(in bytes: UnsafeRawBufferPointer) -> Int? {
        var i = bytes.count
        while i > 0 {
            i -= 1
            if bytes[i] == UInt8(ascii: "\n") { return i }
        }
        return nil
    }

    /// Makes the buffer hold `count` bytes, keeping what it holds.
    private func grow(toHold count: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[0..<filled]))
        storage.deallocate()
        storage = larger
    }

    /// The error for the bad byte at `offset` of a block: its line, and its byte within the line
    /// (1-based, counted from the line's first byte, a byte order mark included).
    private func notUTF8Error(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, firstLineNumber: Int) -> CSVError {
        var line = firstLineNumber
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return CSVError(.notUTF8(byte: offset - lineStart + 1), file: source.name, line: line)
    }
}

/// A line of the file: its content (without the line break) and its 1-based number.
struct Line {
    var range: Range<Int>
    var number: Int
}

/// Walks through the lines of a buffer of whole lines, skipping blank and comment lines.
struct LineCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next line starts.
    private(set) var position: Int
    /// The number of the last line returned (one less than the first line's before the first).
    private(set) var number: Int

    /// A cursor at the start of `bytes`, whose first line is line `firstLineNumber` of the file;
    /// a UTF-8 byte order mark is skipped if `skipsByteOrderMark` (at the start of a file).
    init(bytes: UnsafeBufferPointer<UInt8>, firstLineNumber: Int = 1, skipsByteOrderMark: Bool = true) {
        self.bytes = bytes
        number = firstLineNumber - 1
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = skipsByteOrderMark && bytes.starts(with: byteOrderMark) ? 3 : 0
    }

    /// The next line that is neither blank nor a comment, or `nil` at the end of the buffer.
    mutating func nextContentLine() -> Line? {
        while let range = nextLine() {
            var first = range.lowerBound
            while first < range.upperBound,
                bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t")
            {
                first += 1
            }
            if first == range.upperBound || bytes[first] == UInt8(ascii: "#") { continue }
            return Line(range: range, number: number)
        }
        return nil
    }

    /// The next line's content, without LF or CRLF.
    private mutating func nextLine() -> Range<Int>? {
        guard position < bytes.count, let base = bytes.baseAddress else { return nil }
        let start = position
        var end = bytes.count
        if let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            position = end + 1
        } else {
            position = bytes.count
        }
        number += 1
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }
}
