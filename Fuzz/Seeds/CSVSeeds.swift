// Writes the seed corpus of the csv harness: tables written by CSVWriter with each separator,
// and handwritten files (comments, BOM, CRLF, quotes, faults). Byte 0 of each seed chooses the
// separator the harness passes (0 detect, 1 comma, 2 semicolon, 3 tab, 4 whitespace); after a
// NUL byte come column selectors "inputs|outputs". Run by Fuzz/make-corpus.sh.

import Foundation

@main
struct CSVSeeds {
    static func save(_ separator: UInt8, _ file: [UInt8], _ selectors: String?, _ directory: String, _ name: String) {
        var bytes = [separator] + file
        if let selectors { bytes += [0] + Array(selectors.utf8) }
        _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(bytes))
    }

    static func main() throws {
        let directory = CommandLine.arguments[1]
        var values = [Double]()
        for k in 0..<28 {
            let tiny: Double = k % 5 == 0 ? 1e-300 : 0
            let huge: Double = k % 7 == 0 ? 1e300 : 0
            values.append(Double(k) * 0.37 - 3 + tiny + huge)
        }
        let names = ["x", "h", "T tip", "a,b", "\"q\"", "#c", "1.5"]
        let table = CSVTable(columnNames: names, values: values)
        let separators: [(UInt8, CSVSeparator)] = [(1, .comma), (2, .semicolon), (3, .tab), (4, .whitespace)]
        for (byte, separator) in separators {
            let bytes = try CSVWriter(separator: separator, comments: ["fin data", "k = 200"]).encoded(table)
            save(byte, bytes, "0-2|\"T tip\"", directory, "written-\(separator).csv")
            save(0, bytes, nil, directory, "written-detect-\(separator).csv")
        }
        let handwritten: [(String, UInt8, String, String?)] = [
            ("plain", 0, "x,y\n1,2\n3,4\n", "x|y"),
            ("crlf-bom", 0, "\u{FEFF}# comment\r\nx;y\r\n\r\n1.5;-2e-3\r\n", "0|1"),
            ("whitespace", 4, "  x   y  z\n 1 2 3\n\t4\t5\t6\n", "x,z|y"),
            ("quoted", 1, "\"a, b\",\"c \"\"d\"\"\"\n1,2\n", "\"a, b\"|1"),
            ("ragged", 1, "x,y\n1\n", nil),
            ("non-numeric", 1, "x,y\n1,abc\n", nil),
            ("decimal-comma", 2, "x;y\n1,5;2\n", nil),
            ("nonfinite", 1, "x,y\n1,inf\n2,nan(0x1)\n", nil),
            ("overflow", 1, "x,y\n1,1e400\n", nil),
            ("long-digits", 1, "x,y\n0.1000000000000000055511151231257827,123456789012345678901234567890\n", "0-1|"),
            ("empty-value", 1, "x,y\n1,\n", nil),
            ("header-only", 0, "x,y\n", nil),
            ("numbers-only", 0, "1,2\n3,4\n", nil),
            ("duplicate-name", 0, "x,x\n1,2\n", nil),
            ("unclosed-quote", 0, "\"x,y\n1,2\n", nil),
            ("empty", 0, "", nil),
            ("comments-only", 0, "# a\n\n   # b\n", nil),
            ("selector-range", 0, "a,b,c,d\n1,2,3,4\n", "0-2|3"),
            ("selector-backwards", 0, "a,b,c,d\n1,2,3,4\n", "3-0|a"),
            ("selector-twice", 0, "a,b,c,d\n1,2,3,4\n", "a,0|b"),
            ("selector-overflow", 0, "a,b\n1,2\n", "99999999999999999999999|1"),
            ("selector-unclosed", 0, "a,b\n1,2\n", "\"a|b"),
        ]
        for (name, separator, text, selectors) in handwritten {
            save(separator, Array(text.utf8), selectors, directory, "hand-\(name).csv")
        }
        save(0, Array("x,y\n1,2\n".utf8) + [0xC3, 0x28, 0x0A], nil, directory, "hand-not-utf8.csv")
        save(0, Array("T\u{E9}mp,y\n1,2\n".utf8), "T\u{E9}mp|y", directory, "hand-utf8-name.csv")
    }
}
