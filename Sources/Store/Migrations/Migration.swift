import Crypto
import Foundation

/// One migration file, `NNNN_name.sql`, read from the migrations folder.
public struct Migration: Sendable, Hashable {
    /// The number before the underscore; migrations apply in ascending version order, starting at 1.
    public let version: Int
    /// The part of the file name between the underscore and `.sql`.
    public let name: String
    public let fileName: String
    public let sql: String
    /// Lowercase hex SHA-256 of the file's bytes, recorded when the migration is applied.
    public let checksum: String

    public init(version: Int, name: String, fileName: String, sql: String, checksum: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
        self.checksum = checksum
    }

    /// Reads the migration at `url`.
    ///
    /// - Throws: `StoreError` of kind `.migrationInvalid` when the name is not `NNNN_name.sql` or the bytes
    ///   are not UTF-8.
    public init(contentsOf url: URL) throws {
        let fileName = url.lastPathComponent
        guard let (version, name) = Self.parse(fileName: fileName) else {
            throw StoreError(
                kind: .migrationInvalid,
                message: "migration file \(fileName) is not named NNNN_name.sql (four digits, lowercase name)"
            )
        }
        let bytes = try Self.readBytes(url)
        guard let sql = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(kind: .migrationInvalid, message: "migration file \(fileName) is not valid UTF-8")
        }
        self.init(version: version, name: name, fileName: fileName, sql: sql, checksum: SHA256.hexHash(bytes))
    }

    /// Splits `0007_add_jobs.sql` into (7, "add_jobs"); nil for any other shape.
    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else {
            return nil
        }
        let stem = fileName.dropLast(4)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
            let version = Int(parts[0]), version > 0
        else {
            return nil
        }
        let name = String(parts[1])
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        return allowed && !name.isEmpty ? (version, name) : nil
    }

    private static func readBytes(_ url: URL) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw StoreError(
                kind: .migrationInvalid,
                message: "cannot read migration file \(url.path): \(error.localizedDescription)"
            )
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        self.isASCII && self.isNumber
    }
}
