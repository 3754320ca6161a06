-- Replication jobs: one image digest, the destinations it must reach, and a deadline. Times are Unix
-- seconds (REAL) so the runner compares them in SQL without parsing text.
CREATE TABLE replication_jobs (
    id INTEGER PRIMARY KEY,
    repository TEXT NOT NULL,
    digest TEXT NOT NULL,
    tag TEXT,
    source_region TEXT NOT NULL,
    source_account TEXT NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('webhook', 'api', 'event', 'schedule')),
    mode TEXT NOT NULL CHECK (mode IN ('verify', 'copy')),
    requester TEXT NOT NULL,             -- token name, `webhook:ci` or `webhook:eventbridge`
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    deadline_seconds INTEGER NOT NULL,
    deadline_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1, -- 1 for the first run, plus one per retry
    pushed_at REAL,                      -- imagePushedAt in the source, the start of replication latency
    pipeline_id TEXT,
    pipeline_commit TEXT,
    pipeline_url TEXT,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    updated_at REAL NOT NULL,
    next_check_at REAL NOT NULL,
    lease_owner TEXT,
    lease_expires_at REAL,
    last_error TEXT
) STRICT;

CREATE INDEX replication_jobs_due ON replication_jobs (state, next_check_at);
CREATE INDEX replication_jobs_repository ON replication_jobs (repository, id);
CREATE INDEX replication_jobs_digest ON replication_jobs (digest, id);

-- One row per destination of a job.
CREATE TABLE replication_job_destinations (
    job_id INTEGER NOT NULL REFERENCES replication_jobs (id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    registry_id TEXT NOT NULL,
    route TEXT NOT NULL CHECK (route IN ('replication', 'copy', 'explicit')),
    copy INTEGER NOT NULL DEFAULT 0,     -- 1 when the runner copies the image before verifying it
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'missing', 'failed')),
    observed_digest TEXT,
    tag_state TEXT CHECK (tag_state IN ('matches', 'drift', 'absent')),
    tag_digest TEXT,                     -- the digest the job's tag points at in the destination
    first_seen_at REAL,
    latency_seconds REAL,
    checks INTEGER NOT NULL DEFAULT 0,
    last_checked_at REAL,
    last_error TEXT,
    copy_report TEXT,                    -- JSON of the copier's report once the copy succeeded
    PRIMARY KEY (job_id, region, registry_id)
) STRICT;

-- History: one row per check of one destination, also for checks that failed.
CREATE TABLE replication_job_checks (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES replication_jobs (id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    registry_id TEXT NOT NULL,
    checked_at REAL NOT NULL,
    method TEXT NOT NULL,                -- describe-images, replication-status, copy, eventbridge or deadline
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'missing', 'failed')),
    observed_digest TEXT,
    error TEXT
) STRICT;

CREATE INDEX replication_job_checks_job ON replication_job_checks (job_id, id);

-- Webhook deliveries with their outcome. A delivery id is accepted at most once per source.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('ci', 'eventbridge')),
    delivery_id TEXT,
    received_at REAL NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'duplicate', 'ignored')),
    reason TEXT,
    job_id INTEGER REFERENCES replication_jobs (id) ON DELETE SET NULL
) STRICT;

CREATE UNIQUE INDEX webhook_deliveries_accepted ON webhook_deliveries (source, delivery_id)
    WHERE outcome = 'accepted';
