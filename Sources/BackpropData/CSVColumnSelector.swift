/// A choice of table columns, written as text (for a command line's `--inputs` and `--outputs`).
///
/// Syntax: items separated by commas, each one of
/// - a column name, matched exactly: `T_tip`; in double quotes if it holds a comma, a quote
///   (doubled) or leading or trailing spaces: `"T, tip"`;
/// - a 0-based column index: `2`;
/// - an inclusive range of 0-based indices: `0-3` (columns 0, 1, 2 and 3).
///
/// A name wins over an index: in a table with a column named `2`, the item `2` picks that column.
/// Spaces around items are ignored. A column may be picked once. Examples: `x`, `x,h`, `0-2`,
/// `0-1,T_tip`.
public struct CSVColumnSelector: Hashable, Sendable, CustomStringConvertible {
    private enum Item: Hashable, Sendable {
        /// Unquoted text: a name if the table has it, else an index or a range.
        case token(String)
        /// Quoted text: always a name.
        case name(String)
    }

    private let items: [Item]
    /// The selector as written.
    public let description: String

    /// Reads a selector.
    ///
    /// - Parameters:
    ///   - text: the selector, e.g. `"0-2,T_tip"`.
    ///   - file: the data file it will select from, for error messages.
    /// - Throws: ``CSVError`` with kind ``CSVError/Kind/invalidColumnSelector(text:reason:)``
    ///   for an empty item or an unclosed quote.
    public init(_ text: String, file: String = "<memory>") throws(CSVError) {
        func invalid(_ reason: String) -> CSVError {
            CSVError(.invalidColumnSelector(text: text, reason: reason), file: file)
        }
        var items = [Item]()
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            if rest.first == "\"" {
                var name = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    index = rest.index(after: index)
                    if character == "\"" {
                        if index < rest.endIndex, rest[index] == "\"" {
                            name.append("\"")
                            index = rest.index(after: index)
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        name.append(character)
                    }
                }
                guard closed else { throw invalid("a quoted name has no closing quote") }
                items.append(.name(name))
                rest = rest[index...].drop(while: { $0 == " " || $0 == "\t" })
                if rest.isEmpty { break }
                guard rest.first == "," else {
                    throw invalid("expected a comma after the quoted name \"\(name)\"")
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                let token = rest[..<end].trimmingBlanks()
                guard !token.isEmpty else {
                    throw invalid("an item is empty (two commas in a row, or a comma at an end?)")
                }
                items.append(.token(String(token)))
                if end == rest.endIndex { break }
                rest = rest[rest.index(after: end)...]
            }
        }
        self.items = items
        self.description = text
    }

    /// The 0-based indices of the selected columns, in the selector's order.
    ///
    /// - Parameters:
    ///   - columnNames: the table's header.
    ///   - file: the data file, for error messages.
    /// - Throws: ``CSVError`` for an unknown name (listing the names there are), an index out of
    ///   range, a range that runs backwards or a column picked twice.
    public func columnIndices(in columnNames: [String], file: String = "<memory>") throws(CSVError) -> [Int] {
        func invalid(_ reason: String) -> CSVError {
            CSVError(.invalidColumnSelector(text: description, reason: reason), file: file)
        }
        func checked(_ index: Int) throws(CSVError) -> Int {
            guard index < columnNames.count else {
                throw CSVError(
                    .columnIndexOutOfRange(index: index, columnCount: columnNames.count), file: file)
            }
            return index
        }
        func index(_ digits: Substring) throws(CSVError) -> Int {
            // All digits, so Int(_:) fails only by overflow: out of range.
            try checked(Int(digits) ?? Int.max)
        }

        var indices = [Int]()
        for item in items {
            switch item {
            case .name(let name):
                guard let found = columnNames.firstIndex(of: name) else {
                    throw CSVError(.unknownColumn(name: name, available: columnNames), file: file)
                }
                indices.append(found)
            case .token(let token):
                if let found = columnNames.firstIndex(of: token) {
                    indices.append(found)
                } else if token.allSatisfy(\.isASCIIDigit) {
                    indices.append(try index(Substring(token)))
                } else if let dash = token.firstIndex(of: "-"),
                    case let low = token[..<dash], case let high = token[token.index(after: dash)...],
                    !low.isEmpty, !high.isEmpty, low.allSatisfy(\.isASCIIDigit),
                    high.allSatisfy(\.isASCIIDigit)
                {
                    let first = try index(low)
                    let last = try index(high)
                    guard first <= last else {
                        throw invalid("the range \(token) runs backwards; write \(last)-\(first)")
                    }
                    indices.append(contentsOf: first...last)
                } else {
                    throw CSVError(.unknownColumn(name: token, available: columnNames), file: file)
                }
            }
        }
        var seen = Set<Int>()
        for column in indices where !seen.insert(column).inserted {
            throw invalid("column \(column) \"\(columnNames[column])\" is selected twice")
        }
        return indices
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}

extension Substring {
    fileprivate func trimmingBlanks() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }),
            let last = lastIndex(where: { !isBlank($0) })
        else { return "" }
        return self[first...last]
    }
}
