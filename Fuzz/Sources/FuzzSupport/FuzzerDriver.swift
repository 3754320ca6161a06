import CFuzzer
import Glibc

/// Starts libFuzzer from a target's `main.swift`, with the process's command-line arguments.
public enum FuzzerDriver {
    /// Runs libFuzzer on `testOneInput` and exits with its status; libFuzzer reads its options (such as
    /// `-max_total_time`) and corpus folders from the command line.
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
