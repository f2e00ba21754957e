import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Parses `text` as XML (Foundation's `XMLDocument`, libxml2 underneath), recording an issue
/// and returning `nil` if it is not well-formed.
func parseXML(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> XMLDocument? {
    do {
        return try XMLDocument(xmlString: text, options: [])
    } catch {
        Issue.record("not well-formed XML: \(error)\n\(text.prefix(400))", sourceLocation: sourceLocation)
        return nil
    }
}

/// Elements named `name` (any namespace) anywhere in `document`.
func elements(_ name: String, in document: XMLDocument) -> [XMLElement] {
    ((try? document.nodes(forXPath: "//*[local-name()='\(name)']")) ?? []).compactMap { $0 as? XMLElement }
}

/// The concatenated text of every `<text>` element, as a reader would see it.
func visibleTexts(in document: XMLDocument) -> [String] {
    elements("text", in: document).map { $0.stringValue ?? "" }
}

/// A fresh empty directory for file-writing tests.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("BackpropPlotsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The value of attribute `name` of `element`. (swift-corelibs-foundation's
/// `attribute(forName:)` returns nil inside a default namespace such as SVG's, so this searches
/// `attributes` itself.)
func attribute(_ name: String, of element: XMLElement) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
}

/// The default namespace declared on `element` (`xmlns="…"`).
func defaultNamespace(of element: XMLElement) -> String? {
    element.namespaces?.first { ($0.name ?? "").isEmpty }?.stringValue
}

/// Every element of `document`.
func allElements(in document: XMLDocument) -> [XMLElement] {
    ((try? document.nodes(forXPath: "//*")) ?? []).compactMap { $0 as? XMLElement }
}
