import ArgumentParser
import CXCore
import Foundation

/// Reads a file a command was given: exit 66 when it cannot be read, 65 when it is not the
/// JSON or the data expected, with the file named.
enum InputFile {
    /// The bytes of the file at `path`; exit 66 (after saying why) when it cannot be read.
    static func contents(of path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("Error: cannot read \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(66)
        }
    }

    /// The JSON document in the file at `path`; exit 65 when it is not JSON.
    static func json(_ path: String) throws -> JSONValue {
        let data = try contents(of: path)
        do {
            return try JSONParser.parse(Array(data))
        } catch {
            FileHandle.standardError.write(Data("Error: \(path) is not JSON: \(error)\n".utf8))
            throw ExitCode(65)
        }
    }

    /// `result`'s value, or exit 65 after listing every issue as `path: field: message`.
    static func valid<T>(_ result: Result<T, ValidationFailure>, in path: String) throws -> T {
        switch result {
        case .success(let value): return value
        case .failure(let failure):
            let lines = failure.issues.map { "\(path): \($0.field.isEmpty ? "" : $0.field + ": ")\($0.message)" }
            FileHandle.standardError.write(Data(("Error: " + lines.joined(separator: "\nError: ") + "\n").utf8))
            throw ExitCode(65)
        }
    }
}
