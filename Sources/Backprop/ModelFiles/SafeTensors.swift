import AtomicFiles
import Foundation

/// A model file in Hugging Face's safetensors format: named tensors of numbers and a table of
/// text metadata.
///
/// The format (github.com/huggingface/safetensors, README "Format"):
///
/// ```
/// bytes 0..<8       N, the header's length: an unsigned 64-bit little-endian integer
/// bytes 8..<8+N     the header: UTF-8 JSON, starting with "{", maybe padded with spaces
///                   {"__metadata__": {"key": "value", …},
///                    "name": {"dtype": "F64", "shape": [2, 3], "data_offsets": [0, 48]}, …}
/// bytes 8+N..<end   the data buffer: each tensor's elements, row-major, little-endian, at
///                   data_offsets [begin, end) counted from the start of the buffer
/// ```
///
/// This reader is strict, as the format asks, because model files come from anywhere: the
/// header is at most 100 MB; names are unique; every shape entry is a non-negative integer;
/// each tensor's byte length is elements × element size; and the tensors tile the data buffer
/// exactly, with no hole, overlap or trailing byte. Sizes are checked before anything is
/// allocated, so a header that claims a 10⁹ × 10⁹ tensor is refused at once.
///
/// Only `F64` and `F32` are read (the precisions the engine computes in); `F32` values are
/// converted to `Double` exactly.
///
/// Writing is deterministic: the same tensors and metadata give the same bytes. Header keys are
/// in name order (`__metadata__` first); the data buffer holds the `F64` tensors, then the `F32`
/// ones, each group in name order, so that every tensor starts at a multiple of its element size
/// (the header is padded with spaces to a multiple of 8 bytes), as the reference writer does.
public struct SafeTensorsFile: Equatable, Sendable {
    /// The element types this engine reads and writes.
    public enum DType: String, CaseIterable, Sendable {
        /// IEEE 754 binary32, 4 bytes little-endian.
        case f32 = "F32"
        /// IEEE 754 binary64, 8 bytes little-endian.
        case f64 = "F64"

        /// Bytes per element.
        public var byteCount: Int {
            switch self {
            case .f32: 4
            case .f64: 8
            }
        }
    }

    /// A named array of numbers: its element type in the file, its shape, and its values.
    public struct Tensor: Equatable, Sendable {
        /// How the values are stored in the file. `F32` values are rounded to `Float` when written.
        public var dtype: DType
        /// The extent of each dimension, outermost first; `[]` is a scalar.
        public var shape: [Int]
        /// The elements, row-major (the last index varies fastest): element (i, j) of a matrix of
        /// shape [rows, columns] is `values[i * columns + j]`, as for a layer's weight W (out × in).
        public var values: [Double]

        /// Makes a tensor.
        ///
        /// - Precondition: every shape entry is ≥ 0 and their product is `values.count`.
        public init(dtype: DType = .f64, shape: [Int], values: [Double]) {
            precondition(shape.allSatisfy { $0 >= 0 }, "tensor shape \(shape) has a negative entry")
            precondition(
                elementCount(of: shape) == values.count,
                "tensor of shape \(shape) needs \(elementCount(of: shape).map(String.init) ?? "too many") values, got \(values.count)"
            )
            self.dtype = dtype
            self.shape = shape
            self.values = values
        }
    }

    /// Limits that keep a hostile file from taking unbounded time or memory.
    public struct ReadOptions: Sendable {
        /// The most elements, summed over all tensors, a file may hold (default 10⁸, i.e. 800 MB
        /// of `Double`s).
        public var maxElements: Int
        /// The longest header accepted, in bytes (default 100 000 000, the reference limit).
        public var maxHeaderBytes: Int
        /// Whether infinities and NaNs are accepted in tensors (default `false`: a model with
        /// them is broken, and the error says where).
        public var allowsNonFinite: Bool

        /// Makes read options; the defaults suit model files.
        public init(
            maxElements: Int = 100_000_000, maxHeaderBytes: Int = 100_000_000, allowsNonFinite: Bool = false
        ) {
            self.maxElements = maxElements
            self.maxHeaderBytes = maxHeaderBytes
            self.allowsNonFinite = allowsNonFinite
        }
    }

