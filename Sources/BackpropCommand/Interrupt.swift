import Dispatch
import Foundation

/// Ctrl-C during training: the first SIGINT sets a flag that the epoch observer reads, so the
/// trainer stops after the current epoch and the model is saved; a second SIGINT ends the
/// process at once (the default action is restored after the first).
///
/// The signal is delivered through a dispatch source rather than a C handler, so nothing
/// runs in signal context; the flag is read and written under a lock.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var source: DispatchSourceSignal?

    /// Whether Ctrl-C has been pressed since ``install()``.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// Sets the flag by hand (for tests).
    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    /// Starts catching SIGINT.
    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            self?.raise()
            writeToStandardError("\ninterrupt: stopping after this epoch and saving the model (press Ctrl-C again to quit at once)")
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
        self.source = source
    }

    /// Stops catching SIGINT and restores its default action.
    func uninstall() {
        source?.cancel()
        source = nil
        signal(SIGINT, SIG_DFL)
    }
}
