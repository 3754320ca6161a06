import Foundation

// A peer that closes its socket must not kill the process with SIGPIPE; writes report EPIPE instead.
signal(SIGPIPE, SIG_IGN)

let status = await CommandDispatcher.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfo.processInfo.environment
)
exit(status)
