/// One `tagPatternList` entry: literal text with `*` wildcards, each matching any run of characters
/// (including none), anchored at both ends of the tag.
public struct TagPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written in the policy.
    public let text: String
    /// The literal pieces between wildcards, as UTF-8; one piece more than there are wildcards.
    private let pieces: [[UInt8]]

    public init(_ text: String) {
        self.text = text
        self.pieces = text.utf8.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(Array.init)
    }

    /// The number of `*` wildcards in the pattern.
    public var wildcardCount: Int {
        self.pieces.count - 1
    }

    public var description: String {
        self.text
    }

    /// True when the whole of `tag` matches the pattern.
    public func matches(_ tag: String) -> Bool {
        if let result = tag.utf8.withContiguousStorageIfAvailable({ self.matches(bytes: $0) }) {
            return result
        }
        return self.matches(bytes: Array(tag.utf8))
    }

    private func matches<Bytes: RandomAccessCollection<UInt8>>(bytes tag: Bytes) -> Bool where Bytes.Index == Int {
        guard self.pieces.count > 1 else {
            return tag.elementsEqual(self.pieces[0])
        }
        let first = self.pieces[0]
        let last = self.pieces[self.pieces.count - 1]
        guard tag.count >= first.count + last.count,
            tag.starts(with: first),
            tag.suffix(last.count).elementsEqual(last)
        else {
            return false
        }
        // With `*` as the only wildcard, taking each middle piece at its leftmost position is optimal.
        var position = tag.startIndex + first.count
        let end = tag.endIndex - last.count
        for piece in self.pieces.dropFirst().dropLast() {
            guard let found = Self.firstIndex(of: piece, in: tag, from: position, to: end) else {
                return false
            }
            position = found + piece.count
        }
        return true
    }

    private static func firstIndex<Bytes: RandomAccessCollection<UInt8>>(
        of piece: [UInt8],
        in tag: Bytes,
        from start: Int,
        to end: Int
    ) -> Int? where Bytes.Index == Int {
        guard !piece.isEmpty else {
            return start
        }
        var candidate = start
        while candidate + piece.count <= end {
            if tag[candidate..<(candidate + piece.count)].elementsEqual(piece) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }
}
