import Foundation

/// A `cxloop` command run as its own process, as a person runs it: the wall time from spawn to
/// exit includes process start, finding (not starting) the running cluster, connecting, the
/// migration check, loading the templates, the queries and the rendering.
public struct CLIProcess: Sendable {
    /// A failed run: the exit status and the end of its stderr.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let executable: String
    public let arguments: [String]

    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The command line, for the result table.
    public var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    /// The path of `name` in this executable's directory (where SwiftPM puts every product).
    public static func sibling(_ name: String) -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent(name).path
    }

    public var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    /// Runs the command once; returns its stdout.
    /// - Throws: `Failure` when it exits with a non-zero status.
    public func run() throws -> String {
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
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("cxloop-bench-\(getpid()).stderr")
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

    /// One warm-up run, then `runs` timed runs one after another; nil samples and a note (on
    /// stderr too) when the binary is missing or a run fails.
    public func time(runs: Int) -> (samples: Samples?, note: String?, output: String?) {
        guard isAvailable else {
            Console.error("skipping the cxloop process timing: \(executable) not found (--cxloop PATH)")
            return (nil, "skipped: \(executable) not found", nil)
        }
        Console.error("timing \(commandLine) (\(runs) runs)")
        do {
            var output = try run()
            let clock = ContinuousClock()
            var milliseconds: [Double] = []
            for _ in 0..<runs {
                milliseconds.append(try clock.measure { output = try run() }.milliseconds)
            }
            return (Samples(milliseconds: milliseconds), nil, output)
        } catch {
            Console.error("the cxloop process failed: \(error)")
            return (nil, "failed: \(error)", nil)
        }
    }
}

/// A reason a benchmark cannot run, for the user.
public struct BenchmarkError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
