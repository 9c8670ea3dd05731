import ArgumentParser
import CXStore
import Foundation

struct DatabaseCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster.",
        discussion: """
            The embedded cluster lives in CXLOOP_HOME (default ./.cxloop) and listens on a unix \
            socket only. Commands that need it start it on demand; these manage it explicitly.

            Examples:
              cxloop db start
              psql "$(cxloop db url)"
              cxloop db stop
            """,
        subcommands: [Start.self, Stop.self, Status.self, URL.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the cluster (initialising it the first time); recovers after a crash.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let endpoint = try global.environment.cluster(logger: global.logger()).start()
            print("running: \(endpoint.url)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster (fast shutdown).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.environment.cluster(logger: global.logger()).stop()
            print("stopped")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether the cluster is running; exits 0 when running, 3 otherwise.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let cluster = try global.environment.cluster(logger: global.logger())
            let status = cluster.status()
            print("\(cluster.home): \(status)")
            guard case .running = status else { throw ExitCode(3) }
        }
    }

    struct URL: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the connection URL (DATABASE_URL when set, else the embedded cluster's, started if needed).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let environment = global.environment
            if let url = environment.url {
                print(url)
            } else {
                print(try environment.cluster(logger: global.logger()).start().url)
            }
        }
    }
}
