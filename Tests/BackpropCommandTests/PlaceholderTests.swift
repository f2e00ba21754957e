import Testing
@testable import BackpropCommand
