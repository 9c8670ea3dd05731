import CXCore

extension ReportRenderer {
    /// The experiment analysis in `format`: text through `experiment.mustache`, markdown as that
    /// text in a code block (without colour), JSON and CSV directly.
    public func render(_ analysis: ExperimentAnalysis, as format: ReportFormat) throws(ReportError) -> String {
        switch format {
        case .json: analysis.json.serialized + "\n"
        case .csv: analysis.csv
        case .text: try templates.render(ExperimentAnalysisView(analysis, style: style), template: "experiment")
        case .markdown:
            "```\n" + (try templates.render(ExperimentAnalysisView(analysis, style: TextStyle(colour: false)),
                                            template: "experiment")) + "```\n"
        }
    }
}
