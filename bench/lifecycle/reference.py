#!/usr/bin/env python3
"""Straightforward reference for the lifecycle preview benchmark.

Reads the images written by the Swift harness and the same policy, and prints the same summary line.
The semantics are ECR's: rules run by ascending priority and an image is expired by one rule at most.
A rule counts images that an earlier rule selected but cannot expire them. Images are ordered newest
first by push time, ties broken by digest. Kept manifest lists protect the images they reference.

Usage: reference.py POLICY_JSON IMAGES_TSV
"""
import json
import re
import resource
import sys
import time

NOW = 1_800_000_000


def pattern_regex(pattern):
    return re.compile(".*".join(re.escape(piece) for piece in pattern.split("*")), re.DOTALL)


def selects(selection, tags):
    status = selection["tagStatus"]
    if status == "any":
        return True
    if status == "untagged":
        return not tags
    if not tags:
        return False
    if "tagPrefixList" in selection:
        return all(any(tag.startswith(prefix) for tag in tags) for prefix in selection["tagPrefixList"])
    return all(any(regex.fullmatch(tag) for tag in tags) for regex in selection["_regexes"])


def evaluate(policy, digests, pushed, tags, children):
    count = len(digests)
    order = sorted(range(count), key=lambda i: (-pushed[i], digests[i], i))
    expiring = [None] * count
    selected_earlier = [False] * count
    for rule in sorted(policy["rules"], key=lambda r: r["rulePriority"]):
        selection = rule["selection"]
        if "tagPatternList" in selection:
            selection["_regexes"] = [pattern_regex(p) for p in selection["tagPatternList"]]
        cutoff = NOW - selection["countNumber"] * 86_400
        rank = 0
        for i in order:
            if not selects(selection, tags[i]):
                continue
            if selection["countType"] == "imageCountMoreThan":
                candidate = rank >= selection["countNumber"]
            else:
                candidate = pushed[i] < cutoff
            if candidate and not selected_earlier[i]:
                expiring[i] = rule["rulePriority"]
            selected_earlier[i] = True
            rank += 1
    index_of = {}
    for i, digest in enumerate(digests):
        index_of.setdefault(digest, []).append(i)
    pending = [digests[i] for i in range(count) if expiring[i] is None]
    visited = set(pending)
    while pending:
        parent = pending.pop()
        for child in children.get(parent, []):
            if child in visited:
                continue
            visited.add(child)
            pending.append(child)
            for i in index_of.get(child, []):
                expiring[i] = None
    return expiring


def main():
    policy = json.load(open(sys.argv[1]))
    digests, pushed, tags, children = [], [], [], {}
    with open(sys.argv[2]) as handle:
        for line in handle:
            digest, seconds, tag_text, child_text = line.rstrip("\n").split("\t")
            digests.append(digest)
            pushed.append(int(seconds))
            tags.append(tag_text.split(",") if tag_text else [])
            if child_text:
                children[digest] = child_text.split(",")
    start = time.perf_counter()
    expiring = evaluate(policy, digests, pushed, tags, children)
    elapsed = time.perf_counter() - start
    checksum = 0xCBF29CE484222325
    per_rule = {}
    for digest, rule in zip(digests, expiring):
        if rule is None:
            continue
        per_rule[rule] = per_rule.get(rule, 0) + 1
        for byte in f"{digest}:{rule};".encode():
            checksum = ((checksum ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    print(json.dumps({
        "implementation": "python-reference",
        "images": len(digests),
        "expired": sum(per_rule.values()),
        "expiredPerRule": {str(k): per_rule[k] for k in sorted(per_rule)},
        "checksum": format(checksum, "x"),
        "evaluateSeconds": round(elapsed, 4),
        "maxRSSKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