    /// The tensors, by name.
    public var tensors: [String: Tensor]
    /// Free-form text metadata (the header's `__metadata__`).
    public var metadata: [String: String]

    /// Makes a file's contents.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads a safetensors file.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - options: size limits and whether non-finite values are accepted.
    /// - Throws: ``SafeTensorsError`` naming the file, and the tensor and field at fault. A file
    ///   larger than the limits allow is refused before it is read.
    public init(contentsOf url: URL, options: ReadOptions = ReadOptions()) throws(SafeTensorsError) {
        let name = url.relativePath
        // The largest valid file: length prefix, longest header, all elements as F64.
        let limit = max(options.maxHeaderBytes, 0).addingClamped(8)
            .addingClamped(max(options.maxElements, 0).multipliedClamped(by: 8))
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(url.path, maximumBytes: limit)
        } catch {
            if let byteCount = error.bytesOverLimit {
                throw SafeTensorsError(.fileTooLarge(byteCount: byteCount, limit: limit), file: name)
            }
            throw SafeTensorsError(.fileNotReadable(reason: error.reason), file: name)
        }
        try self.init(bytes: bytes, options: options, source: name)
    }

    /// Reads a safetensors file's bytes.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - options: size limits and whether non-finite values are accepted.
    ///   - source: the file's name for error messages, if it has one.
    /// - Throws: ``SafeTensorsError`` naming the tensor and field at fault.
    public init(bytes: [UInt8], options: ReadOptions = ReadOptions(), source: String? = nil)
        throws(SafeTensorsError)
    {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(SafeTensorsError) -> SafeTensorsFile in
                try SafeTensorsDecoder(bytes: buffer, options: options).decode()
            }
        }
        do {
            self = try result.get()
        } catch {
            var error = error
            error.file = source
            throw error
        }
    }

    /// The file's bytes.
    ///
    /// - Precondition: no tensor is named `__metadata__` (the format reserves the key).
    /// - Complexity: O(total elements).
    public func encoded() -> [UInt8] {
        precondition(
            tensors["__metadata__"] == nil,
            "a tensor cannot be named __metadata__: the safetensors format reserves that key")
        let byName: (String, String) -> Bool = { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let names = tensors.keys.sorted(by: byName)
        // Wider elements first, so each tensor starts at a multiple of its element size.
        let dataOrder = names.sorted {
            let (left, right) = (tensors[$0]!.dtype.byteCount, tensors[$1]!.dtype.byteCount)
            return left != right ? left > right : byName($0, $1)
        }
        var offsets = [String: (begin: Int, end: Int)]()
        var dataByteCount = 0
        for name in dataOrder {
            let tensor = tensors[name]!
            precondition(
                elementCount(of: tensor.shape) == tensor.values.count && tensor.shape.allSatisfy { $0 >= 0 },
                "tensor \"\(name)\" of shape \(tensor.shape) holds \(tensor.values.count) values")
            let end = dataByteCount + tensor.values.count * tensor.dtype.byteCount
            offsets[name] = (dataByteCount, end)
            dataByteCount = end
        }

        var header = "{"
        var entries = [String]()
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted(by: byName).map {
                "\(JSONValue.quoted($0)):\(JSONValue.quoted(metadata[$0]!))"
            }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for name in names {
            let tensor = tensors[name]!
            let (begin, end) = offsets[name]!
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(JSONValue.quoted(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(end)]}"
            )
        }
        header += entries.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes += repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)

        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + headerBytes.count + dataByteCount)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
        bytes += headerBytes
        for name in dataOrder {
            let tensor = tensors[name]!
            switch tensor.dtype {
            case .f64:
                #if _endian(little)
                    tensor.values.withUnsafeBytes { bytes += $0 }
                #else
                    for value in tensor.values {
                        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
                    }
                #endif
            case .f32:
                for value in tensor.values {
                    withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 }
                }
            }
        }
        return bytes
    }

    /// Writes the file atomically: to a temporary file in the same directory, flushed to disk,
    /// then renamed over `url`; a reader never sees half a model.
    ///
    /// - Throws: ``SafeTensorsError`` when the file cannot be written; the old file is left.
    public func write(to url: URL) throws(SafeTensorsError) {
        do {
            try AtomicFile.write(encoded(), to: url.path)
        } catch {
            throw SafeTensorsError(.fileNotWritable(reason: error.reason), file: url.relativePath)
        }
    }
}

