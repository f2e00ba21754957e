import Foundation
import Testing

@testable import Backprop

/// `vectorExp`, `vectorTanh` and `vectorSigmoid` in every instruction set this CPU has, against
/// libm: on random points over the whole range (uniform, log-uniform down to the smallest
/// subnormal, out to ±10⁴) and on the edges (±0, ±∞, NaN, the overflow and underflow thresholds).
///
/// Two bounds per point: the distance to the exact value (libm one precision up: Double for
/// Float, Float80 for Double where it exists) in ulps of the result, and the distance to libm in
/// the same precision. σ's libm value is the overflow-free 1/(1 + e^−z) or e^z/(1 + e^z).
@Suite("Vector exp, tanh and sigmoid against libm")
struct VectorMathTests {
    enum Function: String, CaseIterable, CustomStringConvertible, Sendable {
        case exp, tanh, sigmoid
        var description: String { rawValue }
    }

    /// Measured worst cases are 1.04 ulp (exp), 2.6 (tanh), 2.3 (sigmoid), see VectorMath.swift.
    static let exactBound = 3.0
    /// libm's own tanh is up to 2.1 ulp off, so the two may differ by their sum.
    static let libmBound = 5.0

    @Test(
        "Float: within 3 ulp of the exact value and 5 ulp of libm on 60 000 random points",
        arguments: Function.allCases, KernelISA.available)
    func floatAccuracy(function: Function, isa: KernelISA) {
        var random = SeededGenerator(seed: 17)
        let z = (0..<60_000).map { _ in Float(Self.point(function, Float.self, &random)) }
        let a = Self.apply(function, z, isa: isa)
        var worstExact = (ulps: 0.0, z: Float.zero)
        var worstLibm = (ulps: 0.0, z: Float.zero)
        for (zi, ai) in zip(z, a) {
            let exact = Self.ulps(ai, Self.reference(function, Double(zi)))
            let libm = Self.ulps(ai, Self.reference(function, zi))
            if !(exact <= worstExact.ulps) { worstExact = (exact, zi) }
            if !(libm <= worstLibm.ulps) { worstLibm = (libm, zi) }
        }
        #expect(worstExact.ulps <= Self.exactBound, "worst \(worstExact.ulps) ulp at z = \(worstExact.z)")
        #expect(worstLibm.ulps <= Self.libmBound, "worst \(worstLibm.ulps) ulp from libm at z = \(worstLibm.z)")
    }

    @Test(
        "Double: within 3 ulp of the exact value and 5 ulp of libm on 60 000 random points",
        arguments: Function.allCases, KernelISA.available)
    func doubleAccuracy(function: Function, isa: KernelISA) {
        var random = SeededGenerator(seed: 18)
        let z = (0..<60_000).map { _ in Self.point(function, Double.self, &random) }
        let a = Self.apply(function, z, isa: isa)
        var worstExact = (ulps: 0.0, z: 0.0)
        var worstLibm = (ulps: 0.0, z: 0.0)
        for (zi, ai) in zip(z, a) {
            #if arch(x86_64) && !os(Windows)
            let exact = Self.ulps(ai, Self.reference(function, Float80(zi)))
            #else
            let exact = 0.0  // no wider type: only the comparison with libm below
            #endif
            let libm = Self.ulps(ai, Self.reference(function, zi))
            if !(exact <= worstExact.ulps) { worstExact = (exact, zi) }
            if !(libm <= worstLibm.ulps) { worstLibm = (libm, zi) }
        }
        #expect(worstExact.ulps <= Self.exactBound, "worst \(worstExact.ulps) ulp at z = \(worstExact.z)")
        #expect(worstLibm.ulps <= Self.libmBound, "worst \(worstLibm.ulps) ulp from libm at z = \(worstLibm.z)")
    }

