"""Application services of the sample estate: SNS, SQS, Lambda, ACM, EFS, DynamoDB,
CloudFront; plus the entry points for KMS/CloudTrail/Logs (estate_security.py)."""

import json

from estate_lib import REGIONS, hexid, rng, std_tags, upper_id, uuid, when
from estate_security import write_cloudtrail, write_kms, write_logs_and_alarms  # noqa: F401


def _j(doc):
    return json.dumps(doc, separators=(",", ":"))


def write_sns(ctx, region):
    names = ["security-alerts", "orders-events"] if region == "us-east-1" else ["security-alerts"]
    if ctx.label == "dev" and region == "us-east-1":
        names.append("dev-builds")
    topics = []
    for name in names:
        arn = ctx.arn("sns", region, name)
        topics.append({"TopicArn": arn})
        public = name == "dev-builds" or (name == "orders-events" and ctx.label == "prod")
        statements = [{"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
                       "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                                  "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                                  "SNS:ListSubscriptionsByTopic", "SNS:Publish"], "Resource": arn,
                       "Condition": {"StringEquals": {"AWS:SourceOwner": ctx.id}}}]
        if public:
            statements.append({"Sid": "AllowPublishFromPartners", "Effect": "Allow", "Principal": "*",
                               "Action": "SNS:Publish", "Resource": arn})
        attrs = {"Policy": _j({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": statements}),
                 "Owner": ctx.id, "SubscriptionsPending": "0", "TopicArn": arn,
                 "EffectiveDeliveryPolicy": _j({"http": {"defaultHealthyRetryPolicy": {
                     "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
                     "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear"},
                     "disableSubscriptionOverrides": False, "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"}}}),
                 "SubscriptionsConfirmed": "1", "DisplayName": "", "SubscriptionsDeleted": "0"}
        if name == "security-alerts" and ctx.label != "dev":
            attrs["KmsMasterKeyId"] = ctx.kms_keys[region][0]["Arn"]
        ctx.put(region, "sns", "GetTopicAttributes", {"Attributes": attrs}, key=arn)
        ctx.put(region, "sns", "ListSubscriptionsByTopic", {"Subscriptions": [
            {"SubscriptionArn": f"{arn}:{uuid()}", "Owner": ctx.id, "Protocol": "email",
             "Endpoint": "secops@acme.example" if name == "security-alerts" else "team-web@acme.example",
             "TopicArn": arn}]}, key=arn)
        ctx.put(region, "sns", "ListTagsForResource", {"Tags": std_tags(
            ctx, "security-tooling" if name == "security-alerts" else "storefront", missing=name == "dev-builds")},
            key=arn)
    ctx.put(region, "sns", "ListTopics", {"Topics": topics})
    return len(topics)


def write_sqs(ctx, region):
    names = {("prod", "us-east-1"): ["orders", "orders-dlq", "email-outbox"], ("prod", "eu-west-1"): ["orders-eu"],
             ("dev", "us-east-1"): ["orders", "scratch-queue"]}.get((ctx.label, region), [])
    urls = []
    for name in names:
        url = f"https://sqs.{region}.amazonaws.com/{ctx.id}/{name}"
        urls.append(url)
        arn = ctx.arn("sqs", region, name)
        attrs = {"QueueArn": arn, "ApproximateNumberOfMessages": str(rng.randrange(0, 40)),
                 "ApproximateNumberOfMessagesNotVisible": "0", "ApproximateNumberOfMessagesDelayed": "0",
                 "CreatedTimestamp": str(1700000000 + rng.randrange(0, 10**7)),
                 "LastModifiedTimestamp": str(1760000000 + rng.randrange(0, 10**6)), "VisibilityTimeout": "30",
                 "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600", "DelaySeconds": "0",
                 "ReceiveMessageWaitTimeSeconds": "20"}
        if name == "scratch-queue":
            attrs["SqsManagedSseEnabled"] = "false"
            attrs["Policy"] = _j({"Version": "2012-10-17", "Id": "anyone", "Statement": [
                {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "SQS:*", "Resource": arn}]})
        elif name.startswith("orders") and ctx.label == "prod":
            attrs["KmsMasterKeyId"] = ctx.kms_keys[region][0]["Arn"]
            attrs["KmsDataKeyReusePeriodSeconds"] = "300"
        else:
            attrs["SqsManagedSseEnabled"] = "true"
        if name == "orders" and ctx.label == "prod":
            attrs["RedrivePolicy"] = _j({"deadLetterTargetArn": ctx.arn("sqs", region, "orders-dlq"),
                                         "maxReceiveCount": 5})
        ctx.put(region, "sqs", "GetQueueAttributes", {"Attributes": attrs}, key=url)
        if name == "scratch-queue":
            ctx.put(region, "sqs", "ListQueueTags", {}, key=url)  # no tags: the CLI prints an empty object
        else:
            ctx.put(region, "sqs", "ListQueueTags", {"Tags": {"Application": "storefront", "Environment": ctx.env,
                                                              "Owner": ctx.owner("storefront")}}, key=url)
    ctx.put(region, "sqs", "ListQueues", {"QueueUrls": urls} if urls else {})
    return len(urls)


LAMBDA_FUNCTIONS = {
    ("prod", "us-east-1"): [("image-resizer", "python3.12", True, False), ("orders-webhook", "nodejs20.x", False, True),
                            ("nightly-export", "python3.11", True, False)],
    ("prod", "eu-west-1"): [("image-resizer-eu", "python3.12", True, False)],
    ("dev", "us-east-1"): [("legacy-cron", "python3.7", False, False), ("dev-webhook", "nodejs14.x", False, True),
                           ("thumbnailer", "python3.12", False, False)],
    ("security", "us-east-1"): [("guardduty-to-slack", "python3.12", False, False)]}


def lambda_count(ctx):
    """The account's functions: each has its own execution role (estate_iam.finish_iam)."""
    return sum(len(LAMBDA_FUNCTIONS.get((ctx.label, region), [])) for region in REGIONS)


def write_lambda(ctx, region):
    specs = LAMBDA_FUNCTIONS.get((ctx.label, region), [])
    functions = []
    for name, runtime, in_vpc, public in specs:
        arn = ctx.arn("lambda", region, "function:" + name)
        role = f"arn:aws:iam::{ctx.id}:role/service-role/{name}-role-{hexid('x', 8)[2:]}"
        ctx.lambda_roles.append((name, role, in_vpc))
        f = {"FunctionName": name, "FunctionArn": arn, "Runtime": runtime,
             "Role": role,
             "Handler": "index.handler" if runtime.startswith("node") else "app.handler",
             "CodeSize": rng.randrange(2000, 4000000), "Description": "", "Timeout": rng.choice([3, 30, 300]),
             "MemorySize": rng.choice([128, 256, 1024]),
             "LastModified": when(rng.randrange(5, 900))[:19] + ".000+0000",
             "CodeSha256": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                                   for _ in range(43)) + "=",
             "Version": "$LATEST"}
        if in_vpc:
            subnets = ctx.subnets[region]["private"]
            f["VpcConfig"] = {"SubnetIds": [s["SubnetId"] for s in subnets],
                              "SecurityGroupIds": [ctx.security_groups[region]["web-app"]["GroupId"]],
                              "VpcId": subnets[0]["VpcId"], "Ipv6AllowedForDualStack": False}
        f.update({"Environment": {"Variables": {"STAGE": ctx.env, "LOG_LEVEL": "info"}},
                  "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": uuid(), "PackageType": "Zip",
                  "Architectures": ["arm64" if runtime == "python3.12" else "x86_64"],
                  "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
                  "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}})
        functions.append(f)
        if public:
            ctx.put(region, "lambda", "GetPolicy", {"Policy": _j({"Version": "2012-10-17", "Id": "default", "Statement": [
                {"Sid": "public-webhook", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction",
                 "Resource": arn}]}), "RevisionId": f["RevisionId"]}, key=name)
        elif name == "image-resizer":
            ctx.put(region, "lambda", "GetPolicy", {"Policy": _j({"Version": "2012-10-17", "Id": "default", "Statement": [
                {"Sid": "s3-invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                 "Action": "lambda:InvokeFunction", "Resource": arn,
                 "Condition": {"StringEquals": {"AWS:SourceAccount": ctx.id},
                               "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::acme-prod-uploads"}}}]}),
                "RevisionId": f["RevisionId"]}, key=name)
        else:
            ctx.error(region, "lambda", "GetPolicy", "ResourceNotFoundException",
                      "The resource you requested does not exist.", key=name)
        app = {"image": "storefront", "orders": "payments", "nightly": "reporting"}.get(name.split("-")[0], "platform")
        ctx.put(region, "lambda", "ListTags", {"Tags": {t["Key"]: t["Value"] for t in std_tags(
            ctx, app, missing=runtime in ("python3.7", "nodejs14.x"))}}, key=arn)
    ctx.put(region, "lambda", "ListFunctions", {"Functions": functions})
    return len(functions)


def write_acm(ctx, region):
    specs = {("prod", "us-east-1"): [("www.acme.example", "AMAZON_ISSUED", 200, True), ("api.acme.example", "AMAZON_ISSUED", 300, True)],
             ("prod", "eu-west-1"): [("eu.acme.example", "IMPORTED", -12, False)],
             ("dev", "us-east-1"): [("dev.acme.example", "IMPORTED", 20, True)],
             ("security", "us-east-1"): [("siem.acme.internal", "AMAZON_ISSUED", 250, True)]}.get((ctx.label, region), [])
    summaries = []
    for domain, kind, days_left, in_use in specs:
        arn = ctx.arn("acm", region, "certificate/" + uuid())
        not_after, not_before = when(-days_left), when(395 - days_left)
        status = "EXPIRED" if days_left < 0 else "ISSUED"
        renewal = "ELIGIBLE" if kind == "AMAZON_ISSUED" and in_use else "INELIGIBLE"
        summaries.append({"CertificateArn": arn, "DomainName": domain, "SubjectAlternativeNameSummaries": [domain],
                          "HasAdditionalSubjectAlternativeNames": False, "Status": status, "Type": kind,
                          "KeyAlgorithm": "RSA-2048", "KeyUsages": ["DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"],
                          "ExtendedKeyUsages": ["TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"],
                          "InUse": in_use, "RenewalEligibility": renewal, "NotBefore": not_before,
                          "NotAfter": not_after, "CreatedAt": not_before,
                          **({"IssuedAt": not_before} if kind == "AMAZON_ISSUED" else {"ImportedAt": not_before})})
        cert = {"CertificateArn": arn, "DomainName": domain, "SubjectAlternativeNames": [domain],
                "Serial": ":".join("%02x" % rng.randrange(256) for _ in range(16)), "Subject": f"CN={domain}",
                "Issuer": "Amazon" if kind == "AMAZON_ISSUED" else "Acme Internal CA", "CreatedAt": not_before,
                "Status": status, "NotBefore": not_before, "NotAfter": not_after, "KeyAlgorithm": "RSA-2048",
                "SignatureAlgorithm": "SHA256WITHRSA", "InUseBy": [], "Type": kind,
                "KeyUsages": [{"Name": "DIGITAL_SIGNATURE"}, {"Name": "KEY_ENCIPHERMENT"}],
                "ExtendedKeyUsages": [{"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"},
                                      {"Name": "TLS_WEB_CLIENT_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.2"}],
                "RenewalEligibility": renewal,
                "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"}}
        if kind == "AMAZON_ISSUED":
            cert["IssuedAt"] = not_before
            cert["DomainValidationOptions"] = [{"DomainName": domain, "ValidationDomain": domain,
                                                "ValidationStatus": "SUCCESS", "ValidationMethod": "DNS",
                                                "ResourceRecord": {"Name": f"_{hexid('x', 32)[2:]}.{domain}.",
                                                                   "Type": "CNAME",
                                                                   "Value": f"_{hexid('x', 32)[2:]}.acm-validations.aws."}}]
        else:
            cert["ImportedAt"] = not_before
        ctx.put(region, "acm", "DescribeCertificate", {"Certificate": cert}, key=arn)
        ctx.put(region, "acm", "ListTagsForCertificate", {"Tags": std_tags(ctx, "storefront", missing=kind == "IMPORTED")},
                key=arn)
    ctx.put(region, "acm", "ListCertificates", {"CertificateSummaryList": summaries})
    ctx.certificates = getattr(ctx, "certificates", {})
    ctx.certificates[region] = [s["CertificateArn"] for s in summaries]
    return len(summaries)


