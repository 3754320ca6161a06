import AWSClient
import Foundation

/// `ecr-control-plane doctor`: checks credentials, endpoints and ECR access in each region.
enum DoctorCommand {
    static let help = """
        Usage: ecr-control-plane doctor [--region REGION]... [--source-region REGION]

        Checks the AWS credentials and endpoints the server would use: resolves credentials, then calls
        STS GetCallerIdentity and ECR DescribeRegistry in each region and prints one line per check, with
        the AWS error code of each failure. Exits 0 when every check succeeds, 1 when one fails, 64 on
        invalid arguments.

        Options:
          --region REGION         A region to check; repeat for several. Default: the source region.
          --source-region REGION  The source region (env ECP_SOURCE_REGION, else AWS_REGION, else
                                  AWS_DEFAULT_REGION, else the profile's region).
          --help                  Show this help.

        Configuration comes from the standard AWS variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN, AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_ROLE_ARN,
        AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, AWS_MAX_ATTEMPTS,
        AWS_EC2_METADATA_DISABLED and AWS_EC2_METADATA_SERVICE_ENDPOINT.
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        await runReportingErrors {
            let parsed = try Arguments(arguments, options: ["region", "source-region"], environment: environment)
            if parsed.wantsHelp {
                print(help)
                return ExitCode.success
            }
            var configuration = AWSConfiguration()
            if let sourceRegion = parsed.value("source-region") {
                configuration.sourceRegion = sourceRegion
            }
            let checks = await Doctor.run(configuration: configuration, regions: parsed.values("region"))
            for check in checks {
                print(Doctor.format(check))
            }
            return checks.allSatisfy(\.ok) ? ExitCode.success : ExitCode.failure
        }
    }
}
