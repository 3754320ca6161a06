// Signs the same ECR DescribeImages request as bench/sigv4/botocore_sigv4.py for a fixed time and prints
// the rate as `swift signatures_per_second=N`.
// Usage: SigV4Bench [SECONDS]
import AWSClient
import Crypto
import Foundation

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 2
let body = Array(#"{"maxResults":100,"repositoryName":"team/app"}"#.utf8)
let credentials = AWSCredentials(
    accessKeyId: "AKIDEXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)
// The client shares one key cache between calls, so the benchmark does too.
let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ecr", keyCache: SigningKeyCache())

/// Builds and signs one request the way the client does for each call, payload hash included.
@inline(never)
func signOnce(date: Date) -> Int {
    var request = SigningRequest(
        method: "POST",
        path: "/",
        headers: [
            ("Host", "api.ecr.us-east-1.amazonaws.com"),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeImages"),
        ],
        payloadHash: SHA256.hexHash(body)
    )
    return signer.sign(&request, date: date).signature.utf8.count
}

// Warm up caches and the allocator before timing.
var checksum = 0
for _ in 0..<2_000 {
    checksum &+= signOnce(date: Date())
}

let clock = ContinuousClock()
let start = clock.now
let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
var count = 0
while clock.now < deadline {
    for _ in 0..<500 {
        checksum &+= signOnce(date: Date())
    }
    count += 500
}
let elapsed = clock.now - start
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("swift signatures_per_second=\(Int(Double(count) / elapsedSeconds)) checksum=\(checksum % 10)")
