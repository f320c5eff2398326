"""S3 buckets of the sample estate (<account>/global/s3): ListBuckets and every
per-bucket call. Bucket spec keys: name, app, region, acl ("private", "AllUsers",
"AuthenticatedUsers", "log-delivery"), policy (None, "public", "public-aws",
"vpce", "tls-only", "cloudtrail", "elb-logs", "denied"), block (None, "all",
"partial"), encryption (None, "AES256", "aws:kms"), versioning, logging,
lifecycle, untagged, website (None: NoSuchWebsiteConfiguration, "site", "redirect").
"""

import json

from estate_lib import rng, std_tags, when

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"

BUCKETS = {
    "prod": [
        dict(name="acme-prod-logs", app="platform", acl="log-delivery", policy="elb-logs", block="all",
             encryption="AES256", versioning=True, lifecycle=True),
        dict(name="acme-prod-assets", app="storefront", policy="public", encryption="AES256", logging=True),
        dict(name="acme-prod-backups", app="payments", block="all", encryption="aws:kms", versioning=True,
             logging=True, lifecycle=True),
        dict(name="acme-prod-uploads", app="storefront", acl="AllUsers", block="partial", encryption="AES256"),
        dict(name="acme-prod-data-lake", app="data-pipeline", policy="vpce", encryption="aws:kms", versioning=True,
             logging=True),
        dict(name="acme-prod-reports", app="reporting", policy="denied", encryption="AES256"),
        dict(name="acme-terraform-state", app="platform", policy="tls-only", block="all", encryption="aws:kms",
             versioning=True),
        dict(name="acme-prod-eu-archive", app="reporting", region="eu-west-1", untagged=True),
    ],
    "dev": [
        dict(name="dev-scratch-2024", app="data-pipeline", acl="AllUsers", untagged=True),
        dict(name="acme-dev-artifacts", app="platform", encryption="AES256", versioning=True),
        dict(name="acme-dev-website", app="storefront", policy="public-aws", encryption="AES256",
             website="site"),
        dict(name="acme-dev-logs", app="platform", acl="log-delivery", block="all", encryption="AES256",
             lifecycle=True),
        dict(name="acme-dev-ml-datasets", app="data-pipeline", acl="AuthenticatedUsers", encryption="AES256"),
        dict(name="acme-dev-tmp-eu", app=None, region="eu-west-1", untagged=True),
    ],
    "security": [
        dict(name="acme-security-cloudtrail", app="security-tooling", policy="cloudtrail", block="all",
             encryption="aws:kms", versioning=True, mfa_delete=True, logging=True, lifecycle=True),
        dict(name="acme-security-logs", app="security-tooling", acl="log-delivery", block="all",
             encryption="AES256", versioning=True, lifecycle=True),
        dict(name="acme-security-config", app="security-tooling", policy="tls-only", block="all",
             encryption="AES256", versioning=True),
        dict(name="acme-security-athena-results", app="security-tooling", block="all", encryption="AES256",
             region="eu-west-1"),
    ],
}


