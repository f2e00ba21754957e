import Foundation

/// A self-contained HTML page: a title, then sections of paragraphs, tables, figures and
/// preformatted text. No scripts, no external fonts or style sheets; every text is escaped.
///
/// ```swift
/// var report = HTMLReport(title: "Fin: estimating h from temperatures")
/// var training = HTMLReport.Section(heading: "Training")
/// training.keyValueTable([("epochs", "200"), ("learning rate α", "0.01")], caption: "Settings")
/// training.figure(svg: costChart.svg(), caption: "Cost J against epoch.")
/// report.sections.append(training)
/// try report.write(to: URL(fileURLWithPath: "report.html"))
/// ```
public struct HTMLReport: Sendable, Equatable {
    /// One piece of a section's content.
    public enum Block: Sendable, Equatable {
        /// A paragraph of plain text.
        case paragraph(String)
        /// A two-column table of names and values (settings, results).
        case keyValueTable(caption: String?, rows: [KeyValue])
        /// A table with a header row.
        case table(caption: String?, headers: [String], rows: [[String]])
        /// SVG markup (e.g. ``Chart/svg()``), inserted as is, with a caption below.
        case figure(svg: String, caption: String?)
        /// Text shown in a monospaced block with its line breaks (logs, terminal plots). For a
        /// ``TerminalPlot`` here prefer `.blocks` or `.ascii` glyphs: many monospaced fonts lack
        /// braille, and a browser then borrows wider glyphs from a proportional font, so braille
        /// curves overrun their axis.
        case preformatted(String)
    }

    /// A name and its value, one row of a key–value table.
    public struct KeyValue: Sendable, Equatable {
        /// The name, shown in the left column.
        public var key: String
        /// The value, shown in the right column.
        public var value: String
        /// Creates a row.
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A heading and the blocks beneath it.
    public struct Section: Sendable, Equatable {
        /// The section's heading.
        public var heading: String
        /// The content, in order.
        public var blocks: [Block]

        /// Creates a section.
        public init(heading: String, blocks: [Block] = []) {
            self.heading = heading
            self.blocks = blocks
        }

        /// Appends a paragraph.
        public mutating func paragraph(_ text: String) {
            blocks.append(.paragraph(text))
        }

        /// Appends a key–value table.
        public mutating func keyValueTable(_ rows: [(String, String)], caption: String? = nil) {
            blocks.append(.keyValueTable(caption: caption, rows: rows.map { KeyValue($0.0, $0.1) }))
        }

        /// Appends a table; rows shorter than `headers` are padded with empty cells.
        public mutating func table(headers: [String], rows: [[String]], caption: String? = nil) {
            blocks.append(.table(caption: caption, headers: headers, rows: rows))
        }

        /// Appends an SVG figure. The markup is trusted and inserted unescaped; the caption is escaped.
        public mutating func figure(svg: String, caption: String? = nil) {
            blocks.append(.figure(svg: svg, caption: caption))
        }

        /// Appends a preformatted block.
        public mutating func preformatted(_ text: String) {
            blocks.append(.preformatted(text))
        }
    }

    /// The page title, shown in the browser tab and as the top heading.
    public var title: String
    /// A line under the title (e.g. the command that made the report), or `nil`.
    public var subtitle: String?
    /// The sections, in order.
    public var sections: [Section]

    /// Creates a report.
    public init(title: String, subtitle: String? = nil, sections: [Section] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    /// Appends a section and returns nothing; a shorthand for `sections.append(_:)`.
    public mutating func add(_ section: Section) {
        sections.append(section)
    }

    static let style = """
        :root{color-scheme:light}
        body{margin:0;background:#f6f7f9;color:#1d2228;font:15px/1.55 -apple-system,'Segoe UI','Helvetica Neue',Helvetica,Arial,'Liberation Sans','DejaVu Sans',sans-serif}
        main{max-width:960px;margin:0 auto;padding:28px 32px 48px;background:#fff;min-height:100vh;box-sizing:border-box;box-shadow:0 0 0 1px #e4e7eb}
        h1{font-size:26px;line-height:1.25;margin:0 0 4px}
        .subtitle{color:#5b6570;margin:0 0 8px;font-size:14px}
        section{margin-top:30px;padding-top:6px;border-top:1px solid #e4e7eb}
        h2{font-size:19px;margin:12px 0 10px}
        p{margin:8px 0}
        table{border-collapse:collapse;margin:12px 0 16px;font-size:14px}
        caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 6px;color:#333}
        th,td{padding:5px 12px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
        thead th{border-bottom:2px solid #c9ced4;background:#f6f7f9}
        td.number{text-align:right;font-variant-numeric:tabular-nums}
        table.key-value th{font-weight:500;color:#444;background:none;white-space:nowrap}
        figure{margin:16px 0 22px}
        figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
        figcaption{color:#4a525b;font-size:13.5px;margin-top:6px;text-align:center}
        pre{background:#f3f4f6;border:1px solid #e4e7eb;border-radius:4px;padding:10px 12px;overflow-x:auto;font:12.5px/1.2 'DejaVu Sans Mono',Menlo,Consolas,'Liberation Mono',monospace}
        """

    /// The page as HTML5 text.
    public func html() -> String {
        let e = Markup.escape
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <main>
            <h1>\(e(title))</h1>

            """
        if let subtitle { page += "<p class=\"subtitle\">\(e(subtitle))</p>\n" }
        for section in sections {
            page += "<section>\n<h2>\(e(section.heading))</h2>\n"
            for block in section.blocks { page += Self.markup(of: block) }
            page += "</section>\n"
        }
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    static func markup(of block: Block) -> String {
        let e = Markup.escape
        switch block {
        case .paragraph(let text):
            return "<p>\(e(text))</p>\n"
        case .keyValueTable(let caption, let rows):
            var html = "<table class=\"key-value\">\n"
            if let caption { html += "<caption>\(e(caption))</caption>\n" }
            for row in rows {
                html += "<tr><th scope=\"row\">\(e(row.key))</th><td>\(e(row.value))</td></tr>\n"
            }
            return html + "</table>\n"
        case .table(let caption, let headers, let rows):
            var html = "<table>\n"
            if let caption { html += "<caption>\(e(caption))</caption>\n" }
            html += "<thead><tr>" + headers.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in rows {
                let cells = row + [String](repeating: "", count: max(0, headers.count - row.count))
                html += "<tr>" + cells.map { "<td\(numberClass($0))>\(e($0))</td>" }.joined() + "</tr>\n"
            }
            return html + "</tbody>\n</table>\n"
        case .figure(let svg, let caption):
            var html = "<figure>\n\(svg)\n"
            if let caption { html += "<figcaption>\(e(caption))</figcaption>\n" }
            return html + "</figure>\n"
        case .preformatted(let text):
            return "<pre>\(e(text))</pre>\n"
        }
    }

    /// Numbers are right-aligned so that their digits line up.
    static func numberClass(_ text: String) -> String {
        Double(text.trimmingCharacters(in: .whitespaces)) != nil ? " class=\"number\"" : ""
    }

    /// Writes ``html()`` to `url` atomically: a temporary file in the same directory, then a
    /// rename over `url`, so a browser or another process never reads half a report.
    ///
    /// - Throws: ``FileWriteError`` naming the path and the cause.
    public func write(to url: URL) throws {
        try FileWriteError.write(html(), to: url)
    }
}
