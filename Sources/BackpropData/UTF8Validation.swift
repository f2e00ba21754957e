/// Finds the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
///
/// Data files are almost all ASCII, so eight bytes are tested at a time while their high bits are
/// clear.
///
/// - Returns: the offset of the first byte of the first invalid sequence, or `nil` if all of
///   `bytes` is valid UTF-8.
/// - Complexity: O(n), one pass.
func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i < count {
        // ASCII fast path, a word at a time.
        while i + 8 <= count,
            raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
            i += 8
        }
        guard i < count else { return nil }
        let lead = bytes[i]
        if lead < 0x80 {
            i += 1
            continue
        }
        // The allowed range of the second byte depends on the lead (Unicode Table 3-7).
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: return i
        }
        guard i + length <= count else { return i }
        guard (secondLow...secondHigh).contains(bytes[i + 1]) else { return i }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) {
            return i
        }
        i += length
    }
    return nil
}
