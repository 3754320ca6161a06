"""Signs the same ECR DescribeImages request as the Swift benchmark with botocore's SigV4Auth for a fixed
time and prints the rate as `botocore signatures_per_second=N`.

Usage: botocore_sigv4.py [SECONDS]
"""
import sys
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = b'{"maxResults":100,"repositoryName":"team/app"}'
HEADERS = {
    "Content-Type": "application/x-amz-json-1.1",
    "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeImages",
}
CREDENTIALS = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def sign_once(signer):
    request = AWSRequest(method="POST", url="https://api.ecr.us-east-1.amazonaws.com/", data=BODY,
                         headers=dict(HEADERS))
    signer.add_auth(request)
    return len(request.headers["Authorization"])


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    signer = SigV4Auth(CREDENTIALS, "ecr", "us-east-1")
    for _ in range(200):
        sign_once(signer)
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            sign_once(signer)
        count += 50
    elapsed = time.perf_counter() - start
    print(f"botocore signatures_per_second={int(count / elapsed)}")


if __name__ == "__main__":
    main()