    @Test("Edges: ±0, ±∞, NaN, ±10⁴, and exp overflowing and underflowing where libm does",
          arguments: KernelISA.available)
    func edges(isa: KernelISA) {
        let inf = Float.infinity
        let specials: [Float] = [0, -0.0, inf, -inf, .nan, 1e4, -1e4, 1e-30, -1e-30]
        let exp = Self.apply(.exp, specials, isa: isa)
        #expect(exp[0] == 1 && exp[1] == 1 && exp[2] == inf && exp[3] == 0 && exp[4].isNaN)
        #expect(exp[5] == inf && exp[6] == 0 && exp[7] == 1 && exp[8] == 1)
        let tanh = Self.apply(.tanh, specials, isa: isa)
        #expect(tanh[0] == 0 && tanh[0].sign == .plus && tanh[1] == 0 && tanh[1].sign == .minus)
        #expect(tanh[2] == 1 && tanh[3] == -1 && tanh[4].isNaN && tanh[5] == 1 && tanh[6] == -1)
        #expect(tanh[7] == 1e-30 && tanh[8] == -1e-30)
        let sigmoid = Self.apply(.sigmoid, specials, isa: isa)
        #expect(sigmoid[0] == 0.5 && sigmoid[1] == 0.5 && sigmoid[2] == 1 && sigmoid[3] == 0)
        #expect(sigmoid[4].isNaN && sigmoid[5] == 1 && sigmoid[6] == 0 && sigmoid[7] == 0.5)

        let specialsDouble = specials.map(Double.init)
        let expDouble = Self.apply(.exp, specialsDouble, isa: isa)
        #expect(expDouble[5] == .infinity && expDouble[6] == 0 && expDouble[4].isNaN)
        let tanhDouble = Self.apply(.tanh, specialsDouble, isa: isa)
        #expect(tanhDouble[1].sign == .minus && tanhDouble[5] == 1 && tanhDouble[6] == -1)
        let sigmoidDouble = Self.apply(.sigmoid, specialsDouble, isa: isa)
        #expect(sigmoidDouble[5] == 1 && sigmoidDouble[6] == 0 && sigmoidDouble[4].isNaN)

        // 200 consecutive values around each threshold: overflow to ∞ exactly where libm's
        // does, and the subnormal results near underflow within the bound.
        Self.expectMatchesLibm(around: Float(88.72283), isa: isa)
        Self.expectMatchesLibm(around: Float(-87.33655), isa: isa)
        Self.expectMatchesLibm(around: Float(-103.97208), isa: isa)
        Self.expectMatchesLibm(around: 709.782712893384, isa: isa)
        Self.expectMatchesLibm(around: -708.3964185322641, isa: isa)
        Self.expectMatchesLibm(around: -745.1332191019411, isa: isa)
    }

    @Test("Every count 0…40 (vector tails) and in place give each element the same value",
          arguments: KernelISA.available)
    func countsAndInPlace(isa: KernelISA) {
        var random = SeededGenerator(seed: 5)
        let z = (0..<40).map { _ in Float(random.nextSigned() * 12) }
        for function in Function.allCases {
            let one = z.map { Self.apply(function, [$0], isa: isa)[0] }
            for count in 0...40 {
                var a = [Float](repeating: 12345, count: 41)
                z.withUnsafeBufferPointer { z in
                    Self.call(function, z.baseAddress!, &a, count: count, isa: isa)
                }
                #expect(Array(a[..<count]).map(\.bitPattern) == one[..<count].map(\.bitPattern))
                #expect(a[count...].allSatisfy { $0 == 12345 }, "\(function) wrote past count \(count)")
            }
            var inPlace = z
            inPlace.withUnsafeMutableBufferPointer { buffer in
                Self.call(function, buffer.baseAddress!, buffer.baseAddress!, count: 40, isa: isa)
            }
            #expect(inPlace.map(\.bitPattern) == one.map(\.bitPattern))
        }
    }

    // MARK: helpers

    /// A random input: uniform over the function's interesting range, uniform on [−10, 10],
    /// log-uniform in magnitude from the smallest subnormal up, or uniform on [−1, 1].
    static func point<T: BinaryFloatingPoint>(
        _ function: Function, _: T.Type, _ random: inout SeededGenerator
    ) -> Double {
        let range: Double = switch function {
        case .exp: T.self == Float.self ? 110 : 750
        case .tanh: 30
        case .sigmoid: 1e4
        }
        let smallestExponent = Double(T.leastNonzeroMagnitude.exponent)
        switch random.bounded(4) {
        case 0: return random.nextSigned() * range
        case 1: return random.nextSigned() * 10
        case 2:
            let exponent = smallestExponent
                + (random.nextSigned() + 1) / 2 * (log2(range) - smallestExponent)
            let magnitude = Foundation.exp2(exponent)
            return random.bounded(2) == 0 ? magnitude : -magnitude
        default: return random.nextSigned()
        }
    }

