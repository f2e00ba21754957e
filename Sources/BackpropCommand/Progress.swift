import Backprop
import Foundation

/// Training progress for people: on a terminal, one line redrawn with `\r` (epoch, J,
/// validation J, epochs per second, time left); elsewhere (a pipe, a log file), a plain line
/// every tenth of the run or every ten seconds, whichever comes first, and at the end.
final class ProgressReporter {
    enum Mode { case bar, lines, silent }

    /// How progress is shown.
    let mode: Mode
    /// The stream written to: stdout, or stderr when stdout carries JSON.
    let stream: FileHandle
    /// Epochs this run will train at most, and the epoch count before it started (resume).
    let plannedEpochs: Int, startEpoch: Int
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastLine = Date()
    private var lastLineEpoch = 0
    private var barShown = false
    private var lastShownEpoch = 0

    /// - Parameters:
    ///   - toStandardError: write to stderr (the command prints JSON on stdout).
    ///   - quiet: print nothing.
    init(plannedEpochs: Int, startEpoch: Int, toStandardError: Bool, quiet: Bool) {
        self.plannedEpochs = plannedEpochs
        self.startEpoch = startEpoch
        self.stream = toStandardError ? .standardError : .standardOutput
        let descriptor = toStandardError ? STDERR_FILENO : STDOUT_FILENO
        mode = quiet ? .silent : (isatty(descriptor) == 1 ? .bar : .lines)
    }

    /// Epochs finished in this run, `done`, out of ``plannedEpochs``, and their rate.
    private func rate(done: Int) -> Double {
        let elapsed = Date().timeIntervalSince(start)
        return elapsed > 0 ? Double(done) / elapsed : 0
    }

    /// Shows the end of one epoch.
    func epochEnded(_ record: EpochRecord) {
        let done = record.epoch - startEpoch
        let now = Date()
        switch mode {
        case .silent:
            return
        case .bar:
            guard done == plannedEpochs || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            write("\r\u{1B}[K" + barLine(record, done: done))
            barShown = true
            lastShownEpoch = record.epoch
        case .lines:
            let every = max(1, plannedEpochs / 10)
            guard done == 1 || done == plannedEpochs || (done - lastLineEpoch) >= every
                    || now.timeIntervalSince(lastLine) >= 10 else { return }
            lastLine = now
            lastLineEpoch = done
            write(plainLine(record, done: done) + "\n")
            lastShownEpoch = record.epoch
        }
    }

    /// Prints a line of its own (a checkpoint, a warning) without breaking the bar.
    func note(_ text: String) {
        guard mode != .silent else { return }
        if barShown { write("\r\u{1B}[K") }
        write(text + "\n")
        barShown = false
    }

    /// Shows the last epoch if it has not been shown (the trainer's own stopping rules end a
    /// run without asking the observer), then ends the bar's line.
    func finish(last record: EpochRecord?) {
        if let record, record.epoch > lastShownEpoch {
            let done = record.epoch - startEpoch
            switch mode {
            case .silent: break
            case .bar:
                write("\r\u{1B}[K" + barLine(record, done: done))
                barShown = true
            case .lines: write(plainLine(record, done: done) + "\n")
            }
        }
        if mode == .bar && barShown { write("\n") }
        barShown = false
    }

    private func barLine(_ record: EpochRecord, done: Int) -> String {
        let width = 16
        let filled = plannedEpochs > 0 ? min(width, width * done / plannedEpochs) : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let r = rate(done: done)
        let eta = r > 0 ? Double(plannedEpochs - done) / r : .nan
        var line = "epoch \(record.epoch)/\(startEpoch + plannedEpochs) \(bar) J \(Format.scientific(record.trainingCost))"
        if let validation = record.validationCost { line += "  val \(Format.scientific(validation))" }
        line += "  \(Format.rate(r)) ep/s  "
        if done >= plannedEpochs {
            line += "done in \(Format.duration(Date().timeIntervalSince(start)))"
        } else {
            line += "ETA " + (!eta.isFinite ? "?" : eta < 1 ? "<1 s" : eta < 60 ? "\(Int(eta.rounded())) s" : Format.duration(eta))
        }
        return line
    }

    private func plainLine(_ record: EpochRecord, done: Int) -> String {
        var line = "epoch \(record.epoch)/\(startEpoch + plannedEpochs)  J = \(Format.scientific(record.trainingCost))"
        if let validation = record.validationCost { line += "  validation J = \(Format.scientific(validation))" }
        line += "  (\(Format.rate(rate(done: done))) epochs/s)"
        return line
    }

    private func write(_ text: String) {
        fflush(nil)   // what print() buffered comes first
        stream.write(Data(text.utf8))
    }
}
