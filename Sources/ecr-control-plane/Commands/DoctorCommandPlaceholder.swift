/// Runs `doctor`; replaced by the AWS client's implementation when it lands.
func runDoctorCommand(arguments: [String]) async -> Int32 {
    printError("doctor is not available in this build")
    return ExitCode.failure
}
