import FinHeatTransfer
import Testing

@Suite("ResidualDiagnosis: what residuals say, in plain words")
struct ResidualDiagnosisTests {
    static let residuals = [0.1, -0.2, 0.15, 3.0, -0.1, 0.05, -0.15, 0.2, -0.05]
    static let positions = (0..<9).map { Double($0) / 80 }

    @Test("a bad reading is named as the fin's thermocouple by default")
    func finWording() {
        let diagnosis = ResidualDiagnosis(residuals: Self.residuals, sigmas: nil, parameterCount: 1, positions: Self.positions)
        let finding = diagnosis.findings.first { $0.kind == .badReading }
        #expect(finding?.index == 3)
        #expect(finding?.message.hasPrefix("reading 4 (x = 0.0375 m) is off by -3 K,") == true, "\(diagnosis.findings)")
        #expect(finding?.message.hasSuffix("check that thermocouple, or leave it out") == true)
    }

    @Test("another wording names the reading by its label, without a unit, with its own advice")
    func otherWording() {
        let labels = (1...9).map { "row \($0)" }
        let diagnosis = ResidualDiagnosis(
            residuals: Self.residuals, sigmas: nil, parameterCount: 1, positions: Self.positions, unit: "",
            wording: .init(readingLabels: labels, along: "x", badReadingAdvice: "check that row"))
        let finding = diagnosis.findings.first { $0.kind == .badReading }
        #expect(finding?.message.hasPrefix("row 4 is off by -3, ") == true, "\(diagnosis.findings)")
        #expect(finding?.message.hasSuffix("; check that row") == true)
    }
}
