import Foundation
import Testing

/// Kills the built server with SIGKILL at random moments under concurrent mutating requests, then stops it
/// with SIGTERM, through scripts/durability.py (which states every check). The script prints its random seed
/// first; set `ECP_DURABILITY_SEED` to replay a failed run.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ECP_TEST_MOTO_ENDPOINT"] != nil))
struct DurabilityTests {
    @Test(.timeLimit(.minutes(3)))
    func acknowledgedChangesSurviveKills() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["ECP_TEST_VENV_BIN"].map { "\($0)/python" } ?? "/usr/bin/python3"
        var arguments = [
            ExecutableTests.repositoryRoot.appendingPathComponent("scripts/durability.py").path,
            "--binary", ExecutableTests.binary,
        ]
        if let venv = environment["ECP_TEST_VENV_BIN"] {
            // A moto of its own, so this test's constant writes do not slow the moto other suites share.
            arguments += ["--moto-bin", venv]
        }
        if let seed = environment["ECP_DURABILITY_SEED"] {
            arguments += ["--seed", seed]
        }
        let (status, reason, output) = try await Self.run(python, arguments)
        // The whole report goes to the test log, so the seed and every failure are visible.
        print(output)
        let failures = output.split(separator: "\n").filter { $0.contains("FAILED") }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(output.contains("durability: ok"))
        #expect(status == 0, "exit status \(status), ended by a signal: \(reason == .uncaughtSignal)")
    }

    /// Runs `executable` to completion off the concurrency pool and returns its status (a signal number when
    /// the reason is `.uncaughtSignal`), the termination reason and the combined output.
    static func run(
        _ executable: String,
        _ arguments: [String]
    ) async throws -> (Int32, Process.TerminationReason, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = await withCheckedContinuation { continuation in
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }.start()
        }
        return (process.terminationStatus, process.terminationReason, String(decoding: data, as: UTF8.self))
    }
}
