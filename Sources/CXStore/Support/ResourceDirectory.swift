import Foundation

/// Finds a directory the package ships beside its sources (`sql/migrations`,
/// `dashboards-text`) at run time: an environment variable when set, else the first match
/// walking up from the working directory, from the executable's directory, and from this
/// source file (a checkout built with SwiftPM).
public enum ResourceDirectory {
    /// The path of `relativePath`, or nil when it cannot be found.
    /// - Parameter variable: the environment variable that overrides the search.
    public static func find(
        _ relativePath: String, variable: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if let configured = environment[variable] { return configured }
        let starts = [
            FileManager.default.currentDirectoryPath,
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent().path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().path,
        ]
        for start in starts {
            var directory = URL(fileURLWithPath: start)
            while directory.path != "/" {
                let candidate = directory.appendingPathComponent(relativePath).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}
