/// The pages of a list operation, fetched one at a time by following `nextToken`.
///
/// Iteration stops when a page has no token, or when a service returns the token it was just given (moto
/// ignores `nextToken`), so a misbehaving endpoint cannot cause an endless loop.
public struct AWSPages<Request: Sendable, Page: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Page

    let firstRequest: Request
    let fetch: @Sendable (Request) async throws -> Page
    let nextToken: @Sendable (Page) -> String?
    let withToken: @Sendable (Request, String) -> Request

    /// Creates the sequence.
    /// - Parameters:
    ///   - request: the first page's request.
    ///   - fetch: calls the operation.
    ///   - nextToken: reads the page's `nextToken`.
    ///   - withToken: returns the request with `nextToken` set.
    public init(
        request: Request,
        fetch: @escaping @Sendable (Request) async throws -> Page,
        nextToken: @escaping @Sendable (Page) -> String?,
        withToken: @escaping @Sendable (Request, String) -> Request
    ) {
        self.firstRequest = request
        self.fetch = fetch
        self.nextToken = nextToken
        self.withToken = withToken
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let pages: AWSPages
        var request: Request?
        var lastToken: String?

        public mutating func next() async throws -> Page? {
            guard let request = self.request else {
                return nil
            }
            let page = try await self.pages.fetch(request)
            if let token = self.pages.nextToken(page), !token.isEmpty, token != self.lastToken {
                self.request = self.pages.withToken(request, token)
                self.lastToken = token
            } else {
                self.request = nil
            }
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: self, request: self.firstRequest, lastToken: nil)
    }

    /// Fetches every page and returns the elements `items` picks from each, in order.
    public func collect<Item>(_ items: (Page) -> [Item]?) async throws -> [Item] {
        var all: [Item] = []
        for try await page in self {
            all.append(contentsOf: items(page) ?? [])
        }
        return all
    }
}
