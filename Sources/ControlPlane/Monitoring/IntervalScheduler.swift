import Observability

/// Runs a piece of work every `interval` until stopped, one run at a time; used for scheduled cleanup runs
/// and drift audits. A failed run is logged and the schedule goes on.
public actor IntervalScheduler {
    public nonisolated let name: String
    private let interval: Duration
    private let logger: Logger
    private let work: @Sendable () async throws -> Void
    private var task: Task<Void, Never>?

    /// - Parameters:
    ///   - name: the schedule's name in log metadata, such as `cleanup`.
    ///   - interval: time from the end of one run to the start of the next; the first run starts one
    ///     interval after `start()`.
    public init(name: String, interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger.with("schedule.name", name)
        self.work = work
    }

    /// Starts the schedule; a second call does nothing.
    public func start() {
        guard self.task == nil else {
            return
        }
        let interval = self.interval
        let work = self.work
        let logger = self.logger
        logger.info("Schedule started.", metadata: ["schedule.interval": "\(interval)"])
        self.task = Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
                do {
                    try await work()
                    logger.debug("Scheduled run finished.")
                } catch {
                    logger.error("Scheduled run failed.", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Stops the schedule and waits for a run in progress to finish.
    public func stop() async {
        guard let task = self.task else {
            return
        }
        self.task = nil
        task.cancel()
        await task.value
        self.logger.info("Schedule stopped.")
    }
}
