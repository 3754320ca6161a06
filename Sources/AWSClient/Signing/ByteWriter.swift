/// Appends bytes to memory that the caller sized in advance, for the SigV4 stages that run once per call.
///
/// Every write checks the remaining capacity, so a wrong size estimate stops the process instead of writing
/// past the buffer.
struct ByteWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The number of bytes written so far.
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// Returns the bytes written in `range`.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.upperBound <= self.count, "the range reaches past the written bytes")
        return UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: self.buffer[range]))
    }

    /// Returns the next `length` bytes for the caller to fill, and counts them as written.
    mutating func extend(by length: Int) -> UnsafeMutableBufferPointer<UInt8> {
        precondition(length <= self.buffer.count - self.count, "the signing buffer is too small")
        let start = self.count
        self.count += length
        return UnsafeMutableBufferPointer(rebasing: self.buffer[start..<self.count])
    }

    mutating func append(_ byte: UInt8) {
        self.extend(by: 1)[0] = byte
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else {
            return
        }
        UnsafeMutableRawBufferPointer(self.extend(by: bytes.count)).copyMemory(from: bytes)
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.append($0) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { self.append(UnsafeRawBufferPointer($0)) }
    }

    mutating func append(_ text: StaticString) {
        self.append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