// MARK: - Errors

/// A safetensors file that cannot be read, or written.
///
/// The ``description`` names the file, the tensor and the header field at fault, what was
/// expected and what arrived:
///
/// ```
/// model.safetensors, tensor "layer1.weight", field "shape": entry -3 is negative; a shape holds
/// non-negative integers
/// ```
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file does not exist or cannot be read; `reason` is the system's word for it.
        case fileNotReadable(reason: String)
        /// The file cannot be written.
        case fileNotWritable(reason: String)
        /// The file is larger than the read limits allow any valid file to be.
        case fileTooLarge(byteCount: Int, limit: Int)
        /// Fewer than the 8 bytes of the header length.
        case fileTooShort(byteCount: Int)
        /// The header length is above the limit (100 MB by default).
        case headerTooLarge(declared: UInt64, limit: Int)
        /// The header length runs past the end of the file.
        case headerExceedsFile(declared: UInt64, available: Int)
        /// The header does not start with `{`.
        case headerNotObject
        /// The header is not valid JSON at byte `offset` of the file.
        case invalidJSON(offset: Int, expected: String, found: String)
        /// A string in the header is not valid UTF-8; it starts at byte `offset` of the file.
        case headerNotUTF8(offset: Int)
        /// A tensor name, metadata key or field appears twice.
        case duplicateKey(String)
        /// A required field is absent.
        case missingField
        /// A field that a tensor entry does not have.
        case unexpectedField
        /// An element type other than `F64` and `F32`.
        case unknownDType(String)
        /// A shape entry or offset that is negative.
        case negativeInteger(String)
        /// A shape entry or offset that is not an integer (`1.5`, `1e3`).
        case notAnInteger(String)
        /// A shape entry or offset too large for an `Int`.
        case integerTooLarge(String)
        /// `data_offsets` must hold exactly two integers.
        case wrongOffsetCount(Int)
        /// The shape's element count, or its byte count, overflows a 64-bit integer.
        case elementCountOverflow
        /// More elements in the file than the read limit allows.
        case tooManyElements(count: Int, limit: Int)
        /// The offsets span `actual` bytes, but shape × element size is `expected`.
        case byteLengthMismatch(expected: Int, actual: Int)
        /// `data_offsets` [begin, end] with begin > end.
        case offsetsReversed(begin: Int, end: Int)
        /// The tensor's end offset lies past the data buffer.
        case offsetsOutOfRange(end: Int, dataByteCount: Int)
        /// The tensor starts at `begin`, inside the previous tensor `previous`, which ends at
        /// `previousEnd`.
        case overlap(previous: String, previousEnd: Int, begin: Int)
        /// Bytes `from..<to` of the data buffer belong to no tensor.
        case hole(from: Int, to: Int)
        /// An element is infinite or NaN; `index` is its position in the tensor's shape.
        case nonFinite(index: [Int], value: String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file as the user named it, or `nil` for bytes in memory.
    public var file: String?
    /// The tensor at fault (or the metadata key, for `__metadata__`), when there is one.
    public var tensor: String?
    /// The header field at fault (`dtype`, `shape`, `data_offsets`, or a metadata key).
    public var field: String?

    /// Makes an error.
    public init(_ kind: Kind, file: String? = nil, tensor: String? = nil, field: String? = nil) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.field = field
    }

    /// `file, tensor "name", field "shape": what was expected, what arrived`.
    public var description: String {
        var place = file ?? "safetensors data"
        let inMetadata = tensor == "__metadata__"
        if let tensor { place += inMetadata ? ", __metadata__" : ", tensor \(JSONValue.quoted(tensor))" }
        if let field { place += inMetadata ? ", key \(JSONValue.quoted(field))" : ", field \(JSONValue.quoted(field))" }
        return "\(place): \(explanation)"
    }

    private var explanation: String {
        switch kind {
        case .fileNotReadable(let reason): return "cannot read the file (\(reason))"
        case .fileNotWritable(let reason): return "cannot write the file (\(reason))"
        case .fileTooLarge(let byteCount, let limit):
            return
                "the file has \(byteCount) bytes, more than the \(limit) that the read limits allow; raise ReadOptions.maxElements to read it"
        case .fileTooShort(let byteCount):
            return "the file has \(byteCount) bytes; a safetensors file starts with an 8-byte header length"
        case .headerTooLarge(let declared, let limit):
            return
                "the header length is \(declared) bytes, above the limit of \(limit); this is not a safetensors file, or it is damaged"
        case .headerExceedsFile(let declared, let available):
            return
                "the header length is \(declared) bytes, but only \(available) bytes follow the length; the file is truncated or not a safetensors file"
        case .headerNotObject:
            return "the header must be a JSON object starting with \"{\""
        case .invalidJSON(let offset, let expected, let found):
            return "invalid header JSON at byte \(offset): expected \(expected), found \(found)"
        case .headerNotUTF8(let offset):
            return "the header string at byte \(offset) is not valid UTF-8"
        case .duplicateKey(let key):
            return "the key \(JSONValue.quoted(key)) appears twice; names must be unique"
        case .missingField:
            return "the field is missing; a tensor has \"dtype\", \"shape\" and \"data_offsets\""
        case .unexpectedField:
            return "unexpected field; a tensor has only \"dtype\", \"shape\" and \"data_offsets\""
        case .unknownDType(let dtype):
            return "element type \(JSONValue.quoted(dtype)) is not supported; this engine reads \"F64\" and \"F32\""
        case .negativeInteger(let text):
            return "\(text) is negative; expected a non-negative integer"
        case .notAnInteger(let text):
            return "\(text) is not an integer; expected a non-negative integer"
        case .integerTooLarge(let text):
            return "\(text) is too large"
        case .wrongOffsetCount(let count):
            return "expected two offsets [begin, end], got \(count)"
        case .elementCountOverflow:
            return "the element count of the shape overflows a 64-bit integer"
        case .tooManyElements(let count, let limit):
            return
                "the file would hold \(count) or more elements, above the limit of \(limit); raise ReadOptions.maxElements if the file is trusted"
        case .byteLengthMismatch(let expected, let actual):
            return "the offsets span \(actual) bytes, but the shape and dtype need \(expected)"
        case .offsetsReversed(let begin, let end):
            return "begin \(begin) is after end \(end)"
        case .offsetsOutOfRange(let end, let dataByteCount):
            return "end \(end) lies past the data buffer, which has \(dataByteCount) bytes"
        case .overlap(let previous, let previousEnd, let begin):
            return
                "the data starts at \(begin), inside tensor \(JSONValue.quoted(previous)), which ends at \(previousEnd); tensors may not overlap"
        case .hole(let from, let to):
            return
                "bytes \(from)..<\(to) of the data buffer belong to no tensor; tensors must cover the buffer without holes"
        case .nonFinite(let index, let value):
            return
                "element \(index) is \(value); only finite numbers are accepted (ReadOptions.allowsNonFinite accepts them)"
        }
    }
}

