import Foundation
import Testing

@testable import Backprop

/// A safetensors file built by hand: the header's length (u64, little-endian), the header, the data.
private func rawFile(header: String, data: [UInt8] = []) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    var bytes = [UInt8]()
    withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes += $0 }
    return bytes + headerBytes + data
}

/// The little-endian bytes of doubles.
private func f64Bytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

/// The error reading `bytes` throws, or `nil` if they read.
private func readError(
    _ bytes: [UInt8], options: SafeTensorsFile.ReadOptions = .init()
) -> SafeTensorsError? {
    do {
        _ = try SafeTensorsFile(bytes: bytes, options: options, source: "model.safetensors")
        return nil
    } catch {
        return error
    }
}

/// The error for a one-tensor file whose entry for "w" is `entry`, over `data`.
private func entryError(_ entry: String, data: [UInt8] = f64Bytes([1, 2])) -> SafeTensorsError? {
    readError(rawFile(header: "{\"w\":\(entry)}", data: data))
}

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "SafeTensorsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Whether `python3` with NumPy is here to serve as an independent reader.
private let pythonHasNumPy: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

/// Runs a Python script with arguments; returns its standard output.
private func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self)
}

@Suite("safetensors model files")
struct SafeTensorsTests {
    private let awkward: [Double] = [
        0, -0.0, 1, -1, 0.1, .pi, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        -.leastNormalMagnitude, 300.15,
    ]

    @Test("F64 tensors and metadata round-trip bit for bit")
    func roundTripF64() throws {
        let file = SafeTensorsFile(
            tensors: [
                "layer1.weight": .init(shape: [3, 4], values: awkward),
                "layer1.bias": .init(shape: [3], values: [1, 2, 3]),
                "scalar": .init(shape: [], values: [42]),
                "empty": .init(shape: [0, 5], values: []),
            ],
            metadata: [
                "format": "backprop", "activation": "tanh", "note": "quote \" backslash \\ newline \n é ✓",
            ])
        let read = try SafeTensorsFile(bytes: file.encoded())
        #expect(read == file)
        #expect(read.tensors["layer1.weight"]?.values.map(\.bitPattern) == awkward.map(\.bitPattern))
    }

    @Test("F32 tensors round-trip exactly when their values are Floats, and are rounded to Float otherwise")
    func roundTripF32() throws {
        let floats: [Float] = [
            0, -0.0, 1.5, -3.25e-20, .pi, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 7,
        ]
        let asDoubles = floats.map(Double.init)
        let file = SafeTensorsFile(tensors: [
            "w": .init(dtype: .f32, shape: [2, 4], values: asDoubles),
            "rounded": .init(dtype: .f32, shape: [1], values: [0.1]),
        ])
        let read = try SafeTensorsFile(bytes: file.encoded())
        #expect(read.tensors["w"]?.values.map(\.bitPattern) == asDoubles.map(\.bitPattern))
        #expect(read.tensors["w"]?.dtype == .f32)
        #expect(read.tensors["rounded"]?.values == [Double(Float(0.1))])
    }

    /// The layout, counted by hand:
    ///
    /// header = {"__metadata__":{"k":"v"},"b":{"dtype":"F64","shape":[],"data_offsets":[0,8]},
    ///           "w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}
    ///   `{`                                                          1
    ///   `"__metadata__":{"k":"v"},`              14 + 1 + 9 + 1 =  25    (26)
    ///   `"b":{` 3+1+1, `"dtype":"F64",` 14, `"shape":[],` 11,
    ///   `"data_offsets":[0,8]` 20, `},` 2                        =  52    (78)
    ///   `"w":{` 5, `"dtype":"F32",` 14, `"shape":[2],` 12,
    ///   `"data_offsets":[8,16]` 21, `}` 1                        =  53   (131)
    ///   `}`                                                          1   (132)
    /// 132 bytes, padded with 4 spaces to 136 = 0x88, a multiple of 8.
    /// data: the F64 tensor first (8-byte elements before 4-byte ones):
    ///   0.5  = 0x3FE0_0000_0000_0000 → 00 00 00 00 00 00 E0 3F
    ///   1.0f = 0x3F80_0000 → 00 00 80 3F;  -2.0f = 0xC000_0000 → 00 00 00 C0
    /// 8 + 136 + 16 = 160 bytes.
    @Test("a tiny file encodes to the bytes counted by hand")
    func goldenBytes() throws {
        let file = SafeTensorsFile(
            tensors: [
                "w": .init(dtype: .f32, shape: [2], values: [1, -2]),
                "b": .init(dtype: .f64, shape: [], values: [0.5]),
            ],
            metadata: ["k": "v"])
        let header =
            #"{"__metadata__":{"k":"v"},"b":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#
        let expected: [UInt8] =
            [0x88, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0x20, 0x20, 0x20, 0x20]
            + [0, 0, 0, 0, 0, 0, 0xE0, 0x3F] + [0, 0, 0x80, 0x3F] + [0, 0, 0, 0xC0]
        let bytes = file.encoded()
        #expect(bytes.count == 160)
        #expect(bytes == expected)
        #expect(try SafeTensorsFile(bytes: bytes) == file)
    }

