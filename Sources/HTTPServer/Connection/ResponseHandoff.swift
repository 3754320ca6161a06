import Synchronization

/// Passes a handler's response back to its connection: inline when the handler finished before
/// `Task.immediate` returned, otherwise through the connection's queue.
final class ResponseHandoff: Sendable {
    private enum State {
        case dispatching
        case completedInline(HTTPResponse)
        case dispatchReturned
    }

    private let state = Mutex(State.dispatching)

    /// Called by the handler's task; returns false when the dispatcher already returned, so the caller
    /// must hop onto the connection's queue itself.
    func deliverInline(_ response: HTTPResponse) -> Bool {
        self.state.withLock { state in
            guard case .dispatching = state else {
                return false
            }
            state = .completedInline(response)
            return true
        }
    }

    /// Called by the dispatcher once `Task.immediate` returned; returns the response when the handler
    /// already finished.
    func takeInlineResponse() -> HTTPResponse? {
        self.state.withLock { state in
            defer { state = .dispatchReturned }
            if case .completedInline(let response) = state {
                return response
            }
            return nil
        }
    }
}
