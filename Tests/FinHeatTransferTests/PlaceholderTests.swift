import Testing
@testable import FinHeatTransfer

@Test func placeholder() { #expect(Bool(true)) }
