import Foundation

/// The URL and signing region of one service in one region.
public struct ResolvedEndpoint: Sendable, Equatable {
    public var url: URL
    /// The region in the SigV4 credential scope; moto also routes on it.
    public var signingRegion: String
}

/// Resolves endpoints like the SDKs: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the
/// profile's `endpoint_url`, then the standard `https://<prefix>.<region>.<partition suffix>`.
public struct EndpointResolver: Sendable, Equatable {
    /// Overrides per service, keyed by ``AWSService/environmentName``.
    public var serviceEndpoints: [String: URL]
    /// The override for every service without its own.
    public var globalEndpoint: URL?

    public init(serviceEndpoints: [String: URL] = [:], globalEndpoint: URL? = nil) {
        self.serviceEndpoints = serviceEndpoints
        self.globalEndpoint = globalEndpoint
    }

    /// Returns the endpoint of `service` in `region`. Overridden endpoints still sign with `region`, so a
    /// local AWS stand-in sees the region the caller meant.
    public func endpoint(for service: AWSService, region: String) -> ResolvedEndpoint {
        let partition = Partition.of(region: region)
        let signingRegion = service.isGlobal ? partition.globalSigningRegion : region
        if let url = self.serviceEndpoints[service.environmentName] ?? self.globalEndpoint {
            return ResolvedEndpoint(url: url, signingRegion: signingRegion)
        }
        return ResolvedEndpoint(url: Self.standardURL(for: service, region: region), signingRegion: signingRegion)
    }

    /// Returns the standard endpoint URL, such as `https://api.ecr.cn-north-1.amazonaws.com.cn`.
    public static func standardURL(for service: AWSService, region: String) -> URL {
        let partition = Partition.of(region: region)
        let host: String
        if service.isGlobal {
            // IAM has one endpoint per partition; outside the commercial partition it carries the region.
            host =
                partition == .aws
                ? "\(service.endpointPrefix).\(partition.dnsSuffix)"
                : "\(service.endpointPrefix).\(partition.globalSigningRegion).\(partition.dnsSuffix)"
        } else {
            host = "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)"
        }
        return URL(string: "https://\(host)")!
    }
}