// MARK: - Decoding

/// Checks a whole file, then decodes its values.
private struct SafeTensorsDecoder {
    let bytes: UnsafeBufferPointer<UInt8>
    let options: SafeTensorsFile.ReadOptions

    /// One tensor's header entry.
    struct Entry {
        var name: String
        var dtype: SafeTensorsFile.DType
        var shape: [Int]
        var elementCount: Int
        var begin: Int
        var end: Int
    }

    func decode() throws(SafeTensorsError) -> SafeTensorsFile {
        guard bytes.count >= 8 else { throw SafeTensorsError(.fileTooShort(byteCount: bytes.count)) }
        var declared: UInt64 = 0
        for k in (0..<8).reversed() { declared = declared << 8 | UInt64(bytes[k]) }
        guard declared <= UInt64(max(options.maxHeaderBytes, 0)) else {
            throw SafeTensorsError(.headerTooLarge(declared: declared, limit: options.maxHeaderBytes))
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw SafeTensorsError(.headerExceedsFile(declared: declared, available: bytes.count - 8))
        }
        let dataStart = 8 + headerLength
        let dataByteCount = bytes.count - dataStart

        var header = HeaderParser(bytes: UnsafeBufferPointer(rebasing: bytes[8..<dataStart]))
        let (rawEntries, metadata) = try header.parse()

        // Shapes and sizes, before any allocation.
        var entries = [Entry]()
        var totalElements = 0
        for raw in rawEntries {
            func fail(_ kind: SafeTensorsError.Kind, _ field: String) -> SafeTensorsError {
                SafeTensorsError(kind, tensor: raw.name, field: field)
            }
            guard let dtype = SafeTensorsFile.DType(rawValue: raw.dtype) else {
                throw fail(.unknownDType(raw.dtype), "dtype")
            }
            guard let count = elementCount(of: raw.shape) else { throw fail(.elementCountOverflow, "shape") }
            let (sum, overflow) = totalElements.addingReportingOverflow(count)
            guard !overflow, sum <= options.maxElements else {
                throw fail(
                    .tooManyElements(count: overflow ? Int.max : sum, limit: options.maxElements), "shape")
            }
            totalElements = sum
            let (byteLength, byteOverflow) = count.multipliedReportingOverflow(by: dtype.byteCount)
            guard !byteOverflow else { throw fail(.elementCountOverflow, "shape") }
            let (begin, end) = (raw.offsets[0], raw.offsets[1])
            guard begin <= end else { throw fail(.offsetsReversed(begin: begin, end: end), "data_offsets") }
            guard end <= dataByteCount else {
                throw fail(.offsetsOutOfRange(end: end, dataByteCount: dataByteCount), "data_offsets")
            }
            guard end - begin == byteLength else {
                throw fail(.byteLengthMismatch(expected: byteLength, actual: end - begin), "data_offsets")
            }
            entries.append(
                Entry(
                    name: raw.name, dtype: dtype, shape: raw.shape, elementCount: count, begin: begin,
                    end: end))
        }

        // The tensors must tile the data buffer: no hole, no overlap, nothing after the last.
        let byPosition = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: Entry?
        for entry in byPosition {
            if entry.begin > covered {
                throw SafeTensorsError(
                    .hole(from: covered, to: entry.begin), tensor: entry.name, field: "data_offsets")
            }
            if entry.begin < covered, let previous {
                throw SafeTensorsError(
                    .overlap(previous: previous.name, previousEnd: previous.end, begin: entry.begin),
                    tensor: entry.name, field: "data_offsets")
            }
            covered = entry.end
            previous = entry
        }
        if covered < dataByteCount {
            throw SafeTensorsError(.hole(from: covered, to: dataByteCount))
        }

        var tensors = [String: SafeTensorsFile.Tensor]()
        for entry in entries {
            let values = readValues(entry, dataStart: dataStart)
            if !options.allowsNonFinite, let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw SafeTensorsError(
                    .nonFinite(index: multiIndex(bad, shape: entry.shape), value: "\(values[bad])"),
                    tensor: entry.name, field: "values")
            }
            tensors[entry.name] = SafeTensorsFile.Tensor(
                dtype: entry.dtype, shape: entry.shape, values: values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    /// The tensor's elements as `Double`s (F32 widened exactly).
    private func readValues(_ entry: Entry, dataStart: Int) -> [Double] {
        let raw = UnsafeRawBufferPointer(
            rebasing: UnsafeRawBufferPointer(bytes)[(dataStart + entry.begin)..<(dataStart + entry.end)])
        return [Double](unsafeUninitializedCapacity: entry.elementCount) { values, initialized in
            switch entry.dtype {
            case .f64:
                for i in 0..<entry.elementCount {
                    let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                    values[i] = Double(bitPattern: bits)
                }
            case .f32:
                for i in 0..<entry.elementCount {
                    let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                    values[i] = Double(Float(bitPattern: bits))
                }
            }
            initialized = entry.elementCount
        }
    }

    /// The row-major multi-index of a flat index.
    private func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }
}

/// The product of a shape's entries, or `nil` if it overflows.
private func elementCount(of shape: [Int]) -> Int? {
    var count = 1
    for extent in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: extent)
        if overflow { return nil }
        count = product
    }
    return count
}

