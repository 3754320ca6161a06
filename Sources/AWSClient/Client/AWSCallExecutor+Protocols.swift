import Foundation

extension AWSCallExecutor {
    /// Calls an awsJson operation with `input` and decodes its output.
    func json<Input: Encodable, Output: Decodable>(
        _ service: AWSService,
        operation: String,
        region: String,
        input: Input,
        output: Output.Type = Output.self,
        credentials: (any CredentialProvider)?
    ) async throws -> Output {
        let call = AWSCall.json(
            service: service,
            operation: operation,
            region: region,
            body: try JSONCoding.encode(input)
        )
        let response = try await self.send(call, credentials: credentials)
        do {
            return try JSONCoding.decode(Output.self, from: response.body)
        } catch {
            throw AWSError(
                kind: .invalidResponse,
                code: "InvalidResponse",
                message: "The \(service).\(operation) response could not be decoded: \(error)",
                statusCode: response.statusCode,
                requestId: AWSErrorParser.requestId(response.headers),
                service: service.serviceId,
                operation: operation
            )
        }
    }

    /// Calls an awsQuery action and returns its `<ActionResult>` element (the root when there is none).
    func query(
        _ service: AWSService,
        action: String,
        region: String,
        input: some QueryEncodable,
        credentials: (any CredentialProvider)?
    ) async throws -> XMLNode {
        var parameters = QueryParameters()
        input.encode(into: &parameters)
        let call = AWSCall.query(service: service, action: action, region: region, parameters: parameters)
        let response = try await self.send(call, credentials: credentials)
        guard let root = XMLNode.parse(response.body) else {
            throw AWSError(
                kind: .invalidResponse,
                code: "InvalidResponse",
                message: "The \(service).\(action) response is not well-formed XML.",
                statusCode: response.statusCode,
                requestId: AWSErrorParser.requestId(response.headers),
                service: service.serviceId,
                operation: action
            )
        }
        return root.child("\(action)Result") ?? root
    }
}
