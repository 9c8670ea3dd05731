import Foundation

/// `cxloop report weekly` run as its own process, as a person runs it: the wall time from
/// spawn to exit includes process start, finding (not starting) the running cluster,
/// connecting, the migration check, loading the templates, the queries and the rendering.
struct CLIReport: Sendable {
    /// A failed run: the exit status and the end of its stderr.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let executable: String
    let arguments: [String]

    init(executable: String, week: String, tenant: String, home: String) {
        self.executable = executable
        self.arguments = ["report", "weekly", "--week", week, "--tenant", tenant, "--home", home, "--format", "text"]
    }

    /// The command line, for the result table.
    var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Runs the report once; returns its stdout.
    /// - Throws: `Failure` when it exits with a non-zero status.
    func run() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // The benchmark's own cluster, whatever the caller's environment says.
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["CXLOOP_HOME"] = nil
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("report-bench-\(getpid()).stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failure(description: "exit \(process.terminationStatus): \(errors.suffix(2_000))")
        }
        return text
    }
}
