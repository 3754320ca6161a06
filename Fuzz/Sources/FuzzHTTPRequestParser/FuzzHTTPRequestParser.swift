import FuzzSupport
import HTTPServer

/// Limits small enough that short inputs reach every limit check of the parser.
private let smallLimits = HTTPParserLimits(
    maxRequestLineLength: 64,
    maxHeaderBytes: 256,
    maxHeaderCount: 8,
    maxBodyBytes: 128,
    maxChunkLineLength: 32
)

/// Parses the input as a byte stream from one connection, with the default limits and with small ones.
///
/// The first byte picks where the stream is split in two, and the split parse must return the same requests
/// and fail in the same way as the parse of the whole stream. Every body must respect the body limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequestParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard size > 0, let data else {
        return 0
    }
    let stream = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let split = Int(data[0]) * stream.count / 255
    for limits in [HTTPParserLimits(), smallLimits] {
        ParserRun.checkSplitAgreesWithWhole(stream, split: split, limits: limits)
    }
    return 0
}
