import Store

extension AuditLog {
    /// Walks the whole chain oldest first and reports the first row that fails a check.
    ///
    /// Rows stream from one read snapshot, so memory stays flat for millions of rows and rows appended
    /// meanwhile are not part of the walk. A row fails when its `previous_hash` is not the hash of the row
    /// before (a row was removed or reordered) or its `hash` does not match its content (a column was
    /// edited). After the last row, the chain head must name that row, else the newest rows were removed.
    public func verify() async throws -> AuditVerification {
        try await self.database.read { connection in
            var walk = ChainWalk()
            try connection.forEachRow("SELECT \(Self.columns) FROM audit_events ORDER BY id") { row in
                try walk.check(row)
            }
            if let broken = walk.result {
                return broken
            }
            return try walk.finish(head: connection.queryFirst("SELECT last_id, last_hash FROM audit_chain_head"))
        }
    }
}

/// The state of one walk over the chain.
private struct ChainWalk {
    var previousId: Int64 = 0
    var previousHash = AuditChain.genesisHash
    var checkedCount = 0
    var result: AuditVerification?

    /// Checks one row; returns false to stop at the first broken row.
    mutating func check(_ row: Row) throws -> Bool {
        let id = try row.int64(0)
        let storedPrevious = try row.string(11)
        guard storedPrevious == self.previousHash else {
            let reason =
                self.previousId == 0
                ? "the first row's previous hash is not the genesis hash; earlier rows were removed"
                : "previous hash does not match row \(self.previousId); a row between them was removed or changed"
            return self.fail(id, reason)
        }
        let expected = AuditChain.hash(
            id: id,
            time: try row.string(1),
            actor: try row.string(2),
            action: try row.string(3),
            target: try row.string(4),
            requestId: try row.optionalString(5),
            outcome: try row.string(6),
            errorCode: try row.optionalString(7),
            errorMessage: try row.optionalString(8),
            before: try row.optionalString(9),
            after: try row.optionalString(10),
            previousHash: storedPrevious
        )
        guard expected == (try row.string(12)) else {
            return self.fail(id, "stored hash does not match the row's content; the row was edited")
        }
        self.previousId = id
        self.previousHash = expected
        self.checkedCount += 1
        return true
    }

    func finish(head: Row?) throws -> AuditVerification {
        guard let head else {
            return AuditVerification(
                intact: false,
                checkedCount: self.checkedCount,
                firstBrokenId: self.previousId + 1,
                reason: "the chain head row is missing"
            )
        }
        guard try head.int64(0) == self.previousId, try head.string(1) == self.previousHash else {
            return AuditVerification(
                intact: false,
                checkedCount: self.checkedCount,
                firstBrokenId: self.previousId + 1,
                reason: "the chain head names row \(try head.int64(0)), but the last row is \(self.previousId); "
                    + "the newest rows were removed"
            )
        }
        return AuditVerification(intact: true, checkedCount: self.checkedCount)
    }

    private mutating func fail(_ id: Int64, _ reason: String) -> Bool {
        self.result = AuditVerification(
            intact: false,
            checkedCount: self.checkedCount,
            firstBrokenId: id,
            reason: reason
        )
        return false
    }
}
