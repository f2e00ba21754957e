import Testing

@testable import BackpropData

@Suite("Choosing columns")
struct CSVColumnSelectorTests {
    let names = ["x", "h", "T tip", "T, base", "2"]

    private func indices(_ text: String) throws(CSVError) -> [Int] {
        try CSVColumnSelector(text).columnIndices(in: names)
    }

    @Test(
        "names, indices, ranges and mixtures pick columns in the order written",
        arguments: [
            ("x", [0]), ("h,x", [1, 0]), (" T tip , x ", [2, 0]), ("0", [0]), ("0-1", [0, 1]),
            ("1-3,0", [1, 2, 3, 0]), ("\"T, base\"", [3]), ("\"T, base\",h", [3, 1]), ("3-3", [3]),
        ])
    func selections(text: String, expected: [Int]) throws {
        #expect(try indices(text) == expected)
    }

    @Test("a column name wins over the index it spells")
    func nameBeforeIndex() throws {
        #expect(try indices("2") == [4])
    }

    @Test(
        "malformed selectors are rejected with a reason",
        arguments: [
            ("", "an item is empty (two commas in a row, or a comma at an end?)"),
            ("x,,h", "an item is empty (two commas in a row, or a comma at an end?)"),
            ("\"T tip", "a quoted name has no closing quote"),
            ("\"x\" h", "expected a comma after the quoted name \"x\""),
            ("3-1", "the range 3-1 runs backwards; write 1-3"),
            ("x,0", "column 0 \"x\" is selected twice"),
        ])
    func invalid(text: String, reason: String) {
        var caught: CSVError?
        do { _ = try indices(text) } catch { caught = error }
        #expect(caught?.kind == .invalidColumnSelector(text: text, reason: reason))
    }

    @Test(
        "an index past the last column is out of range", arguments: ["5", "0-9", "99999999999999999999999"])
    func outOfRange(text: String) {
        var caught: CSVError?
        do { _ = try indices(text) } catch { caught = error }
        guard case .columnIndexOutOfRange(_, let count) = caught?.kind else {
            Issue.record("expected an out-of-range error, got \(String(describing: caught))")
            return
        }
        #expect(count == 5)
        #expect(caught?.description.hasSuffix("the file has 5 columns, indices 0 to 4") == true)
    }

    @Test("a quoted name is never an index")
    func quotedIsAName() {
        var caught: CSVError?
        do { _ = try indices("\"0\"") } catch { caught = error }
        #expect(caught?.kind == .unknownColumn(name: "0", available: names))
    }

    @Test("a table keeps the rows of the selected columns, in the selector's order")
    func selectingFromTable() throws {
        let table = try CSVTable(parsing: "x,h,T\n1,10,100\n2,20,200\n")
        let selected = try table.selecting("T,x")
        #expect(selected.columnNames == ["T", "x"])
        #expect(selected.values == [100, 1, 200, 2])
        #expect(selected.rowCount == 2)
    }

    @Test("training data splits the rows into the input and output columns")
    func trainingData() throws {
        let table = try CSVTable(parsing: "x,h,T\n1,10,100\n2,20,200\n")
        let (inputs, outputs) = try table.trainingData(inputs: "0-1", outputs: "T")
        #expect(inputs.columnNames == ["x", "h"])
        #expect(inputs.values == [1, 10, 2, 20])
        #expect(outputs.columnNames == ["T"])
        #expect(outputs.values == [100, 200])
    }

    @Test("a column cannot be both an input and an output")
    func overlappingTrainingData() throws {
        let table = try CSVTable(parsing: "x,h,T\n1,10,100\n", source: "fin.csv")
        var caught: CSVError?
        do { _ = try table.trainingData(inputs: "x,T", outputs: "T") } catch { caught = error }
        #expect(
            caught?.description
                == "fin.csv: cannot read the column selection \"x,T / T\": column 2 \"T\" is both an input and an output"
        )
    }
}
