import ArgumentParser

/// `cxloop`: the command tree. Logic lives in the libraries; commands parse, call, print.
@main
struct CXLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cxloop",
        abstract: "CX measurement and experimentation: ingest survey responses and outcomes, report, decide.",
        discussion: """
            Without DATABASE_URL, cxloop runs a private PostgreSQL cluster under CXLOOP_HOME \
            (default ./.cxloop), started on demand.

            Quick start:
              cxloop demo                                   # everything, end to end
              cxloop keys create --tenant acme --scope admin
              cxloop serve --port 8080
            """,
        subcommands: [
            Demo.self, Serve.self, DatabaseCommands.self, Migrate.self, Keys.self, Surveys.self, Import.self, Report.self, Experiments.self,
            Actions.self, Rules.self, Weights.self, Models.self, Simulate.self, Rollup.self, Erase.self, Webhooks.self, Privacy.self,
        ])
}