def _policy(kind, bucket, account):
    arn = f"arn:aws:s3:::{bucket}"
    tls = {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
           "Resource": [arn, arn + "/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    if kind == "public":
        st = [{"Sid": "PublicReadGetObject", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
               "Resource": arn + "/*"}]
    elif kind == "public-aws":
        st = [{"Sid": "Website", "Effect": "Allow", "Principal": {"AWS": "*"},
               "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [arn, arn + "/*"]}]
    elif kind == "vpce":
        st = [{"Sid": "VpceOnly", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
               "Resource": arn + "/*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}}},
              tls]
    elif kind == "tls-only":
        st = [tls]
    elif kind == "elb-logs":
        st = [{"Sid": "ElbLogDelivery", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::127311923021:root"},
               "Action": "s3:PutObject", "Resource": f"{arn}/AWSLogs/{account}/*"}, tls]
    elif kind == "cloudtrail":
        st = [{"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
               "Action": "s3:GetBucketAcl", "Resource": arn},
              {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
               "Action": "s3:PutObject", "Resource": f"{arn}/AWSLogs/*",
               "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}, tls]
    else:
        raise ValueError(kind)
    return {"Version": "2012-10-17", "Statement": st}


def write_s3(ctx, contexts):
    put = lambda op, data, key=None: ctx.put("global", "s3", op, data, key)  # noqa: E731
    owner = {"DisplayName": f"aws-{ctx.label}", "ID": ctx.canonical_id}
    listed = []
    for b in BUCKETS[ctx.label]:
        name = b["name"]
        ctx.buckets.append(name)
        listed.append({"Name": name, "CreationDate": when(rng.randrange(100, 1800))})
        grants = [{"Grantee": dict(owner, Type="CanonicalUser"), "Permission": "FULL_CONTROL"}]
        acl = b.get("acl", "private")
        if acl == "AllUsers":
            grants.append({"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"})
        elif acl == "AuthenticatedUsers":
            grants.append({"Grantee": {"Type": "Group", "URI": AUTH_USERS}, "Permission": "READ"})
        elif acl == "log-delivery":
            grants += [{"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": p}
                       for p in ("WRITE", "READ_ACP")]
        put("GetBucketAcl", {"Owner": owner, "Grants": grants}, name)
        policy = b.get("policy")
        if policy is None:
            for op in ("GetBucketPolicy", "GetBucketPolicyStatus"):
                ctx.error("global", "s3", op, "NoSuchBucketPolicy", "The bucket policy does not exist", name)
        elif policy == "denied":
            for op in ("GetBucketPolicy", "GetBucketPolicyStatus"):
                ctx.error("global", "s3", op, "AccessDenied", "Access Denied", name)
        else:
            doc = _policy(policy, name, ctx.id)
            put("GetBucketPolicy", {"Policy": json.dumps(doc, separators=(",", ":"))}, name)
            put("GetBucketPolicyStatus", {"PolicyStatus": {"IsPublic": policy in ("public", "public-aws")}}, name)
        block = b.get("block")
        if block is None:
            ctx.error("global", "s3", "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
                      "The public access block configuration was not found", name)
        else:
            on = block == "all"
            put("GetPublicAccessBlock", {"PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "IgnorePublicAcls": on, "BlockPublicPolicy": True,
                "RestrictPublicBuckets": on}}, name)
        enc = b.get("encryption")
        if enc is None:
            ctx.error("global", "s3", "GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError",
                      "The server side encryption configuration was not found", name)
        else:
            rule = {"SSEAlgorithm": enc}
            if enc == "aws:kms":
                region = b.get("region", "us-east-1")
                rule["KMSMasterKeyID"] = ctx.kms_keys[region][0]["Arn"]
            put("GetBucketEncryption", {"ServerSideEncryptionConfiguration": {"Rules": [
                {"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": enc == "aws:kms"}]}}, name)
        put("GetBucketVersioning", {"Status": "Enabled", "MFADelete": "Enabled" if b.get("mfa_delete") else "Disabled"}
            if b.get("versioning") else {},
            name)
        log_target = f"acme-{ctx.label}-logs"
        put("GetBucketLogging", {"LoggingEnabled": {"TargetBucket": log_target, "TargetPrefix": f"s3/{name}/"}}
            if b.get("logging") else {}, name)
        region = b.get("region", "us-east-1")
        put("GetBucketLocation", {"LocationConstraint": None if region == "us-east-1" else region}, name)
        if b.get("untagged") or not b.get("app"):
            ctx.error("global", "s3", "GetBucketTagging", "NoSuchTagSet", "The TagSet does not exist", name)
        else:
            put("GetBucketTagging", {"TagSet": std_tags(ctx, b["app"], partial=name.endswith("uploads"))}, name)
        if b.get("lifecycle"):
            put("GetBucketLifecycleConfiguration", {"Rules": [
                {"Expiration": {"Days": 365}, "ID": "expire-after-a-year", "Filter": {"Prefix": ""},
                 "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                 "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]}, name)
        else:
            ctx.error("global", "s3", "GetBucketLifecycleConfiguration", "NoSuchLifecycleConfiguration",
                      "The lifecycle configuration does not exist", name)
        website = b.get("website")
        if website == "site":
            put("GetBucketWebsite", {"IndexDocument": {"Suffix": "index.html"},
                                     "ErrorDocument": {"Key": "error.html"}}, name)
        elif website == "redirect":
            put("GetBucketWebsite", {"RedirectAllRequestsTo": {"HostName": "www.acme.example",
                                                               "Protocol": "https"}}, name)
        else:
            ctx.error("global", "s3", "GetBucketWebsite", "NoSuchWebsiteConfiguration",
                      "The specified bucket does not have a website configuration", name)
    put("ListBuckets", {"Buckets": listed, "Owner": owner})
    return len(listed)
