/// Ready-made charts for the questions an inverse problem asks: does the prediction match the
/// target, is the residual structureless, and how does an estimate degrade with noise?
extension Chart {
    /// Prediction against target, one marker per sample, with the line y = x on which perfect
    /// predictions lie. Both axes show the same interval, on a near-square plot (560 × 460).
    ///
    /// - Parameters:
    ///   - title: The heading.
    ///   - xLabel: The x-axis label (the target, e.g. `"measured T (K)"`).
    ///   - yLabel: The y-axis label (the prediction).
    ///   - name: The legend text of the samples.
    ///   - target: The true values, on x.
    ///   - prediction: The predicted values ŷ, on y; as many as `target`.
    /// - Returns: A chart with one marker series and an identity reference line.
    public static func scatter(title: String, xLabel: String = "target", yLabel: String = "prediction",
                               name: String = "samples", target: [Double], prediction: [Double]) -> Chart {
        var chart = Chart(title: title, xLabel: xLabel, yLabel: yLabel,
                          series: [Series(name: name, x: target, y: prediction, style: .markers)],
                          referenceLines: [.identity()], width: 560, height: 460)
        chart.equalAxes = true
        return chart
    }

    /// Residual e = ŷ − y against x, one marker per sample, with a line at zero.
    ///
    /// - Parameters:
    ///   - title: The heading.
    ///   - xLabel: The x-axis label (e.g. the target, or the position along the fin).
    ///   - yLabel: The y-axis label.
    ///   - name: The legend text of the samples.
    ///   - x: The abscissae.
    ///   - residual: The residuals, one per x.
    /// - Returns: A chart with one marker series and a horizontal reference line at 0.
    public static func residuals(title: String, xLabel: String, yLabel: String = "residual ŷ − y",
                                 name: String = "residual", x: [Double], residual: [Double]) -> Chart {
        Chart(title: title, xLabel: xLabel, yLabel: yLabel,
              series: [Series(name: name, x: x, y: residual, style: .markers)],
              referenceLines: [.horizontal(y: 0, label: "zero")])
    }

    /// Estimates with error bars, estimate ± uncertainty, against a condition (e.g. the
    /// estimated h against noise σ), optionally with the true value as a horizontal line.
    ///
    /// - Parameters:
    ///   - title: The heading.
    ///   - xLabel: The x-axis label.
    ///   - yLabel: The y-axis label.
    ///   - name: The legend text of the estimates.
    ///   - x: The conditions.
    ///   - estimate: The estimate at each condition.
    ///   - uncertainty: The half-length of each error bar (e.g. one standard deviation).
    ///   - trueValue: The true value, drawn as a dashed horizontal line, or `nil`.
    ///   - trueValueLabel: The legend text of the true value.
    /// - Returns: A chart with one line-and-marker series with error bars.
    public static func errorBars(title: String, xLabel: String, yLabel: String, name: String = "estimate",
                                 x: [Double], estimate: [Double], uncertainty: [Double],
                                 trueValue: Double? = nil, trueValueLabel: String = "true value") -> Chart {
        Chart(title: title, xLabel: xLabel, yLabel: yLabel,
              series: [Series(name: name, x: x, y: estimate, yError: uncertainty, style: .lineAndMarkers)],
              referenceLines: trueValue.map { [.horizontal(y: $0, label: trueValueLabel)] } ?? [])
    }
}
