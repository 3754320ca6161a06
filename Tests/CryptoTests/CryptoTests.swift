import Crypto
import Testing

@Suite struct CryptoTests {
    @Test func sha256OfEmptyInput() {
        #expect(SHA256.hexHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256OfAbc() {
        #expect(SHA256.hexHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func incrementalHashMatchesOneShot() {
        var hasher = SHA256Hasher()
        hasher.update(Array("ab".utf8))
        hasher.update(Array("c".utf8))
        #expect(Hex.encode(hasher.finalize()) == SHA256.hexHash("abc"))
    }

    // RFC 4231 test case 2.
    @Test func hmacSHA256KnownVector() {
        let code = HMACSHA256.authenticationCode(for: "what do ya want for nothing?", key: Array("Jefe".utf8))
        #expect(Hex.encode(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hexRoundTripAndRejects() {
        #expect(Hex.decode("00ff10Ab") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.encode([0x00, 0xFF]) == "00ff")
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(constantTimeEquals([], []))
    }

    @Test func secureRandomReturnsDistinctBytes() {
        let first = SecureRandom.bytes(count: 32)
        let second = SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        #expect(first != second)
    }
}

@Suite struct HMACVectorTests {
    // RFC 4231 test cases 1, 4, 6 (key longer than the block) and 7.
    @Test(arguments: [
        (
            String(repeating: "0b", count: 20), "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func rfc4231(keyHex: String, dataHex: String, expected: String) throws {
        let key = try #require(Hex.decode(keyHex))
        let data = try #require(Hex.decode(dataHex))
        #expect(Hex.encode(HMACSHA256.authenticationCode(for: data, key: key)) == expected)
    }

    @Test func emptyKeyAndMessage() {
        let code = HMACSHA256.authenticationCode(for: [UInt8](), key: [UInt8]())
        #expect(Hex.encode(code) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}

@Suite struct HMACKeyTests {
    @Test(arguments: [0, 1, 32, 64, 65, 200])
    func preparedKeyMatchesOneShot(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let prepared = HMACKey(key)
        for message in [[UInt8](), Array("AWS4-HMAC-SHA256\n20150830T123600Z".utf8), [UInt8](repeating: 9, count: 300)]
        {
            #expect(prepared.authenticationCode(for: message) == HMACSHA256.authenticationCode(for: message, key: key))
        }
    }
}
