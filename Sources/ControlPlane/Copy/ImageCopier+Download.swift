import AWSClient
import Foundation

extension ImageCopier {
    /// Attempts per range request, the first included.
    static let maximumRangeAttempts = 3

    /// Downloads `range` of a blob with an HTTP range request (RFC 9110, section 14.2) and returns exactly
    /// those bytes. A connection failure or a 5xx response is retried twice, after 0.2 and 0.4 seconds.
    ///
    /// The URL is never logged or put in an error, because a presigned URL carries a signature.
    func downloadRange(
        _ range: ClosedRange<Int64>,
        from url: URL,
        blob: ImageManifest.Descriptor,
        in copy: ImageCopyRun
    ) async throws -> [UInt8] {
        let request = HTTPRequest(
            method: "GET",
            url: url,
            headers: [(name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound)")]
        )
        var attempt = 1
        while true {
            do {
                return try await self.fetchRange(request, range: range, blob: blob, in: copy)
            } catch let failure as RangeFailure where failure.isRetryable && attempt < Self.maximumRangeAttempts {
                try await Task.sleep(for: .milliseconds(200 * attempt))
                attempt += 1
            } catch let failure as RangeFailure {
                throw copy.error(.downloadBlob, at: copy.source, digest: blob.digest, failure.message)
            }
        }
    }

    private func fetchRange(
        _ request: HTTPRequest,
        range: ClosedRange<Int64>,
        blob: ImageManifest.Descriptor,
        in copy: ImageCopyRun
    ) async throws -> [UInt8] {
        let response: HTTPResponse
        do {
            response = try await self.blobTransport.send(request)
        } catch let error as AWSError {
            throw RangeFailure(message: "the download of bytes \(range) failed: \(error.message)", isRetryable: true)
        }
        let expected = Int(range.upperBound - range.lowerBound + 1)
        switch response.statusCode {
        case 206 where response.body.count == expected:
            return response.body
        // A server that ignores Range returns 200 with the whole blob, which is only usable when the whole
        // blob is this one range.
        case 200 where range.lowerBound == 0 && Int64(response.body.count) == blob.size && blob.size == Int64(expected):
            return response.body
        case 200, 206:
            throw RangeFailure(
                message: "the download of bytes \(range) returned HTTP \(response.statusCode) with "
                    + "\(response.body.count) bytes instead of \(expected)",
                isRetryable: false
            )
        default:
            throw RangeFailure(
                message: "the download of bytes \(range) returned HTTP \(response.statusCode)",
                isRetryable: response.statusCode >= 500
            )
        }
    }
}

/// A failed range request, before it gets the copy's context.
private struct RangeFailure: Error {
    let message: String
    let isRetryable: Bool
}
