// libFuzzer harness for the JSON model-file loader (Sources/Backprop/ModelFiles): the JSON parser
// `JSONValue.parse`, then `Model<Double>(json:file:)` and `Model<Float>(json:file:)`, the same
// steps `Model.load(from:)` takes after reading the file.
//
// Invariants checked (a failure traps):
// - parsing returns a value or throws; loading returns a model or throws a ModelFileError; never
//   a trap, a hang or an allocation out of proportion to the input (libFuzzer's -malloc_limit_mb);
// - a loaded model has only finite parameters;
// - saving a loaded model as JSON and loading it again gives an equal model;
// - the JSON writer's text parses back to the same value;
// - the checking parser that Model.load uses (JSONText) and the tree parser (JSONValue.parse)
//   accept and refuse the same inputs with the same message, and the in-place loader
//   (Model(jsonText:file:)) gives the same model or error as loading the parsed tree.

import Foundation

/// Traps with the message, in optimised builds too (where `precondition` drops its message).
private func check(_ condition: Bool, _ message: @autoclosure () -> String = "invariant broken") {
    if !condition { fatalError(message()) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The check and the tree parser must agree on every input.
    let checked: String
    do { _ = try JSONText(checking: bytes); checked = "ok" } catch { checked = error.description }
    let parsedOutcome: String
    do { _ = try JSONValue.parse(bytes); parsedOutcome = "ok" } catch { parsedOutcome = error.description }
    check(checked == parsedOutcome || checked.hasSuffix("keys"), "check \(checked) != parse \(parsedOutcome)")
    // The in-place loader and the tree-based one give the same model or the same error.
    if !bytes.isEmpty {
        for scalar in [0, 1] {
            let a: String, b: String
            if scalar == 0 {
                do { a = "\(try Model<Double>(jsonText: bytes, file: "f").network.parameters.map(\.bitPattern))" } catch { a = error.description }
                do { b = "\(try Model<Double>(json: JSONValue.parse(bytes), file: "f").network.parameters.map(\.bitPattern))" } catch let e as ModelFileError { b = e.description } catch { b = "model file f: not valid JSON at \(error)" }
            } else {
                do { a = "\(try Model<Float>(jsonText: bytes, file: "f").network.parameters.map(\.bitPattern))" } catch { a = error.description }
                do { b = "\(try Model<Float>(json: JSONValue.parse(bytes), file: "f").network.parameters.map(\.bitPattern))" } catch let e as ModelFileError { b = e.description } catch { b = "model file f: not valid JSON at \(error)" }
            }
            check(a == b, "in place: \(a)\ntree: \(b)")
        }
    }
    let document: JSONValue
    do {
        document = try JSONValue.parse(bytes)
    } catch {
        _ = error.description
        return 0
    }
    do {
        let text = document.serialized()
        let again = try JSONValue.parse(Array(text.utf8))
        check(again == document || containsNonFinite(document), "serialize → parse changed the JSON value")
    } catch {
        fatalError("the writer's JSON does not parse: \(error)")
    }
    roundTrip(Double.self, document)
    roundTrip(Float.self, document)
    return 0
}

private func roundTrip<Scalar: NetworkScalar>(_: Scalar.Type, _ document: JSONValue) {
    let model: Model<Scalar>
    do {
        model = try Model<Scalar>(json: document, file: "fuzz.json")
    } catch {
        _ = error.description
        return
    }
    check(model.network.parameters.allSatisfy(\.isFinite), "a non-finite parameter was loaded")
    do {
        let text = model.jsonValue().serialized()
        let again = try Model<Scalar>(json: JSONValue.parse(Array(text.utf8)), file: "again.json")
        check(again == model, "save → load changed the model (\(Scalar.self))")
    } catch {
        fatalError("a model that loaded could not be loaded after saving (\(Scalar.self)): \(error)")
    }
}

/// Whether the value holds a number the writer cannot keep (the parser never produces one).
private func containsNonFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let x): !x.isFinite
    case .array(let items): items.contains(where: containsNonFinite)
    case .object(let pairs): pairs.contains { containsNonFinite($0.1) }
    default: false
    }
}
