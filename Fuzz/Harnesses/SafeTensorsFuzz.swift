// libFuzzer harness for the safetensors reader (Sources/Backprop/ModelFiles/SafeTensors.swift)
// and the model importer `Model(safeTensors:)` (Model+SafeTensors.swift).
//
// The input is the file's bytes. Invariants checked (a failure traps):
// - reading returns a file or throws a SafeTensorsError; never traps, hangs or over-allocates
//   (the element limit is lowered to 2²⁰ so that a legitimate read stays small);
// - every tensor read has a non-negative shape whose product is its value count, finite values;
// - encoding what was read and reading it again gives the same file, and encoding that gives
//   the same bytes (the writer is deterministic);
// - a model imported from the file (Double and Float) exports and imports again unchanged.

import Foundation

/// Traps with the message, in optimised builds too (where `precondition` drops its message).
private func check(_ condition: Bool, _ message: @autoclosure () -> String = "invariant broken") {
    if !condition { fatalError(message()) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = SafeTensorsFile.ReadOptions(maxElements: 1 << 20, maxHeaderBytes: 1 << 20)
    let file: SafeTensorsFile
    do {
        file = try SafeTensorsFile(bytes: bytes, options: options, source: "fuzz.safetensors")
    } catch {
        _ = error.description
        return 0
    }
    for (name, tensor) in file.tensors {
        check(name != "__metadata__", "a tensor was read under the reserved name")
        check(tensor.shape.allSatisfy { $0 >= 0 }, "negative shape read")
        check(tensor.shape.reduce(1, *) == tensor.values.count, "shape and value count disagree")
        check(tensor.values.allSatisfy(\.isFinite), "a non-finite value was read")
    }
    let encoded = file.encoded()
    do {
        let again = try SafeTensorsFile(bytes: encoded, options: options)
        check(again == file, "encode → read changed the file")
        check(again.encoded() == encoded, "encoding is not deterministic")
    } catch {
        fatalError("a file that was read could not be read after re-encoding: \(error)")
    }
    modelRoundTrip(Double.self, file)
    modelRoundTrip(Float.self, file)
    return 0
}

/// The model importer on the file: it returns a model or throws; an imported model exports
/// and imports again unchanged.
private func modelRoundTrip<Scalar: NetworkScalar>(_: Scalar.Type, _ file: SafeTensorsFile) {
    let model: Model<Scalar>
    do {
        model = try Model<Scalar>(safeTensors: file, path: "fuzz.safetensors")
    } catch {
        _ = error.description
        return
    }
    check(model.network.parameters.allSatisfy(\.isFinite), "a non-finite weight was imported")
    do {
        let again = try Model<Scalar>(safeTensors: SafeTensorsFile(bytes: model.safeTensors().encoded()))
        check(again == model, "export → import changed the model (\(Scalar.self))")
    } catch {
        fatalError("an imported model could not be imported after exporting (\(Scalar.self)): \(error)")
    }
}
