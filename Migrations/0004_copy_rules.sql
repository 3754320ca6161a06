-- Copy rules: an image in a repository whose name starts with repository_prefix, and whose tag matches
-- tag_pattern when the rule has one, is copied to every destination of the rule.
CREATE TABLE copy_rules (
    id INTEGER PRIMARY KEY,
    repository_prefix TEXT NOT NULL,
    tag_pattern TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
) STRICT;

-- Two rules with the same prefix and tag pattern select the same images, so the second one is a conflict.
-- An empty pattern is never valid, so the index uses it for "no pattern".
CREATE UNIQUE INDEX copy_rules_selection ON copy_rules (repository_prefix, ifnull(tag_pattern, ''));

-- The destinations of each rule, in the order the rule lists them.
CREATE TABLE copy_rule_destinations (
    rule_id INTEGER NOT NULL REFERENCES copy_rules (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    region TEXT NOT NULL,
    registry_id TEXT NOT NULL,
    PRIMARY KEY (rule_id, position),
    UNIQUE (rule_id, region, registry_id)
) STRICT;
