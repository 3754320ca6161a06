#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/<target>/ from the string literals of the unit tests.

Each target takes the literals that look like its input: HTTP requests for the parser targets, lifecycle and
replication documents for the validators, JSON and XML error bodies for the AWS error parsers. Interpolations
such as \\(name) stay in the seed as text, which libFuzzer mutates like any other byte. A seed's file name is
the SHA-1 of its content, as libFuzzer names the inputs it adds, so rerunning the script adds no duplicates.

Usage: scripts/fuzz-seeds.py     (run from anywhere; rewrites nothing that exists)
"""
import hashlib
import hmac
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "Corpus"

# Raw strings #"..."# first, then ordinary one-line literals with Swift escapes.
RAW = re.compile(r'#"(.*?)"#', re.S)
PLAIN = re.compile(r'(?<![#\\])"((?:[^"\\\n]|\\.)*)"')
ESCAPES = {"r": "\r", "n": "\n", "t": "\t", "0": "\0", '"': '"', "\\": "\\", "'": "'"}
# The HTTP targets read their first byte as the split position; 0x80 splits a seed in the middle.
SPLIT_MIDDLE = b"\x80"
CHUNKED_HEAD_END = "Transfer-Encoding: chunked\r\n\r\n"


def unescape(text):
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def literals(paths):
    for path in paths:
        source = (ROOT / path).read_text()
        yield from (m.group(1) for m in RAW.finditer(source))
        yield from (unescape(m.group(1)) for m in PLAIN.finditer(RAW.sub("", source)))


def http_requests():
    for text in literals(["Tests/HTTPServerTests/HTTPRequestParserTests.swift"]):
        if " HTTP/1." in text:
            yield SPLIT_MIDDLE + text.encode()


def chunked_bodies():
    for text in literals(["Tests/HTTPServerTests/HTTPRequestParserTests.swift"]):
        if CHUNKED_HEAD_END in text:
            yield SPLIT_MIDDLE + text.split(CHUNKED_HEAD_END, 1)[1].encode()
    yield SPLIT_MIDDLE + b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-Field: x\r\n\r\n"


def documents(paths):
    for text in literals(paths):
        if '"rules"' in text or '"rulePriority"' in text or '"destinations"' in text:
            yield text.encode()


def error_bodies(marker):
    for text in literals(["Tests/AWSClientTests/Protocols/ErrorParsingTests.swift"]):
        if marker in text:
            yield text.encode()
    if marker == "<":
        # The query protocol's error shape as SNS, STS and CloudWatch return it.
        yield (
            b'<ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>'
            b"<Code>NotFound</Code><Message>Topic does not exist</Message></Error>"
            b"<RequestId>9a8b7c6d-0000-1111-2222-333344445555</RequestId></ErrorResponse>"
        )


def webhook_deliveries():
    """Signature headers from the tests, each alone and as a delivery with a timestamp and a JSON body."""
    for text in literals(["Tests/ControlPlaneTests/WebhookSignatureTests.swift"]):
        if text.startswith("sha256=") or text.startswith("SHA256="):
            yield text.encode()
            yield (text + "\n1800000000\n" + '{"repository": "app", "tag": "v1", "digest": "sha256:00"}').encode()
    # A delivery whose signature is the real HMAC of its body under the fuzz target's secret.
    body = b'{"repository": "app", "tag": "v1"}'
    mac = hmac.new(b"fuzz-webhook-secret", body, hashlib.sha256).hexdigest()
    yield b"sha256=" + mac.encode() + b"\n1800000000\n" + body


TARGETS = {
    "FuzzHTTPRequestParser": lambda: http_requests(),
    "FuzzChunkedBody": lambda: chunked_bodies(),
    "FuzzLifecyclePolicy": lambda: documents(
        ["Tests/ControlPlaneTests/LifecycleValidatorTests.swift", "Tests/APITests/LifecyclePolicyTests.swift"]
    ),
    "FuzzReplicationConfiguration": lambda: documents(
        ["Tests/ControlPlaneTests/ReplicationConfigurationTests.swift", "Tests/APITests/ReplicationConfigurationTests.swift"]
    ),
    "FuzzAWSErrorJSON": lambda: error_bodies("__type"),
    "FuzzAWSErrorQueryXML": lambda: error_bodies("<"),
    "FuzzWebhookSignature": lambda: webhook_deliveries(),
}


def main():
    for target, seeds in TARGETS.items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for seed in seeds():
            path = folder / hashlib.sha1(seed).hexdigest()
            if not path.exists():
                path.write_bytes(seed)
                written += 1
        print(f"{target}: {written} new seeds, {len(list(folder.iterdir()))} in total")


if __name__ == "__main__":
    main()
