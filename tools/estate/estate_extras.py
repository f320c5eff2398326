"""Collection added for the policy pack (issue 5): VPC flow logs, EBS snapshot
createVolumePermission, KMS aliases, GuardDuty detector status, ELBv2 target groups.

Written after everything else, from what the other generators recorded (and, for
detector ids and load balancers, from the files they wrote), with a random source of
its own so that the rest of the estate stays byte-identical.
"""

import json
import os
import random

from estate_lib import when

_rng = random.Random(5)


def _hex(prefix, digits=17):
    return prefix + "-" + "".join(_rng.choice("0123456789abcdef") for _ in range(digits))


def _read(ctx, region, service, operation):
    path = os.path.join(ctx.capture.root, ctx.id, region, service, operation + ".json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# Which VPCs log their traffic: (account, region) -> kinds of VPC with a flow log.
FLOW_LOGGED = {
    ("prod", "us-east-1"): ["app", "default"],
    ("prod", "eu-west-1"): ["app"],
    ("dev", "us-east-1"): [],          # only a subnet-level flow log: the VPC is not covered
    ("dev", "eu-west-1"): [],
    ("security", "us-east-1"): ["app", "default"],
    ("security", "eu-west-1"): ["app", "default"],
}


def _flow_log(ctx, region, resource_id, destination):
    fid = _hex("fl")
    log = {
        "CreationTime": when(300, 0)[:19] + ".000Z",
        "DeliverLogsPermissionArn": f"arn:aws:iam::{ctx.id}:role/vpc-flow-logs",
        "DeliverLogsStatus": "SUCCESS",
        "FlowLogId": fid,
        "FlowLogStatus": "ACTIVE",
        "ResourceId": resource_id,
        "TrafficType": "ALL",
        "LogDestinationType": destination,
        "LogFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
                     "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
        "MaxAggregationInterval": 600,
        "Tags": [{"Key": "Name", "Value": f"{ctx.label}-{resource_id}-flows"}],
    }
    if destination == "s3":
        log["LogDestination"] = f"arn:aws:s3:::acme-{ctx.label}-logs/vpc-flow-logs/"
    else:
        log["LogGroupName"] = f"/vpc/{resource_id}/flow-logs"
        log["LogDestination"] = f"arn:aws:logs:{region}:{ctx.id}:log-group:/vpc/{resource_id}/flow-logs"
    return log


def write_flow_logs(ctx, region):
    logs = []
    for kind in FLOW_LOGGED[(ctx.label, region)]:
        vpc = ctx.vpcs[region][kind]
        logs.append(_flow_log(ctx, region, vpc["VpcId"], "s3" if kind == "app" else "cloud-watch-logs"))
    if ctx.label == "dev" and region == "us-east-1":
        logs.append(_flow_log(ctx, region, ctx.subnets[region]["public"][0]["SubnetId"], "s3"))
    ctx.put(region, "ec2", "DescribeFlowLogs", {"FlowLogs": logs})
    return len(logs)


def write_snapshot_attributes(ctx, region):
    """createVolumePermission per snapshot: the public ones (Group all) as generated; the first
    private snapshot of prod us-east-1 is shared with the security account (not public)."""
    shared = False
    for sid, perms in ctx.snapshot_permissions[region].items():
        if not perms and not shared and (ctx.label, region) == ("prod", "us-east-1"):
            perms = [{"UserId": "333333333333"}]
            shared = True
        ctx.put(region, "ec2", "DescribeSnapshotAttribute",
                {"CreateVolumePermissions": perms, "SnapshotId": sid}, key=sid)


def write_kms_aliases(ctx, region):
    """Aliases for the data key and the AWS-managed EBS key (the first two keys of write_kms),
    and the AWS alias for RDS that points to no key yet; the legacy key has none."""
    keys = ctx.kms_keys[region]
    aliases = []
    for name, key in (("alias/app-data", keys[0]), ("alias/aws/ebs", keys[1])):
        kid = key["Arn"].rsplit("/", 1)[1]
        aliases.append({"AliasName": name, "AliasArn": ctx.arn("kms", region, name), "TargetKeyId": kid,
                        "CreationDate": when(400, 0), "LastUpdatedDate": when(400, 0)})
    aliases.append({"AliasName": "alias/aws/rds", "AliasArn": ctx.arn("kms", region, "alias/aws/rds")})
    ctx.put(region, "kms", "ListAliases", {"Aliases": aliases})
    return len(aliases)


# Detectors that exist but are suspended: (account, region).
SUSPENDED_DETECTORS = {("dev", "us-east-1")}


def write_detectors(ctx, region):
    ids = _read(ctx, region, "guardduty", "ListDetectors")["DetectorIds"]
    for did in ids:
        suspended = (ctx.label, region) in SUSPENDED_DETECTORS
        ctx.put(region, "guardduty", "GetDetector", {
            "CreatedAt": when(500, 0)[:19] + ".000Z",
            "FindingPublishingFrequency": "SIX_HOURS",
            "ServiceRole": f"arn:aws:iam::{ctx.id}:role/aws-service-role/guardduty.amazonaws.com/"
                           "AWSServiceRoleForAmazonGuardDuty",
            "Status": "DISABLED" if suspended else "ENABLED",
            "UpdatedAt": when(40 if suspended else 300, 0)[:19] + ".000Z",
            "DataSources": {"CloudTrail": {"Status": "ENABLED"}, "DNSLogs": {"Status": "ENABLED"},
                            "FlowLogs": {"Status": "ENABLED"}, "S3Logs": {"Status": "ENABLED"}},
            "Tags": {"Environment": ctx.env, "Application": "security-tooling"},
        }, key=did)
    return len(ids)


# Load balancer name -> targets of its one target group ("none": a target group without
# targets; a name absent from the map: no target group at all).
TARGETS = {"storefront-alb": "instances", "payments-nlb": "ip", "storefront-eu-alb": "instances",
           "dev-alb": "none"}


def _target_group(ctx, region, name, lb_arns, vpc_id, protocol, target_type):
    return {
        "TargetGroupArn": ctx.arn("elasticloadbalancing", region, f"targetgroup/{name}/{_hex('x', 16)[2:]}"),
        "TargetGroupName": name, "Protocol": protocol, "Port": 8080 if protocol == "HTTP" else 5432,
        "VpcId": vpc_id, "HealthCheckProtocol": protocol, "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True, "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 5, "UnhealthyThresholdCount": 2,
        **({"HealthCheckPath": "/healthz", "Matcher": {"HttpCode": "200"}} if protocol == "HTTP" else {}),
        "LoadBalancerArns": lb_arns, "TargetType": target_type, "IpAddressType": "ipv4",
    }


def write_target_groups(ctx, region):
    lbs = _read(ctx, region, "elbv2", "DescribeLoadBalancers")["LoadBalancers"]
    groups = []
    for lb in lbs:
        mode = TARGETS.get(lb["LoadBalancerName"])
        if mode is None:
            continue
        proto = "HTTP" if lb["Type"] == "application" else "TCP"
        tg = _target_group(ctx, region, lb["LoadBalancerName"] + "-tg", [lb["LoadBalancerArn"]], lb["VpcId"], proto,
                           "ip" if mode == "ip" else "instance")
        groups.append(tg)
        if mode == "instances":
            targets = [{"Target": {"Id": i["InstanceId"], "Port": 8080},
                        "HealthCheckPort": "8080", "TargetHealth": {"State": "healthy"}}
                       for i in ctx.instances[region][:2]]
        elif mode == "ip":
            targets = [{"Target": {"Id": "10.0.10.25", "Port": 5432, "AvailabilityZone": region + "a"},
                        "HealthCheckPort": "5432", "TargetHealth": {"State": "healthy"}}]
        else:
            targets = []
        ctx.put(region, "elbv2", "DescribeTargetHealth", {"TargetHealthDescriptions": targets},
                key=tg["TargetGroupArn"])
    if (ctx.label, region) == ("prod", "us-east-1"):  # left over from a removed service
        tg = _target_group(ctx, region, "old-api-tg", [], ctx.vpcs[region]["app"]["VpcId"], "HTTP", "instance")
        groups.append(tg)
        ctx.put(region, "elbv2", "DescribeTargetHealth", {"TargetHealthDescriptions": []}, key=tg["TargetGroupArn"])
    ctx.put(region, "elbv2", "DescribeTargetGroups", {"TargetGroups": groups})
    return len(groups)


def write_extras(ctx, region):
    """Returns the number of new resources (flow logs, aliases, detectors, target groups)."""
    n = write_flow_logs(ctx, region)
    write_snapshot_attributes(ctx, region)
    n += write_kms_aliases(ctx, region)
    n += write_detectors(ctx, region)
    n += write_target_groups(ctx, region)
    return n
