import Foundation

/// Samples a process's resident memory (`VmRSS` of /proc/PID/status) at the start and then
/// every `interval`, until cancelled.
struct MemorySampler: Sendable {
    let pid: Int
    let interval: Duration

    /// The process's VmRSS in KiB, or nil when it cannot be read (the process is gone).
    func residentKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Samples until the task is cancelled, then returns the samples (nil where unreadable).
    func run() async -> [Int?] {
        var samples = [residentKiB()]
        while (try? await Task.sleep(for: interval)) != nil {
            samples.append(residentKiB())
        }
        return samples
    }
}