def write_efs(ctx, region):
    specs = {("prod", "us-east-1"): [("shared-media", True, True, False)],
             ("prod", "eu-west-1"): [("eu-archive-share", True, True, False)],
             ("dev", "us-east-1"): [("dev-home", False, False, True)]}.get((ctx.label, region), [])
    systems = []
    for name, encrypted, backup, open_policy in specs:
        fid = hexid("fs")
        arn = ctx.arn("elasticfilesystem", region, "file-system/" + fid)
        fs = {"OwnerId": ctx.id, "CreationToken": f"console-{uuid()}", "FileSystemId": fid, "FileSystemArn": arn,
              "CreationTime": when(rng.randrange(100, 700)), "LifeCycleState": "available", "Name": name,
              "NumberOfMountTargets": 2, "SizeInBytes": {"Value": 6144 * rng.randrange(1, 10**6), "ValueInIA": 0,
                                                         "ValueInStandard": 6144, "ValueInArchive": 0},
              "PerformanceMode": "generalPurpose", "Encrypted": encrypted}
        if encrypted:
            fs["KmsKeyId"] = ctx.kms_keys[region][0]["Arn"]
        fs.update({"ThroughputMode": "bursting", "Tags": std_tags(ctx, "storefront", name=name, missing=name == "dev-home"),
                   "FileSystemProtection": {"ReplicationOverwriteProtection": "ENABLED"}})
        systems.append(fs)
        if open_policy:
            ctx.put(region, "efs", "DescribeFileSystemPolicy", {"FileSystemId": fid, "Policy": _j({
                "Version": "2012-10-17", "Id": "efs-policy", "Statement": [
                    {"Sid": "any", "Effect": "Allow", "Principal": {"AWS": "*"},
                     "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                     "Resource": arn}]})}, key=fid)
        else:
            ctx.error(region, "efs", "DescribeFileSystemPolicy", "PolicyNotFound",
                      f"File System: {fid} does not have a policy.", key=fid)
        ctx.put(region, "efs", "DescribeBackupPolicy", {"BackupPolicy": {"Status": "ENABLED" if backup else "DISABLED"}},
                key=fid)
    ctx.put(region, "efs", "DescribeFileSystems", {"FileSystems": systems})
    return len(systems)


def write_dynamodb(ctx, region):
    specs = {("prod", "us-east-1"): [("orders", True, True), ("sessions", False, False)],
             ("prod", "eu-west-1"): [("orders-eu", True, True)],
             ("dev", "us-east-1"): [("orders-dev", False, False)],
             ("security", "us-east-1"): [("terraform-locks", True, True)]}.get((ctx.label, region), [])
    names = []
    for name, kms, pitr in specs:
        names.append(name)
        arn = ctx.arn("dynamodb", region, "table/" + name)
        table = {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                          {"AttributeName": "sk", "AttributeType": "S"}],
                 "TableName": name, "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "TableStatus": "ACTIVE", "CreationDateTime": when(rng.randrange(60, 900)),
                 "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
                 "TableSizeBytes": rng.randrange(10**4, 10**9), "ItemCount": rng.randrange(100, 10**6),
                 "TableArn": arn, "TableId": uuid(),
                 "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST",
                                        "LastUpdateToPayPerRequestDateTime": when(400)}}
        if kms:
            table["SSEDescription"] = {"Status": "ENABLED", "SSEType": "KMS",
                                       "KMSMasterKeyArn": ctx.kms_keys[region][0]["Arn"]}
        table["DeletionProtectionEnabled"] = kms
        ctx.put(region, "dynamodb", "DescribeTable", {"Table": table}, key=name)
        backups = {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {
            "PointInTimeRecoveryStatus": "ENABLED" if pitr else "DISABLED"}}
        if pitr:
            backups["PointInTimeRecoveryDescription"].update({"EarliestRestorableDateTime": when(35),
                                                              "LatestRestorableDateTime": when(0.01),
                                                              "RecoveryPeriodInDays": 35})
        ctx.put(region, "dynamodb", "DescribeContinuousBackups", {"ContinuousBackupsDescription": backups}, key=name)
        ctx.put(region, "dynamodb", "ListTagsOfResource", {"Tags": std_tags(ctx, "payments", missing=not kms)}, key=arn)
    ctx.put(region, "dynamodb", "ListTables", {"TableNames": names})
    return len(names)


def write_cloudfront(ctx):
    specs = {"prod": [("www.acme.example", "acme-prod-assets", "redirect-to-https", "TLSv1.2_2021", True),
                      ("legacy.acme.example", "acme-prod-uploads", "allow-all", "TLSv1", False)],
             "dev": [("dev-cdn", "acme-dev-website", "allow-all", None, False)]}.get(ctx.label, [])
    items = []
    for alias, bucket, viewer, tls, logging in specs:
        did = "E" + upper_id("", 13)
        arn = f"arn:aws:cloudfront::{ctx.id}:distribution/{did}"
        domain = f"d{hexid('x', 13)[2:]}.cloudfront.net"
        aliases = {"Quantity": 0} if "." not in alias else {"Quantity": 1, "Items": [alias]}
        origin = {"Id": f"{bucket}.s3.us-east-1.amazonaws.com", "DomainName": f"{bucket}.s3.us-east-1.amazonaws.com",
                  "OriginPath": "", "CustomHeaders": {"Quantity": 0},
                  "S3OriginConfig": {"OriginAccessIdentity": ""}, "ConnectionAttempts": 3, "ConnectionTimeout": 10,
                  "OriginShield": {"Enabled": False}, "OriginAccessControlId": uuid() if tls else ""}
        if tls:
            cert = {"CloudFrontDefaultCertificate": False, "ACMCertificateArn": ctx.certificates["us-east-1"][0],
                    "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": tls,
                    "Certificate": ctx.certificates["us-east-1"][0], "CertificateSource": "acm"}
        else:
            cert = {"CloudFrontDefaultCertificate": True, "SSLSupportMethod": "vip", "MinimumProtocolVersion": "TLSv1",
                    "CertificateSource": "cloudfront"}
        behavior = {"TargetOriginId": origin["Id"], "TrustedSigners": {"Enabled": False, "Quantity": 0},
                    "TrustedKeyGroups": {"Enabled": False, "Quantity": 0}, "ViewerProtocolPolicy": viewer,
                    "AllowedMethods": {"Quantity": 2, "Items": ["HEAD", "GET"],
                                       "CachedMethods": {"Quantity": 2, "Items": ["HEAD", "GET"]}},
                    "SmoothStreaming": False, "Compress": True, "LambdaFunctionAssociations": {"Quantity": 0},
                    "FunctionAssociations": {"Quantity": 0}, "FieldLevelEncryptionId": "",
                    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}
        common = {"Aliases": aliases, "Origins": {"Quantity": 1, "Items": [origin]}, "OriginGroups": {"Quantity": 0},
                  "DefaultCacheBehavior": behavior, "CacheBehaviors": {"Quantity": 0},
                  "CustomErrorResponses": {"Quantity": 0}, "Comment": f"{alias} static site",
                  "PriceClass": "PriceClass_100", "Enabled": True, "ViewerCertificate": cert,
                  "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}},
                  "WebACLId": f"arn:aws:wafv2:us-east-1:{ctx.id}:global/webacl/edge/{uuid()}" if tls else "",
                  "HttpVersion": "http2", "IsIPV6Enabled": True}
        items.append(dict({"Id": did, "ARN": arn, "Status": "Deployed", "LastModifiedTime": when(30)[:19] + ".512000+00:00",
                           "DomainName": domain}, **common, Staging=False))
        config = dict({"CallerReference": str(rng.randrange(10**12, 10**13))}, **common)
        config["DefaultRootObject"] = "index.html"
        config["Logging"] = ({"Enabled": True, "IncludeCookies": False, "Bucket": f"acme-{ctx.label}-logs.s3.amazonaws.com",
                              "Prefix": "cloudfront/"} if logging else
                             {"Enabled": False, "IncludeCookies": False, "Bucket": "", "Prefix": ""})
        ctx.put("global", "cloudfront", "GetDistributionConfig", {"ETag": "E" + upper_id("", 13),
                                                                 "DistributionConfig": config}, key=did)
        ctx.put("global", "cloudfront", "ListTagsForResource", {"Tags": {"Items": std_tags(ctx, "storefront", missing=ctx.label == "dev")}},
                key=arn)
    lst = {"Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": len(items)}
    if items:
        lst["Items"] = items
    ctx.put("global", "cloudfront", "ListDistributions", {"DistributionList": lst})
    return len(items)


def write_services(ctx, contexts):
    n = write_cloudtrail(ctx, REGIONS)
    for region in REGIONS:
        n += write_logs_and_alarms(ctx, region)
        n += write_sns(ctx, region) + write_sqs(ctx, region) + write_lambda(ctx, region)
        n += write_acm(ctx, region) + write_efs(ctx, region) + write_dynamodb(ctx, region)
    n += write_cloudfront(ctx)
    return n