    static func call(
        _ function: Function, _ z: UnsafePointer<Float>, _ a: UnsafeMutablePointer<Float>,
        count: Int, isa: KernelISA
    ) {
        switch function {
        case .exp: vectorExp(z, a, count: count, isa: isa)
        case .tanh: vectorTanh(z, a, count: count, isa: isa)
        case .sigmoid: vectorSigmoid(z, a, count: count, isa: isa)
        }
    }

    static func apply(_ function: Function, _ z: [Float], isa: KernelISA) -> [Float] {
        var a = [Float](repeating: .nan, count: z.count)
        z.withUnsafeBufferPointer { z in
            a.withUnsafeMutableBufferPointer { a in
                call(function, z.baseAddress!, a.baseAddress!, count: z.count, isa: isa)
            }
        }
        return a
    }

    static func apply(_ function: Function, _ z: [Double], isa: KernelISA) -> [Double] {
        var a = [Double](repeating: .nan, count: z.count)
        z.withUnsafeBufferPointer { z in
            a.withUnsafeMutableBufferPointer { a in
                let (z, a, count) = (z.baseAddress!, a.baseAddress!, z.count)
                switch function {
                case .exp: vectorExp(z, a, count: count, isa: isa)
                case .tanh: vectorTanh(z, a, count: count, isa: isa)
                case .sigmoid: vectorSigmoid(z, a, count: count, isa: isa)
                }
            }
        }
        return a
    }

    /// libm in Float.
    static func reference(_ function: Function, _ z: Float) -> Float {
        switch function {
        case .exp: Foundation.exp(z)
        case .tanh: Foundation.tanh(z)
        case .sigmoid: z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
        }
    }

    /// libm in Double.
    static func reference(_ function: Function, _ z: Double) -> Double {
        switch function {
        case .exp: Foundation.exp(z)
        case .tanh: Foundation.tanh(z)
        case .sigmoid: z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
        }
    }

    #if arch(x86_64) && !os(Windows)
    /// libm in Float80, the exact value for Double results.
    static func reference(_ function: Function, _ z: Float80) -> Float80 {
        switch function {
        case .exp: Foundation.exp(z)
        case .tanh: Foundation.tanh(z)
        case .sigmoid: z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
        }
    }
    #endif

    /// |a − reference| in ulps of the reference rounded to a's type (the smallest subnormal for
    /// 0); 0 when both are NaN or the same infinity, ∞ when only one is.
    static func ulps<T: BinaryFloatingPoint, R: BinaryFloatingPoint>(_ a: T, _ reference: R) -> Double {
        if a.isNaN || reference.isNaN { return a.isNaN && reference.isNaN ? 0 : .infinity }
        let rounded = T(reference)
        if a.isInfinite || rounded.isInfinite { return a == rounded ? 0 : .infinity }
        return Double(abs(R(a) - reference) / R(rounded.ulp))
    }

    /// exp on the 200 values of T next to `threshold` against libm (±∞ and 0 included).
    static func expectMatchesLibm<T: BinaryFloatingPoint>(around threshold: T, isa: KernelISA) {
        var z = [threshold]
        for _ in 0..<100 { z.append(z.last!.nextUp) }
        var down = threshold
        for _ in 0..<100 { down = down.nextDown; z.insert(down, at: 0) }
        for (zi, ai) in zip(z, applyExp(z, isa: isa)) {
            let libm = T.self == Float.self
                ? T(reference(.exp, Float(zi))) : T(reference(.exp, Double(zi)))
            #expect(ulps(ai, libm) <= exactBound, "exp(\(zi)) = \(ai), libm \(libm)")
        }
    }

    static func applyExp<T: BinaryFloatingPoint>(_ z: [T], isa: KernelISA) -> [T] {
        if let z = z as? [Float] { return apply(.exp, z, isa: isa) as! [T] }
        return apply(.exp, z as! [Double], isa: isa) as! [T]
    }
}
