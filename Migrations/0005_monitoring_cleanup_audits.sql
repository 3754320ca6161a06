-- Cleanup runs: the plan a run made and, once applied, the outcome of each planned image. Apply deletes
-- exactly the rows stored here, so images pushed after planning are never touched.
CREATE TABLE cleanup_runs (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    -- The policy the plan was made with, as JSON.
    policy TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('planned', 'applying', 'applied')),
    applied_at TEXT,
    applied_by TEXT
) STRICT;

CREATE TABLE cleanup_run_images (
    run_id INTEGER NOT NULL REFERENCES cleanup_runs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    region TEXT NOT NULL,
    registry_id TEXT,
    repository TEXT NOT NULL,
    image_digest TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- NULL until applied; then 'deleted' or 'failed'.
    outcome TEXT CHECK (outcome IN ('deleted', 'failed')),
    failure_code TEXT,
    failure_reason TEXT,
    PRIMARY KEY (run_id, position),
    UNIQUE (run_id, region, repository, image_digest)
) STRICT;

-- Drift audits: one row per run and one per finding, with the fix that remediation applies.
CREATE TABLE drift_audits (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    repositories_checked INTEGER NOT NULL,
    -- Checks that could not run (AWS errors), as a JSON array of strings.
    errors TEXT NOT NULL
) STRICT;

CREATE TABLE drift_findings (
    audit_id INTEGER NOT NULL REFERENCES drift_audits (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    region TEXT NOT NULL,
    registry_id TEXT,
    repository TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    fix TEXT NOT NULL,
    -- The remediation action and its inputs as JSON; NULL when the fix is manual.
    remediation TEXT,
    -- NULL until remediation runs; then 'remediated' or 'failed'.
    remediation_outcome TEXT CHECK (remediation_outcome IN ('remediated', 'failed')),
    remediation_error TEXT,
    remediated_at TEXT,
    PRIMARY KEY (audit_id, id)
) STRICT;
