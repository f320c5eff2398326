"""ECR repositories and Secrets Manager secrets of the sample estate, with the
resource policies the access policies judge (docs/access-analysis.md).

Deterministic and free of the shared random stream, so adding these files does
not change any other file of the estate.
"""

import json

from estate_lib import REGIONS

PARTNER = "999988887777"  # a vendor outside the company


def _j(doc):
    return json.dumps(doc, separators=(",", ":"))


def _policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


# (account label, region) -> [(repository name, policy or None)]
REPOSITORIES = {
    ("prod", "us-east-1"): [
        ("storefront", lambda ctx: _policy({
            "Sid": "CiPush", "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ctx.id}:role/ci-deployer"},
            "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                       "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability"]})),
        ("base-images", lambda ctx: _policy({
            "Sid": "VendorPull", "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]})),
    ],
    ("dev", "us-east-1"): [
        ("public-tools", lambda ctx: _policy({
            "Sid": "AnyonePull", "Effect": "Allow", "Principal": "*",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]})),
        ("scratch", None),
    ],
}

# (account label, region) -> [(secret name, policy or None)]
SECRETS = {
    ("prod", "us-east-1"): [
        ("prod/storefront/db-password", None),
        ("prod/partner-api-key", lambda ctx, arn: _policy({
            "Sid": "VendorRead", "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:role/integration"},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*"})),
    ],
    ("dev", "us-east-1"): [
        ("dev/test-token", lambda ctx, arn: _policy({
            "Sid": "AnyOrg", "Effect": "Allow", "Principal": {"AWS": "*"},
            "Action": "secretsmanager:GetSecretValue", "Resource": "*",
            "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}})),
    ],
}


def write_ecr(ctx, region):
    repos = []
    for name, policy in REPOSITORIES.get((ctx.label, region), []):
        arn = ctx.arn("ecr", region, f"repository/{name}")
        repos.append({
            "repositoryArn": arn, "registryId": ctx.id, "repositoryName": name,
            "repositoryUri": f"{ctx.id}.dkr.ecr.{region}.amazonaws.com/{name}",
            "createdAt": "2025-03-04T10:00:00+00:00", "imageTagMutability": "IMMUTABLE",
            "imageScanningConfiguration": {"scanOnPush": True},
            "encryptionConfiguration": {"encryptionType": "AES256"}})
        if policy is None:
            ctx.error(region, "ecr", "GetRepositoryPolicy", "RepositoryPolicyNotFoundException",
                      f"Repository policy does not exist for the repository with name '{name}' "
                      f"in the registry with id '{ctx.id}'", key=name)
        else:
            ctx.put(region, "ecr", "GetRepositoryPolicy",
                    {"registryId": ctx.id, "repositoryName": name, "policyText": _j(policy(ctx))}, key=name)
        ctx.put(region, "ecr", "ListTagsForResource",
                {"tags": [{"Key": "Environment", "Value": ctx.env}]}, key=arn)
    ctx.put(region, "ecr", "DescribeRepositories", {"repositories": repos})
    return len(repos)


def write_secrets(ctx, region):
    secrets = []
    for i, (name, policy) in enumerate(SECRETS.get((ctx.label, region), [])):
        arn = ctx.arn("secretsmanager", region, f"secret:{name}-a1b2c{i}")
        secrets.append({"ARN": arn, "Name": name, "LastChangedDate": "2026-10-01T08:00:00+00:00",
                        "Tags": [{"Key": "Environment", "Value": ctx.env}],
                        "SecretVersionsToStages": {"v1": ["AWSCURRENT"]}})
        out = {"ARN": arn, "Name": name}
        if policy is not None:
            out["ResourcePolicy"] = _j(policy(ctx, arn))
        ctx.put(region, "secretsmanager", "GetResourcePolicy", out, key=arn)
    ctx.put(region, "secretsmanager", "ListSecrets", {"SecretList": secrets})
    return len(secrets)


def write_registries(ctx):
    return sum(write_ecr(ctx, region) + write_secrets(ctx, region) for region in REGIONS)
