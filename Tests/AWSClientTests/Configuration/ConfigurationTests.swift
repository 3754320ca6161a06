import Foundation
import Testing

@testable import AWSClient

@Suite struct EndpointResolverTests {
    @Test(arguments: [
        ("us-east-1", "https://api.ecr.us-east-1.amazonaws.com"),
        ("eu-west-1", "https://api.ecr.eu-west-1.amazonaws.com"),
        ("cn-north-1", "https://api.ecr.cn-north-1.amazonaws.com.cn"),
        ("cn-northwest-1", "https://api.ecr.cn-northwest-1.amazonaws.com.cn"),
        ("us-gov-west-1", "https://api.ecr.us-gov-west-1.amazonaws.com"),
    ])
    func standardECREndpoints(_ region: String, _ expected: String) {
        let endpoint = EndpointResolver().endpoint(for: .ecr, region: region)
        #expect(endpoint.url.absoluteString == expected)
        #expect(endpoint.signingRegion == region)
    }

    @Test func otherServicePrefixes() {
        let resolver = EndpointResolver()
        #expect(
            resolver.endpoint(for: .cloudWatch, region: "us-west-2").url.absoluteString
                == "https://monitoring.us-west-2.amazonaws.com"
        )
        #expect(
            resolver.endpoint(for: .sns, region: "cn-north-1").url.absoluteString
                == "https://sns.cn-north-1.amazonaws.com.cn"
        )
        #expect(
            resolver.endpoint(for: .sts, region: "eu-central-1").url.absoluteString
                == "https://sts.eu-central-1.amazonaws.com"
        )
        #expect(
            resolver.endpoint(for: .eventBridge, region: "ap-south-1").url.absoluteString
                == "https://events.ap-south-1.amazonaws.com"
        )
    }

    @Test func globalIAMEndpointPerPartition() {
        let resolver = EndpointResolver()
        let commercial = resolver.endpoint(for: .iam, region: "eu-west-1")
        #expect(commercial.url.absoluteString == "https://iam.amazonaws.com")
        #expect(commercial.signingRegion == "us-east-1")
        let china = resolver.endpoint(for: .iam, region: "cn-northwest-1")
        #expect(china.url.absoluteString == "https://iam.cn-north-1.amazonaws.com.cn")
        #expect(china.signingRegion == "cn-north-1")
    }

    @Test func serviceVariableBeatsGlobalVariable() {
        let configuration = AWSConfiguration(environment: [
            "HOME": "/nonexistent",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_ECR": "http://127.0.0.1:6000",
            "AWS_ENDPOINT_URL_CLOUDWATCH": "http://127.0.0.1:7000",
        ])
        let ecr = configuration.endpoints.endpoint(for: .ecr, region: "us-west-2")
        #expect(ecr.url.absoluteString == "http://127.0.0.1:6000")
        #expect(ecr.signingRegion == "us-west-2")
        #expect(configuration.endpoints.endpoint(for: .cloudWatch, region: "us-west-2").url.port == 7000)
        #expect(configuration.endpoints.endpoint(for: .sns, region: "us-west-2").url.port == 5000)
        #expect(configuration.endpoints.endpoint(for: .eventBridge, region: "us-west-2").url.port == 5000)
    }

    @Test func ignoreConfiguredEndpoints() {
        let configuration = AWSConfiguration(environment: [
            "HOME": "/nonexistent",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        let endpoint = configuration.endpoints.endpoint(for: .ecr, region: "us-east-1")
        #expect(endpoint.url.absoluteString == "https://api.ecr.us-east-1.amazonaws.com")
    }

    @Test func environmentNamesOfServices() {
        #expect(AWSService.ecr.environmentName == "ECR")
        #expect(AWSService.cloudWatch.environmentName == "CLOUDWATCH")
        #expect(AWSService.eventBridge.environmentName == "EVENTBRIDGE")
    }

    @Test func hostHeaderOmitsDefaultPort() {
        #expect(
            AWSCallExecutor.hostHeader(URL(string: "https://api.ecr.us-east-1.amazonaws.com")!)
                == "api.ecr.us-east-1.amazonaws.com"
        )
        #expect(AWSCallExecutor.hostHeader(URL(string: "https://example.com:443")!) == "example.com")
        #expect(AWSCallExecutor.hostHeader(URL(string: "http://127.0.0.1:4566")!) == "127.0.0.1:4566")
    }
}