    @Test("an empty file is the reference writer's 16 bytes")
    func emptyGolden() {
        // The reference implementation's own test: {} padded to 8 bytes.
        #expect(
            SafeTensorsFile().encoded() == [
                8, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
            ])
    }

    @Test("the same contents give the same bytes, and every tensor is aligned to its element size")
    func deterministicAndAligned() throws {
        var first = SafeTensorsFile()
        var second = SafeTensorsFile()
        let names = ["z", "a", "m", "ä", "B", "b1", "b10", "b2"]
        for (k, name) in names.enumerated() {
            let tensor = SafeTensorsFile.Tensor(
                dtype: k % 2 == 0 ? .f32 : .f64, shape: [k + 1], values: (0...k).map(Double.init))
            first.tensors[name] = tensor
        }
        for name in names.reversed() { second.tensors[name] = first.tensors[name] }
        let bytes = first.encoded()
        #expect(bytes == second.encoded())

        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(headerLength % 8 == 0)
        let header =
            try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)]))
            as! [String: [String: Any]]
        for (name, entry) in header {
            let begin = (entry["data_offsets"] as! [Int])[0]
            let size = entry["dtype"] as! String == "F64" ? 8 : 4
            #expect((8 + headerLength + begin) % size == 0, "\(name)")
        }
    }

    @Test("a file is written atomically and read back")
    func writeAndRead() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("model.safetensors")
        try Data("old".utf8).write(to: url)
        let file = SafeTensorsFile(
            tensors: ["w": .init(shape: [2, 2], values: [1, 2, 3, 4])], metadata: ["a": "b"])
        try file.write(to: url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
        #expect(try SafeTensorsFile(contentsOf: url) == file)
    }

    // MARK: Errors

    @Test("a file shorter than the 8-byte length is refused")
    func tooShort() {
        let error = readError([1, 2, 3])
        #expect(error?.kind == .fileTooShort(byteCount: 3))
        #expect(
            error?.description
                == "model.safetensors: the file has 3 bytes; a safetensors file starts with an 8-byte header length"
        )
    }

    @Test("a header length above 100 MB or past the end of the file is refused")
    func headerLength() {
        var huge = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: UInt64(100_000_001).littleEndian) { huge.replaceSubrange(0..<8, with: $0) }
        #expect(readError(huge)?.kind == .headerTooLarge(declared: 100_000_001, limit: 100_000_000))
        huge.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(readError(huge)?.kind == .headerTooLarge(declared: .max, limit: 100_000_000))
        let truncated: [UInt8] = [100, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8)
        #expect(readError(truncated)?.kind == .headerExceedsFile(declared: 100, available: 2))
    }

    @Test("a header that is not a JSON object, or not JSON, is refused with the byte offset")
    func notJSON() {
        #expect(readError(rawFile(header: " {}"))?.kind == .headerNotObject)
        #expect(readError(rawFile(header: "[]"))?.kind == .headerNotObject)
        #expect(readError(rawFile(header: ""))?.kind == .headerNotObject)
        let error = readError(rawFile(header: #"{"w":{"dtype":"F64",}}"#))
        #expect(error?.kind == .invalidJSON(offset: 8 + 20, expected: "a string key", found: "\"}\""))
        #expect(error?.tensor == "w")
        #expect(
            error?.description
                == "model.safetensors, tensor \"w\": invalid header JSON at byte 28: expected a string key, found \"}\""
        )
        #expect(
            readError(rawFile(header: "{}  x"))?.kind
                == .invalidJSON(
                    offset: 12, expected: "the end of the header (or space padding)", found: "\"x\""))
        #expect(
            readError(
                rawFile(header: "{\"a\": {\"dtype\": \"F64\", \"shape\": [01], \"data_offsets\": [0, 8]}}"))?
                .kind
                == .invalidJSON(offset: 8 + 34, expected: "no leading zero", found: "\"1\""))
        #expect(
            readError(rawFile(header: "{\"w\":{\"dtype\":\"\\x\"}}"))?.kind
                == .invalidJSON(
                    offset: 8 + 16, expected: "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
                    found: "\"x\""))
        #expect(
            readError(rawFile(header: "{\"w\":{\"dtype\":\"\\uD800\"}}"))?.kind
                == .invalidJSON(offset: 8 + 21, expected: "a low surrogate \\uDC00-\\uDFFF", found: "\"\"\""))
    }

    @Test("a header string that is not UTF-8 is refused")
    func notUTF8() {
        let header = Array("{\"w".utf8) + [0xFF] + Array("\":{}}".utf8)
        let bytes = [UInt8(header.count), 0, 0, 0, 0, 0, 0, 0] + header
        // The string starts with its quote, at byte 8 + 1.
        #expect(readError(bytes)?.kind == .headerNotUTF8(offset: 9))
    }

    @Test("escaped names are decoded, surrogate pairs included")
    func escapes() throws {
        let header = #"{"caf\u00e9 \ud83d\ude00 \"q\"":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        let file = try SafeTensorsFile(bytes: rawFile(header: header, data: f64Bytes([2])))
        #expect(file.tensors.keys.first == "café 😀 \"q\"")
    }

    @Test("a name, field or metadata key given twice is refused")
    func duplicates() {
        let twice =
            #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#
        #expect(readError(rawFile(header: twice, data: f64Bytes([1, 2])))?.kind == .duplicateKey("w"))
        let field = entryError(#"{"dtype":"F64","dtype":"F32","shape":[2],"data_offsets":[0,16]}"#)
        #expect((field?.kind, field?.tensor, field?.field) == (.duplicateKey("dtype"), "w", "dtype"))
        let metadata = readError(rawFile(header: #"{"__metadata__":{"a":"1","a":"2"}}"#))
        #expect(metadata?.kind == .duplicateKey("a"))
        #expect(
            metadata?.description
                == "model.safetensors, __metadata__, key \"a\": the key \"a\" appears twice; names must be unique"
        )
    }

    @Test("metadata values must be strings")
    func metadataStrings() {
        let error = readError(rawFile(header: #"{"__metadata__":{"epochs":10}}"#))
        #expect(error?.kind == .invalidJSON(offset: 8 + 26, expected: "a string value", found: "\"1\""))
        #expect(error?.field == "epochs")
    }

    @Test("missing, unexpected and unknown-typed fields name the tensor and the field")
    func fields() {
        let missing = entryError(#"{"dtype":"F64","shape":[2]}"#)
        #expect((missing?.kind, missing?.field) == (.missingField, "data_offsets"))
        #expect(
            missing?.description
                == "model.safetensors, tensor \"w\", field \"data_offsets\": the field is missing; a tensor has \"dtype\", \"shape\" and \"data_offsets\""
        )
        let unexpected = entryError(#"{"dtype":"F64","shape":[2],"data_offsets":[0,16],"offsets":[0,16]}"#)
        #expect((unexpected?.kind, unexpected?.field) == (.unexpectedField, "offsets"))
        let dtype = entryError(#"{"dtype":"F16","shape":[8],"data_offsets":[0,16]}"#)
        #expect((dtype?.kind, dtype?.field) == (.unknownDType("F16"), "dtype"))
        #expect(
            dtype?.description
                == "model.safetensors, tensor \"w\", field \"dtype\": element type \"F16\" is not supported; this engine reads \"F64\" and \"F32\""
        )
        #expect(
            entryError(#"{"dtype":64,"shape":[2],"data_offsets":[0,16]}"#)?.kind
                == .invalidJSON(offset: 8 + 14, expected: "a string such as \"F64\"", found: "\"6\""))
    }

    @Test(
        "shape entries must be non-negative integers",
        arguments: [
            ("[-3]", SafeTensorsError.Kind.negativeInteger("-3")),
            ("[1.5]", .notAnInteger("1.5")),
            ("[1e3]", .notAnInteger("1e3")),
            ("[99999999999999999999]", .integerTooLarge("99999999999999999999")),
        ])
    func badShapes(shape: String, kind: SafeTensorsError.Kind) {
        let error = entryError(#"{"dtype":"F64","shape":\#(shape),"data_offsets":[0,16]}"#)
        #expect((error?.kind, error?.tensor, error?.field) == (kind, "w", "shape"))
    }

    @Test("a shape whose element count overflows is refused")
    func overflow() {
        let error = entryError(#"{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,16]}"#)
        #expect((error?.kind, error?.field) == (.elementCountOverflow, "shape"))
    }

    @Test("a header claiming a 10⁹ × 10⁹ tensor is refused at once, without allocating")
    func hugeClaim() {
        let start = ContinuousClock.now
        let error = entryError(
            #"{"dtype":"F64","shape":[1000000000,1000000000],"data_offsets":[0,8000000000000000000]}"#)
        #expect(ContinuousClock.now - start < .milliseconds(100))
        #expect(error?.kind == .tooManyElements(count: 1_000_000_000_000_000_000, limit: 100_000_000))
        // The limit is summed over tensors, and configurable.
        let small = SafeTensorsFile.ReadOptions(maxElements: 3)
        let two =
            #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[2],"data_offsets":[16,32]}}"#
        #expect(
            readError(rawFile(header: two, data: f64Bytes([1, 2, 3, 4])), options: small)?.kind
                == .tooManyElements(count: 4, limit: 3))
    }

    @Test("offsets must be two, in order, inside the buffer, and match the shape's byte length")
    func badOffsets() {
        #expect(entryError(#"{"dtype":"F64","shape":[2],"data_offsets":[0]}"#)?.kind == .wrongOffsetCount(1))
        #expect(
            entryError(#"{"dtype":"F64","shape":[0],"data_offsets":[16,0]}"#)?.kind
                == .offsetsReversed(begin: 16, end: 0))
        #expect(
            entryError(#"{"dtype":"F64","shape":[3],"data_offsets":[0,24]}"#)?.kind
                == .offsetsOutOfRange(end: 24, dataByteCount: 16))
        let mismatch = entryError(#"{"dtype":"F32","shape":[2],"data_offsets":[0,16]}"#)
        #expect(
            (mismatch?.kind, mismatch?.field) == (
                .byteLengthMismatch(expected: 8, actual: 16), "data_offsets"
            ))
        #expect(
            entryError(#"{"dtype":"F64","shape":[2],"data_offsets":[-8,16]}"#)?.kind == .negativeInteger("-8")
        )
    }

    @Test("tensors must tile the data buffer: no overlap, no hole, no trailing bytes")
    func coverage() {
        let overlap = readError(
            rawFile(
                header:
                    #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#,
                data: f64Bytes([1, 2])))
        #expect((overlap?.kind, overlap?.tensor) == (.overlap(previous: "a", previousEnd: 16, begin: 8), "b"))
        #expect(
            overlap?.description
                == "model.safetensors, tensor \"b\", field \"data_offsets\": the data starts at 8, inside tensor \"a\", which ends at 16; tensors may not overlap"
        )
        let hole = readError(
            rawFile(
                header:
                    #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}"#,
                data: f64Bytes([1, 2, 3])))
        #expect((hole?.kind, hole?.tensor) == (.hole(from: 8, to: 16), "b"))
        let trailing = readError(
            rawFile(
                header: #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: f64Bytes([1, 2])))
        #expect(trailing?.kind == .hole(from: 8, to: 16))
        #expect(trailing?.tensor == nil)
    }

    @Test("NaN and infinity are refused with their index unless allowed")
    func nonFinite() throws {
        let bytes = SafeTensorsFile(tensors: ["w": .init(shape: [2, 3], values: [1, 2, 3, 4, .nan, 6])])
            .encoded()
        let error = readError(bytes)
        #expect(error?.kind == .nonFinite(index: [1, 1], value: "nan"))
        #expect(
            error?.description
                == "model.safetensors, tensor \"w\", field \"values\": element [1, 1] is nan; only finite numbers are accepted (ReadOptions.allowsNonFinite accepts them)"
        )
        let allowed = try SafeTensorsFile(bytes: bytes, options: .init(allowsNonFinite: true))
        #expect(allowed.tensors["w"]?.values[4].isNaN == true)
    }

    @Test("a file that does not exist, or is larger than the limits, is reported before reading")
    func fileErrors() throws {
        var caught: SafeTensorsError?
        do { _ = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: "no-such-dir/m.safetensors")) } catch {
            caught = error
        }
        #expect(
            caught?.description
                == "no-such-dir/m.safetensors: cannot read the file (No such file or directory)")

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("m.safetensors")
        let big = SafeTensorsFile(tensors: ["w": .init(shape: [100], values: Array(repeating: 1, count: 100))]
        )
        try big.write(to: url)
        caught = nil
        let options = SafeTensorsFile.ReadOptions(maxElements: 10, maxHeaderBytes: 100)
        do { _ = try SafeTensorsFile(contentsOf: url, options: options) } catch { caught = error }
        // The largest file these limits allow: 8-byte length, 100-byte header, 10 F64 elements.
        #expect(caught?.kind == .fileTooLarge(byteCount: big.encoded().count, limit: 8 + 100 + 80))

        caught = nil
        do { try SafeTensorsFile().write(to: URL(fileURLWithPath: "no-such-dir/m.safetensors")) } catch {
            caught = error
        }
        #expect(caught?.kind == .fileNotWritable(reason: "No such file or directory"))
    }

    @Test("damaged files never crash the reader: it throws, or reads a file that encodes and reads back the same")
    func mutationsNeverCrash() throws {
        let valid = SafeTensorsFile(
            tensors: [
                "a": .init(shape: [2, 2], values: [1, 2, 3, 4]),
                "b": .init(dtype: .f32, shape: [3], values: [1, 2, 3]),
            ],
            metadata: ["k": "v"]
        ).encoded()
        var generator = SeededGenerator(seed: 17)
        let interesting = Array("{}[]\",:-.e0123456789 \\u".utf8) + [0, 0xFF, 0x80]
        for _ in 0..<5_000 {
            var bytes = valid
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = interesting.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                default: bytes.removeSubrange(index...)
                }
                if bytes.isEmpty { break }
            }
            // A mutant that still reads must encode and read back to the same file.
            if let file = try? SafeTensorsFile(bytes: bytes) {
                #expect(try SafeTensorsFile(bytes: file.encoded()) == file)
            }
        }
    }

    // MARK: An independent reader

    @Test(
        "NumPy, parsing the format by hand, reads what this writer wrote and writes what this reader reads",
        .enabled(if: pythonHasNumPy, "python3 with numpy is not available"))
    func numpyAgrees() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ours = directory.appendingPathComponent("ours.safetensors")
        let file = SafeTensorsFile(
            tensors: [
                "w": .init(shape: [3, 4], values: awkward),
                "f": .init(dtype: .f32, shape: [2], values: [0.5, -1.25]),
                "s": .init(shape: [], values: [-0.0]),
                "e": .init(shape: [2, 0], values: []),
            ],
            metadata: ["format": "backprop"])
        try file.write(to: ours)

        // Python reads our file: every value as float.hex, exact.
        let reader = """
            import json, struct, sys
            import numpy as np
            raw = open(sys.argv[1], 'rb').read()
            n = struct.unpack('<Q', raw[:8])[0]
            header = json.loads(raw[8:8 + n].decode('utf-8'))
            data = raw[8 + n:]
            out = {}
            for name, info in header.items():
                if name == '__metadata__':
                    out[name] = info
                    continue
                begin, end = info['data_offsets']
                array = np.frombuffer(data[begin:end], dtype={'F64': '<f8', 'F32': '<f4'}[info['dtype']])
                array = array.reshape(info['shape'])
                out[name] = {'shape': list(array.shape), 'values': [float(v).hex() for v in array.astype(np.float64).ravel()]}
            print(json.dumps(out))
            """
        let output = try runPython(reader, [ours.path])
        let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(parsed["__metadata__"] as? [String: String] == ["format": "backprop"])
        for (name, tensor) in file.tensors {
            let entry = parsed[name] as! [String: Any]
            #expect(entry["shape"] as? [Int] == tensor.shape, "\(name)")
            let values = (entry["values"] as! [String]).map { Double($0)! }
            #expect(values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(name)")
        }

        // Python writes a file by hand (keys unsorted, no padding); we read it.
        let theirs = directory.appendingPathComponent("theirs.safetensors")
        let writer = """
            import json, struct, sys
            import numpy as np
            a = np.array([[1.5, -2.0, 3.0e-300], [0.1, 7.0, -0.0]], dtype='<f8')
            b = np.array([0.25, -8.0, 3.140625], dtype='<f4')
            data = b.tobytes() + a.tobytes()
            header = {'x': {'dtype': 'F32', 'shape': [3], 'data_offsets': [0, 12]},
                      '__metadata__': {'by': 'numpy'},
                      'a': {'dtype': 'F64', 'shape': [2, 3], 'data_offsets': [12, 60]}}
            text = json.dumps(header).encode('utf-8')
            open(sys.argv[1], 'wb').write(struct.pack('<Q', len(text)) + text + data)
            """
        _ = try runPython(writer, [theirs.path])
        let read = try SafeTensorsFile(contentsOf: theirs)
        #expect(read.metadata == ["by": "numpy"])
        #expect(read.tensors["a"]?.shape == [2, 3])
        #expect(
            read.tensors["a"]?.values.map(\.bitPattern)
                == [1.5, -2.0, 3.0e-300, 0.1, 7.0, -0.0].map(\.bitPattern))
        #expect(read.tensors["x"]?.dtype == .f32)
        #expect(read.tensors["x"]?.values == [0.25, -8.0, 3.140625])
    }
}
