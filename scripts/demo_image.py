"""Image helper for `make demo`: pushes a small image the way a registry client does, and copies a
manifest into another region to stand in for ECR replication, which the local emulator does not do.

Usage:
  demo_image.py push REGION REPOSITORY TAG       prints the image digest (sha256 of the manifest);
                                                 an empty TAG pushes an untagged image
  demo_image.py replicate SOURCE_REGION DESTINATION_REGION REPOSITORY DIGEST

AWS credentials come from the usual AWS_* environment variables; AWS_ENDPOINT_URL must name the emulator.
"""

import hashlib
import json
import os
import sys

import boto3

MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_MEDIA_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def ecr(region):
    # The endpoint is passed explicitly so that the helper never reaches real AWS by accident.
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        sys.exit("demo_image: AWS_ENDPOINT_URL is not set; the demo runs only against the local emulator")
    return boto3.client("ecr", region_name=region, endpoint_url=endpoint)


def upload_blob(client, repository, blob):
    """Uploads one blob in a single part, as `docker push` does for small layers; returns its digest."""
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    present = client.batch_check_layer_availability(repositoryName=repository, layerDigests=[digest])
    if present["layers"] and present["layers"][0].get("layerAvailability") == "AVAILABLE":
        return digest
    upload = client.initiate_layer_upload(repositoryName=repository)
    client.upload_layer_part(
        repositoryName=repository,
        uploadId=upload["uploadId"],
        partFirstByte=0,
        partLastByte=len(blob) - 1,
        layerPartBlob=blob,
    )
    client.complete_layer_upload(repositoryName=repository, uploadId=upload["uploadId"], layerDigests=[digest])
    return digest


def push(region, repository, tag):
    client = ecr(region)
    # Distinct bytes per run, so every demo pushes an image with a new digest.
    nonce = os.urandom(16).hex()
    layers = [f"demo layer {index} {nonce}\n".encode() * 64 for index in range(2)]
    layer_digests = [upload_blob(client, repository, layer) for layer in layers]

    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": layer_digests},
            "config": {"Labels": {"demo.nonce": nonce}},
        },
        sort_keys=True,
    ).encode()
    config_digest = upload_blob(client, repository, config)

    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {"mediaType": CONFIG_MEDIA_TYPE, "size": len(config), "digest": config_digest},
            "layers": [
                {"mediaType": LAYER_MEDIA_TYPE, "size": len(layer), "digest": digest}
                for layer, digest in zip(layers, layer_digests)
            ],
        },
        indent=3,
    )

    expected = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    # ECR computes the digest of the manifest bytes itself; moto does not, so the digest is sent too, which
    # the PutImage API allows.
    result = client.put_image(
        repositoryName=repository,
        imageManifest=manifest,
        imageManifestMediaType=MANIFEST_MEDIA_TYPE,
        imageDigest=expected,
        **({"imageTag": tag} if tag else {}),
    )

    digest = result["image"]["imageId"]["imageDigest"]
    if digest != expected:
        sys.exit(f"demo_image: the registry returned digest {digest}, expected {expected}")
    print(digest)


def replicate(source_region, destination_region, repository, digest):
    source = ecr(source_region)
    destination = ecr(destination_region)
    images = source.batch_get_image(
        repositoryName=repository,
        imageIds=[{"imageDigest": digest}],
        acceptedMediaTypes=[MANIFEST_MEDIA_TYPE],
    )["images"]
    if not images:
        sys.exit(f"demo_image: digest {digest} not found in {repository} in {source_region}")
    try:
        destination.create_repository(repositoryName=repository)
    except destination.exceptions.RepositoryAlreadyExistsException:
        pass
    # ECR replication keeps the tags, so each one is put with the same manifest.
    details = source.describe_images(repositoryName=repository, imageIds=[{"imageDigest": digest}])["imageDetails"]
    for tag in details[0].get("imageTags") or [None]:
        destination.put_image(
            repositoryName=repository,
            imageManifest=images[0]["imageManifest"],
            imageManifestMediaType=images[0].get("imageManifestMediaType", MANIFEST_MEDIA_TYPE),
            imageDigest=digest,
            **({"imageTag": tag} if tag else {}),
        )


def main(arguments):
    if len(arguments) == 4 and arguments[0] == "push":
        push(*arguments[1:])
    elif len(arguments) == 5 and arguments[0] == "replicate":
        replicate(*arguments[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
