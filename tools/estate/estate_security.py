"""KMS keys, CloudTrail trails, CloudWatch Logs (log groups, CIS metric filters)
and CloudWatch alarms of the sample estate."""

import json

from estate_lib import NOW, rng, std_tags, uuid, when

CIS_FILTERS = [  # (filter name, pattern) for the CIS 4.x monitoring controls, in control order
    ('unauthorized-api-calls', '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'),
    ('console-signin-without-mfa', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'),
    ('root-account-usage', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'),
    ('iam-policy-changes', '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'),
    ('cloudtrail-config-changes', '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }'),
    ('console-authentication-failures', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
    ('kms-cmk-disable-or-deletion', '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }'),
    ('s3-bucket-policy-changes', '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }'),
    ('aws-config-changes', '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }'),
    ('security-group-changes', '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }'),
    ('network-acl-changes', '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }'),
    ('network-gateway-changes', '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }'),
    ('route-table-changes', '{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }'),
    ('vpc-changes', '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }'),
    ('organizations-changes', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'),
]


def _epoch_ms(days):
    return int((NOW.timestamp() - days * 86400) * 1000)


def write_kms(ctx, region):
    """Keys: the account's data key (rotating), a legacy key (prod/dev: rotation off), a signing key
    (asymmetric: no rotation status), the AWS-managed aws/ebs key; dev has one pending deletion."""
    specs = [("app-data", "CUSTOMER", True, "SYMMETRIC_DEFAULT", "Enabled"),
             ("aws/ebs", "AWS", True, "SYMMETRIC_DEFAULT", "Enabled")]
    if ctx.label != "security":
        specs.append(("legacy-app", "CUSTOMER", False, "SYMMETRIC_DEFAULT", "Enabled"))
    if region == "us-east-1":
        specs.append(("release-signing", "CUSTOMER", None, "RSA_2048", "Enabled"))
    if ctx.label == "dev" and region == "us-east-1":
        specs.append(("old-experiment", "CUSTOMER", False, "SYMMETRIC_DEFAULT", "PendingDeletion"))
    keys = []
    for desc, manager, rotation, spec, state in specs:
        kid = uuid()
        arn = ctx.arn("kms", region, "key/" + kid)
        keys.append({"KeyId": kid, "KeyArn": arn})
        meta = {"AWSAccountId": ctx.id, "KeyId": kid, "Arn": arn, "CreationDate": when(rng.randrange(200, 1400)),
                "Enabled": state == "Enabled",
                "Description": ("Default key that protects my EBS volumes when no other key is defined"
                                if manager == "AWS" else f"{desc} ({ctx.label})"),
                "KeyUsage": "SIGN_VERIFY" if spec.startswith("RSA") else "ENCRYPT_DECRYPT", "KeyState": state,
                "Origin": "AWS_KMS", "KeyManager": manager, "CustomerMasterKeySpec": spec, "KeySpec": spec}
        if state == "PendingDeletion":
            meta["DeletionDate"] = when(-5)
            meta["PendingDeletionWindowInDays"] = 7
        if spec.startswith("RSA"):
            meta["SigningAlgorithms"] = ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256"]
        else:
            meta["EncryptionAlgorithms"] = ["SYMMETRIC_DEFAULT"]
        meta["MultiRegion"] = False
        ctx.put(region, "kms", "DescribeKey", {"KeyMetadata": meta}, key=kid)
        if rotation is None:
            ctx.error(region, "kms", "GetKeyRotationStatus", "UnsupportedOperationException",
                      f"{arn} origin is AWS_KMS which is not valid for this operation.", key=kid)
        else:
            out = {"KeyRotationEnabled": rotation, "KeyId": arn}
            if rotation:
                out.update({"RotationPeriodInDays": 365, "NextRotationDate": when(-rng.randrange(10, 300))})
            ctx.put(region, "kms", "GetKeyRotationStatus", out, key=kid)
        root = f"arn:aws:iam::{ctx.id}:root"
        statements = [{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": root},
                       "Action": "kms:*", "Resource": "*"}]
        if desc == "legacy-app" and ctx.label == "dev":
            statements.append({"Sid": "Allow use by anyone", "Effect": "Allow", "Principal": {"AWS": "*"},
                               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"})
        policy = {"Version": "2012-10-17", "Id": "key-default-1", "Statement": statements}
        ctx.put(region, "kms", "GetKeyPolicy", {"Policy": json.dumps(policy, indent=4), "PolicyName": "default"},
                key=kid)
        tags = [] if manager == "AWS" else [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in
                                             std_tags(ctx, "security-tooling" if ctx.label == "security" else
                                                      "platform", missing=desc == "old-experiment")]
        ctx.put(region, "kms", "ListResourceTags", {"Tags": tags, "Truncated": False}, key=kid)
    ctx.put(region, "kms", "ListKeys", {"Keys": keys})
    ctx.kms_keys[region] = [{"Arn": k["KeyArn"]} for k in keys]


TRAILS = {  # account -> [(name, home region, multi-region, log validation, logging, cloudwatch, kms)]
    "prod": [("prod-trail", "us-east-1", True, True, True, True, True),
             ("eu-app-trail", "eu-west-1", False, False, True, False, False)],
    "dev": [("dev-trail", "us-east-1", False, False, True, False, False)],
    "security": [("org-trail", "us-east-1", True, True, True, True, True)],
}


# Trails recording S3 data events for all buckets: trail name -> ReadWriteType.
DATA_EVENTS = {"org-trail": "All", "prod-trail": "WriteOnly"}


def write_cloudtrail(ctx, regions):
    trails = []
    for name, home, multi, validation, logging, cw, kms in TRAILS[ctx.label]:
        arn = ctx.arn("cloudtrail", home, "trail/" + name)
        bucket = "acme-prod-logs" if name == "eu-app-trail" else "acme-security-cloudtrail"
        t = {"Name": name, "S3BucketName": bucket, "S3KeyPrefix": ctx.label,
             "IncludeGlobalServiceEvents": multi, "IsMultiRegionTrail": multi, "HomeRegion": home, "TrailARN": arn,
             "LogFileValidationEnabled": validation}
        if cw:
            t["CloudWatchLogsLogGroupArn"] = ctx.arn("logs", home, "log-group:aws-cloudtrail-logs:*")
            t["CloudWatchLogsRoleArn"] = f"arn:aws:iam::{ctx.id}:role/CloudTrailRoleForCloudWatchLogs"
        if kms:
            t["KmsKeyId"] = ctx.kms_keys[home][0]["Arn"]
        t.update({"HasCustomEventSelectors": False, "HasInsightSelectors": False,
                  "IsOrganizationTrail": name == "org-trail"})
        trails.append(t)
        status = {"IsLogging": logging, "LatestDeliveryTime": when(0.01), "StartLoggingTime": when(700),
                  "LatestDigestDeliveryTime": when(0.04) if validation else None,
                  "LatestDeliveryAttemptTime": when(0.01)[:19] + "Z", "LatestNotificationAttemptTime": "",
                  "LatestNotificationAttemptSucceeded": "", "LatestDeliveryAttemptSucceeded": when(0.01)[:19] + "Z",
                  "TimeLoggingStarted": when(700)[:19] + "Z", "TimeLoggingStopped": ""}
        if status["LatestDigestDeliveryTime"] is None:
            del status["LatestDigestDeliveryTime"]
        ctx.put(home, "cloudtrail", "GetTrailStatus", status, key=arn)
        selectors = [{"ReadWriteType": "All" if multi else "WriteOnly", "IncludeManagementEvents": True,
                      "DataResources": [], "ExcludeManagementEventSources": []}]
        if name in DATA_EVENTS:  # S3 object-level logging for all buckets (CIS 3.8, 3.9)
            selectors.append({"ReadWriteType": DATA_EVENTS[name], "IncludeManagementEvents": False,
                              "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
                              "ExcludeManagementEventSources": []})
        ctx.put(home, "cloudtrail", "GetEventSelectors", {"TrailARN": arn, "EventSelectors": selectors}, key=arn)
        ctx.put(home, "cloudtrail", "ListTags", {"ResourceTagList": [
            {"ResourceId": arn, "TagsList": std_tags(ctx, "security-tooling", missing=not multi)}]}, key=arn)
    for region in regions:
        # describe-trails includes the multi-region trails of other home regions ("shadow" trails).
        ctx.put(region, "cloudtrail", "DescribeTrails",
                {"trailList": [t for t in trails if t["HomeRegion"] == region or t["IsMultiRegionTrail"]]})
    return len(trails)


def write_logs_and_alarms(ctx, region):
    """Log groups (with the CloudTrail one where a trail sends there), CIS metric filters, alarms."""
    groups, filters, alarms = [], [], []
    names = [f"/aws/lambda/{ctx.label}-thumbnailer", "/ecs/storefront", f"/vpc/flow-logs/{ctx.label}-main"]
    has_trail_group = any(cw and home == region for _, home, _, _, _, cw, _ in TRAILS[ctx.label])
    if has_trail_group:
        names.insert(0, "aws-cloudtrail-logs")
    for name in names:
        arn = ctx.arn("logs", region, f"log-group:{name}")
        g = {"logGroupName": name, "creationTime": _epoch_ms(rng.randrange(50, 900))}
        if name != "/ecs/storefront" or ctx.label == "prod":
            g["retentionInDays"] = 365 if name == "aws-cloudtrail-logs" else rng.choice([14, 30, 90])
        g.update({"metricFilterCount": len(CIS_FILTERS) if name == "aws-cloudtrail-logs" and
                  ctx.label == "security" else (3 if name == "aws-cloudtrail-logs" else 0),
                  "arn": arn + ":*", "storedBytes": rng.randrange(10**6, 10**10), "logGroupClass": "STANDARD",
                  "logGroupArn": arn})
        if name == "aws-cloudtrail-logs":
            g["kmsKeyId"] = ctx.kms_keys[region][0]["Arn"]
        groups.append(g)
        ctx.put(region, "logs", "ListTagsLogGroup", {"tags": {t["Key"]: t["Value"] for t in std_tags(
            ctx, "platform", missing=name.startswith("/vpc"))}}, key=name)
    topic = ctx.arn("sns", region, "security-alerts")
    if has_trail_group:
        chosen = CIS_FILTERS if ctx.label == "security" else CIS_FILTERS[:3]
        for fname, pattern in chosen:
            metric = "".join(w.capitalize() for w in fname.split("-"))
            filters.append({"filterName": fname, "filterPattern": pattern, "metricTransformations": [
                {"metricName": metric, "metricNamespace": "CISBenchmark", "metricValue": "1"}],
                "creationTime": _epoch_ms(300), "logGroupName": "aws-cloudtrail-logs"})
            if ctx.label == "prod" and fname == "root-account-usage":
                continue  # a filter without alarm: CIS 4.3 fails in prod
            alarms.append(_alarm(ctx, region, f"cis-{fname}", metric, "CISBenchmark", topic, 1, "Sum"))
    alarms.append(_alarm(ctx, region, f"{ctx.label}-high-cpu-web", "CPUUtilization", "AWS/EC2", topic, 80, "Average"))
    ctx.put(region, "logs", "DescribeLogGroups", {"logGroups": groups})
    ctx.put(region, "logs", "DescribeMetricFilters", {"metricFilters": filters})
    ctx.put(region, "cloudwatch", "DescribeAlarms", {"MetricAlarms": alarms, "CompositeAlarms": []})
    for a in alarms:
        ctx.put(region, "cloudwatch", "ListTagsForResource", {"Tags": std_tags(ctx, "platform")}, key=a["AlarmArn"])
    return len(groups) + len(filters) + len(alarms)


def _alarm(ctx, region, name, metric, namespace, topic, threshold, statistic):
    return {"AlarmName": name, "AlarmArn": ctx.arn("cloudwatch", region, "alarm:" + name),
            "AlarmConfigurationUpdatedTimestamp": when(300)[:19] + ".412000+00:00", "ActionsEnabled": True,
            "OKActions": [], "AlarmActions": [topic], "InsufficientDataActions": [], "StateValue": "OK",
            "StateReason": "Threshold Crossed: 1 datapoint [0.0 (26/11/26 08:00:00)] was not greater than or equal "
                           f"to the threshold ({float(threshold)}).",
            "StateUpdatedTimestamp": when(2)[:19] + ".101000+00:00", "MetricName": metric, "Namespace": namespace,
            "Statistic": statistic, "Dimensions": [], "Period": 300, "EvaluationPeriods": 1,
            "Threshold": float(threshold), "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching", "StateTransitionedTimestamp": when(2)[:19] + ".101000+00:00"}