@Suite struct ConfigurationTests {
    @Test func regionPrecedence() throws {
        let directory = try TestSupport.temporaryDirectory()
        let config = directory.appendingPathComponent("config")
        try
            "[default]\nregion = eu-north-1\n[profile ops]\nregion = ap-northeast-1\nmax_attempts = 7\nendpoint_url = http://127.0.0.1:8000\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let base = ["HOME": "/nonexistent", "AWS_CONFIG_FILE": config.path]
        #expect(AWSConfiguration(environment: base).region == "eu-north-1")
        #expect(AWSConfiguration(environment: base.merging(["AWS_PROFILE": "ops"]) { $1 }).region == "ap-northeast-1")
        #expect(
            AWSConfiguration(environment: base.merging(["AWS_DEFAULT_REGION": "us-west-1"]) { $1 }).region
                == "us-west-1"
        )
        let both = base.merging(["AWS_DEFAULT_REGION": "us-west-1", "AWS_REGION": "us-east-2"]) { $1 }
        #expect(AWSConfiguration(environment: both).region == "us-east-2")

        let ops = AWSConfiguration(environment: base.merging(["AWS_PROFILE": "ops"]) { $1 })
        #expect(ops.maxAttempts == 7)
        #expect(ops.endpoints.endpoint(for: .ecr, region: "us-east-1").url.port == 8000)
    }

    @Test func sourceRegionFallsBackToRegion() {
        #expect(AWSConfiguration(environment: ["HOME": "/x", "AWS_REGION": "us-east-1"]).sourceRegion == "us-east-1")
        let explicit = AWSConfiguration(environment: [
            "HOME": "/x", "AWS_REGION": "us-east-1", "ECP_SOURCE_REGION": "eu-west-1",
        ])
        #expect(explicit.sourceRegion == "eu-west-1")
    }

    @Test func defaultsWithEmptyEnvironment() {
        let configuration = AWSConfiguration(environment: ["HOME": "/nonexistent"])
        #expect(configuration.region == nil)
        #expect(configuration.maxAttempts == 3)
        #expect(configuration.profile == "default")
        #expect(!configuration.instanceMetadataDisabled)
        #expect(configuration.credentialsFilePath == "/nonexistent/.aws/credentials")
        #expect(throws: AWSError.self) { _ = try configuration.resolveRegion(nil) }
    }

    @Test func metadataSettings() {
        let configuration = AWSConfiguration(environment: [
            "HOME": "/x", "AWS_EC2_METADATA_DISABLED": "TRUE",
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338",
        ])
        #expect(configuration.instanceMetadataDisabled)
        #expect(configuration.instanceMetadataEndpoint.absoluteString == "http://127.0.0.1:1338")
    }

    @Test func invalidMaxAttemptsFallsBack() {
        #expect(AWSConfiguration(environment: ["HOME": "/x", "AWS_MAX_ATTEMPTS": "many"]).maxAttempts == 3)
        #expect(AWSConfiguration(environment: ["HOME": "/x", "AWS_MAX_ATTEMPTS": "0"]).maxAttempts == 1)
    }

    @Test func profileFileSectionsAndComments() {
        let text = """
            [default]
            region=us-east-1
            [profile dev]
            region = eu-west-1 # the Irish region
            s3 =
              max_concurrent_requests = 20
            [sso-session corp]
            sso_region = us-east-1
            ; note
            """
        let file = ProfileFile(text: text, isConfigFile: true)
        #expect(file.settings(of: "default")?["region"] == "us-east-1")
        #expect(file.settings(of: "dev")?["region"] == "eu-west-1")
        #expect(file.settings(of: "dev")?["max_concurrent_requests"] == nil)
        #expect(file.settings(of: "corp") == nil)
        let credentials = ProfileFile(text: "[dev]\naws_access_key_id = A\n", isConfigFile: false)
        #expect(credentials.settings(of: "dev")?["aws_access_key_id"] == "A")
    }
}