// MARK: - Header JSON

/// Reads the header's JSON by hand, for three reasons a general JSON parser does not serve:
/// duplicate keys must be caught (JSONSerialization keeps the last), integers must be read
/// exactly with their errors named (a shape entry of `-3`, `1.5` or `1e30`), and the structure
/// is fixed, so nothing recurses deeper than three levels however the input nests.
private struct HeaderParser {
    /// A tensor entry as written, before its sizes are checked.
    struct RawEntry {
        var name: String
        var dtype: String
        var shape: [Int]
        var offsets: [Int]
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// The tensor and field being read, for errors.
    var tensor: String?
    var field: String?

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parse() throws(SafeTensorsError) -> (entries: [RawEntry], metadata: [String: String]) {
        guard bytes.first == UInt8(ascii: "{") else { throw SafeTensorsError(.headerNotObject) }
        var entries = [RawEntry]()
        var names = Set<String>()
        var metadata: [String: String]?
        try readObject { (parser, key) throws(SafeTensorsError) in
            guard names.insert(key).inserted else { throw parser.error(.duplicateKey(key)) }
            if key == "__metadata__" {
                metadata = try parser.readMetadata()
            } else {
                parser.tensor = key
                entries.append(try parser.readTensorEntry(name: key))
                parser.tensor = nil
            }
        }
        skipWhitespace()
        if position < bytes.count { throw syntaxError(expected: "the end of the header (or space padding)") }
        return (entries, metadata ?? [:])
    }

