import AtomicFiles
/// Why a model file could not be read or written. Every case names the file; a content problem
/// names the first field at fault by its JSON path (e.g. `$.layers[2].outputs`).
public enum ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened, read or written, or is too large.
    case file(AtomicFile.FileError)
    /// The file is not valid JSON.
    case syntax(path: String, JSONSyntaxError)
    /// The JSON is valid but a field is missing, of the wrong type, or out of range.
    case invalid(path: String, field: String, message: String)

    public var description: String {
        switch self {
        case let .file(error): return "model file \(error)"
        case let .syntax(path, error): return "model file \(path): not valid JSON at \(error)"
        case let .invalid(path, field, message): return "model file \(path): \(field): \(message)"
        }
    }
}
