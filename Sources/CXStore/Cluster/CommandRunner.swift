import Foundation
import Logging

/// Runs the PostgreSQL server binaries. PostgreSQL refuses to run as root, so when this
/// process is root the commands run as the `postgres` OS user through `runuser`.
struct CommandRunner: Sendable {
    /// The OS user the server binaries run as, or `nil` to run them as ourselves.
    let serverUser: String?
    let logger: Logger

    struct Output: Sendable {
        var status: Int32
        var text: String
    }

    struct Failure: Error, CustomStringConvertible {
        var command: String
        var output: Output
        var description: String {
            "\(command) exited with status \(output.status): \(output.text.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    init(logger: Logger) {
        self.serverUser = geteuid() == 0 ? "postgres" : nil
        self.logger = logger
    }

    /// Runs `executable` with `arguments` and returns its exit status and combined output.
    ///
    /// Uses `posix_spawn` + `waitpid` rather than Foundation's `Process`: `pg_ctl start`
    /// leaves a postmaster running, and `Process` waits for descriptors the daemon inherits,
    /// so it would never return. The child gets only stdin (/dev/null) and stdout/stderr
    /// (a temporary file); every other descriptor is closed in it.
    func run(_ executable: String, _ arguments: [String], asServerUser: Bool = true) throws -> Output {
        let argv = asServerUser && serverUser != nil
            ? ["/usr/sbin/runuser", "-u", serverUser!, "--", executable] + arguments
            : [executable] + arguments
        logger.debug("run", metadata: ["command": "\(argv.joined(separator: " "))"])
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("cxloop-cmd-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeFrom(3, in: &actions)

        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw Failure(command: argv[0], output: Output(status: -1, text: String(cString: strerror(spawned))))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED/WEXITSTATUS: low 7 bits are the terminating signal, bits 8–15 the exit code.
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(status: exitStatus, text: text)
    }

    /// Adds "close every descriptor from `lowest` up" to `actions` with glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+, looked up at run time
    /// because Swift's Glibc module does not declare it). Without it the child inherits
    /// descriptors that are not close-on-exec; harmless but untidy.
    private static func closeFrom(_ lowest: Int32, in actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
    }

    /// Runs a command and throws ``Failure`` when it exits non-zero.
    @discardableResult
    func check(_ executable: String, _ arguments: [String], asServerUser: Bool = true) throws -> Output {
        let output = try run(executable, arguments, asServerUser: asServerUser)
        guard output.status == 0 else {
            throw Failure(command: "\(URL(fileURLWithPath: executable).lastPathComponent) \(arguments.joined(separator: " "))", output: output)
        }
        return output
    }

    /// Gives the server user ownership of `path` (recursively) when running as root.
    func handOver(_ path: String) throws {
        guard let serverUser else { return }
        try check("/bin/chown", ["-R", "\(serverUser):", path], asServerUser: false)
    }
}