    private mutating func readMetadata() throws(SafeTensorsError) -> [String: String] {
        tensor = "__metadata__"
        defer { tensor = nil }
        var metadata = [String: String]()
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw syntaxError(expected: "an object of string values") }
        try readObject { (parser, key) throws(SafeTensorsError) in
            parser.field = key
            guard metadata[key] == nil else { throw parser.error(.duplicateKey(key)) }
            parser.skipWhitespace()
            guard parser.peek() == UInt8(ascii: "\"") else {
                throw parser.syntaxError(expected: "a string value")
            }
            metadata[key] = try parser.readString()
            parser.field = nil
        }
        return metadata
    }

    private mutating func readTensorEntry(name: String) throws(SafeTensorsError) -> RawEntry {
        var dtype: String?
        var shape: [Int]?
        var offsets: [Int]?
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else {
            throw syntaxError(expected: "an object with dtype, shape and data_offsets")
        }
        try readObject { (parser, key) throws(SafeTensorsError) in
            parser.field = key
            switch key {
            case "dtype":
                guard dtype == nil else { throw parser.error(.duplicateKey(key)) }
                parser.skipWhitespace()
                guard parser.peek() == UInt8(ascii: "\"") else {
                    throw parser.syntaxError(expected: "a string such as \"F64\"")
                }
                dtype = try parser.readString()
            case "shape":
                guard shape == nil else { throw parser.error(.duplicateKey(key)) }
                shape = try parser.readIntegerArray()
            case "data_offsets":
                guard offsets == nil else { throw parser.error(.duplicateKey(key)) }
                let pair = try parser.readIntegerArray()
                guard pair.count == 2 else { throw parser.error(.wrongOffsetCount(pair.count)) }
                offsets = pair
            default:
                throw parser.error(.unexpectedField)
            }
            parser.field = nil
        }
        guard let dtype else { throw error(.missingField, field: "dtype") }
        guard let shape else { throw error(.missingField, field: "shape") }
        guard let offsets else { throw error(.missingField, field: "data_offsets") }
        return RawEntry(name: name, dtype: dtype, shape: shape, offsets: offsets)
    }

