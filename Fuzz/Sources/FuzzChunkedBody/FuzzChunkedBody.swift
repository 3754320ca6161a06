import FuzzSupport
import HTTPServer

/// A request head that announces a chunked body, so every fuzz input is read as chunk lines, data and trailers.
private let chunkedHead = Array(
    "POST /v1/webhooks HTTP/1.1\r\nHost: fuzz\r\nTransfer-Encoding: chunked\r\n\r\n".utf8
)

/// Limits small enough that short inputs reach the body, chunk line and trailer limits.
private let smallLimits = HTTPParserLimits(
    maxRequestLineLength: 128,
    maxHeaderBytes: 256,
    maxHeaderCount: 8,
    maxBodyBytes: 256,
    maxChunkLineLength: 32
)

/// Decodes the input as a chunked request body (RFC 9112, section 7.1) after a fixed head.
///
/// The first byte picks where the body is split in two, and the split parse must agree with the whole one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunkedBody(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard size > 0, let data else {
        return 0
    }
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let stream = chunkedHead + body
    let split = chunkedHead.count + Int(data[0]) * body.count / 255
    for limits in [HTTPParserLimits(), smallLimits] {
        ParserRun.checkSplitAgreesWithWhole(stream, split: split, limits: limits)
    }
    return 0
}
