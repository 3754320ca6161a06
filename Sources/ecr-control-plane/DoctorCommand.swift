import AWSClient
import Foundation
import Observability

/// The usage text of `ecr-control-plane doctor`.
let doctorUsage = """
    Usage: ecr-control-plane doctor [--region REGION]... [--source-region REGION]

    Checks the AWS credentials and endpoints the server would use: resolves credentials, then calls
    STS GetCallerIdentity and ECR DescribeRegistry in each region and prints one line per check.
    Exits 0 when every check succeeds, 1 when one fails, 2 on invalid arguments.

    Options:
      --region REGION         A region to check; repeat for several. Default: the source region.
      --source-region REGION  The source region (default: ECP_SOURCE_REGION, else AWS_REGION,
                              else AWS_DEFAULT_REGION, else the profile's region).
      -h, --help              Shows this text.

    Configuration comes from the standard AWS variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN, AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_ROLE_ARN,
    AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, AWS_MAX_ATTEMPTS,
    AWS_EC2_METADATA_DISABLED and AWS_EC2_METADATA_SERVICE_ENDPOINT.
    """

/// Runs `ecr-control-plane doctor` with the arguments after the command name and returns the exit code.
func runDoctorCommand(arguments: [String]) async -> Int32 {
    var regions: [String] = []
    var sourceRegion: String?
    var remaining = arguments.first == "doctor" ? Array(arguments.dropFirst()) : arguments
    while !remaining.isEmpty {
        let argument = remaining.removeFirst()
        switch argument {
        case "-h", "--help":
            print(doctorUsage)
            return 0
        case "--region", "--source-region":
            guard let value = remaining.first, !value.hasPrefix("-"), !value.isEmpty else {
                printError("doctor: \(argument) needs a region name, for example \(argument) us-east-1.")
                return 2
            }
            remaining.removeFirst()
            if argument == "--region" {
                regions.append(value)
            } else {
                sourceRegion = value
            }
        default:
            printError("doctor: unknown argument \(argument); run `ecr-control-plane doctor --help`.")
            return 2
        }
    }

    var configuration = AWSConfiguration()
    if let sourceRegion {
        configuration.sourceRegion = sourceRegion
    }
    let checks = await Doctor.run(configuration: configuration, regions: regions)
    for check in checks {
        print(Doctor.format(check))
    }
    return checks.allSatisfy(\.ok) ? 0 : 1
}

private func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