    /// Reads `{ "key": value, … }`, calling `member` after each key's colon to read its value.
    private mutating func readObject(
        _ member: (inout HeaderParser, String) throws(SafeTensorsError) -> Void
    ) throws(SafeTensorsError) {
        try expect(UInt8(ascii: "{"), "\"{\"")
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw syntaxError(expected: "a string key") }
            let key = try readString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "\":\"")
            try member(&self, key)
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"), "\",\" or \"}\"")
            return
        }
    }

    /// Reads `[n, n, …]` of non-negative integers.
    private mutating func readIntegerArray() throws(SafeTensorsError) -> [Int] {
        skipWhitespace()
        try expect(UInt8(ascii: "["), "an array of integers")
        var integers = [Int]()
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return integers
        }
        while true {
            skipWhitespace()
            integers.append(try readNonNegativeInteger())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"), "\",\" or \"]\"")
            return integers
        }
    }

    /// Reads a JSON number that must be a non-negative integer.
    private mutating func readNonNegativeInteger() throws(SafeTensorsError) -> Int {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while let byte = peek(), isDigit(byte) { position += 1 }
        let digits = digitsStart..<position
        guard !digits.isEmpty else { throw syntaxError(expected: "an integer") }
        if digits.count > 1 && bytes[digits.lowerBound] == UInt8(ascii: "0") {
            position = digits.lowerBound + 1
            throw syntaxError(expected: "no leading zero")
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let byte = peek(), isDigit(byte) else { throw syntaxError(expected: "a digit after \".\"") }
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), isDigit(byte) else {
                throw syntaxError(expected: "a digit in the exponent")
            }
            while let byte = peek(), isDigit(byte) { position += 1 }
        }
        let text = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(position, start + 40)]), as: UTF8.self)
        guard digitsStart == start else { throw error(.negativeInteger(text)) }
        guard isInteger else { throw error(.notAnInteger(text)) }
        var value = 0
        for index in digits {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw error(.integerTooLarge(text)) }
            value = sum
        }
        return value
    }

    /// Reads a JSON string (the opening quote is next), decoding escapes.
    private mutating func readString() throws(SafeTensorsError) -> String {
        let start = position
        position += 1
        var utf8 = [UInt8]()
        while true {
            guard let byte = peek() else { throw syntaxError(expected: "a closing quote") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw error(.headerNotUTF8(offset: 8 + start))
                }
                return text
            case UInt8(ascii: "\\"):
                position += 1
                try readEscape(into: &utf8)
            case 0..<0x20:
                throw syntaxError(expected: "no control character inside a string (write it as \\u00XX)")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    /// Reads the escape after a backslash, appending its UTF-8 bytes.
    private mutating func readEscape(into utf8: inout [UInt8]) throws(SafeTensorsError) {
        guard let byte = peek() else { throw syntaxError(expected: "an escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by \u and a low surrogate.
                guard peek() == UInt8(ascii: "\\") else {
                    throw syntaxError(expected: "a low surrogate \\uDC00-\\uDFFF")
                }
                position += 1
                guard peek() == UInt8(ascii: "u") else {
                    throw syntaxError(expected: "a low surrogate \\uDC00-\\uDFFF")
                }
                position += 1
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else {
                    position -= 4
                    throw syntaxError(expected: "a low surrogate \\uDC00-\\uDFFF")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                position -= 4
                throw syntaxError(expected: "a high surrogate before a low one")
            }
            // Not a surrogate, or a combined pair: always a valid scalar.
            utf8.append(contentsOf: Unicode.Scalar(scalar).map { Array(String($0).utf8) } ?? [])
        default:
            position -= 1
            throw syntaxError(expected: "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
        }
    }

    private mutating func readHex4() throws(SafeTensorsError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = JSONParser.hexDigit(byte) else {
                throw syntaxError(expected: "four hexadecimal digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    // MARK: Small steps

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func expect(_ byte: UInt8, _ description: String) throws(SafeTensorsError) {
        guard peek() == byte else { throw syntaxError(expected: description) }
        position += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            position += 1
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }


    private func error(_ kind: SafeTensorsError.Kind, field: String? = nil) -> SafeTensorsError {
        SafeTensorsError(kind, tensor: tensor, field: field ?? self.field)
    }

    /// A syntax error at the current position (counted from the start of the file).
    private func syntaxError(expected: String) -> SafeTensorsError {
        let found: String
        if let byte = peek() {
            found =
                (0x21..<0x7F).contains(byte)
                ? "\"\(Character(Unicode.Scalar(byte)))\""
                : "byte 0x\(String(byte, radix: 16, uppercase: true))"
        } else {
            found = "the end of the header"
        }
        return error(.invalidJSON(offset: 8 + position, expected: expected, found: found))
    }
}

// MARK: - Text and files

extension Int {
    fileprivate func addingClamped(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    fileprivate func multipliedClamped(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

