#!/usr/bin/env python3
"""Writes the sample estate capture (examples/estate) from estate_profiles.py.

Usage: python3 tools/estate/make_estate.py [OUT_DIR]     (default: examples/estate)

Deterministic: the same script writes byte-identical files. No network, standard
library only. The capture layout is docs/capture-format.md's; every file is what
`aws <service> <operation> --output json` prints for the resource described.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep tools/estate free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import estate_profiles as P  # noqa: E402
from estate_account import write_global_settings, write_region_settings  # noqa: E402
from estate_compute import build_addresses, build_compute, build_images, build_snapshots  # noqa: E402
from estate_databases import write_opensearch, write_rds, write_redshift  # noqa: E402
from estate_elb import write_elb, write_elbv2  # noqa: E402
from estate_extras import write_extras  # noqa: E402
from estate_iam import finish_iam, write_iam  # noqa: E402
from estate_lib import REGIONS, AccountContext, Capture, reseed  # noqa: E402
from estate_network import build_network  # noqa: E402
from estate_registries import write_registries  # noqa: E402
from estate_s3 import write_s3  # noqa: E402
import estate_services as S  # noqa: E402


def write_ec2(ctx, region, counts):
    key = (ctx.label, region)
    net = build_network(ctx, region, P.VPC_OCTET[key], P.SECURITY_GROUPS[key])
    enis = []
    reservations, volumes = build_compute(ctx, region, P.INSTANCES[key], P.LONE_VOLUMES[key], enis)
    count, public, ami_names, public_amis = P.SNAPSHOTS[key]
    snaps, perms = build_snapshots(ctx, region, volumes, count, public)
    ctx.snapshot_permissions = getattr(ctx, "snapshot_permissions", {})
    ctx.snapshot_permissions[region] = perms
    images = build_images(ctx, region, snaps, ami_names, public_amis)
    eip_names, free = P.ADDRESSES[key]
    by_name = {next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), ""): i
               for i in ctx.instances[region]}
    addresses = build_addresses(ctx, region, [by_name[n] for n in eip_names], free)
    # Load balancers and databases add their network interfaces.
    counts["elb"] += write_elb(ctx, region, P.ELB.get(key, []))
    counts["elbv2"] += write_elbv2(ctx, region, P.ELBV2.get(key, []), enis)
    ctx.put(region, "ec2", "DescribeVpcs", {"Vpcs": net["vpcs"]})
    ctx.put(region, "ec2", "DescribeSubnets", {"Subnets": net["subnets"]})
    ctx.put(region, "ec2", "DescribeNetworkAcls", {"NetworkAcls": net["nacls"]})
    ctx.put(region, "ec2", "DescribeSecurityGroups", {"SecurityGroups": net["groups"]})
    ctx.put(region, "ec2", "DescribeInstances", {"Reservations": reservations})
    ctx.put(region, "ec2", "DescribeSnapshots", {"Snapshots": snaps})
    ctx.put(region, "ec2", "DescribeImages", {"Images": images})
    ctx.put(region, "ec2", "DescribeAddresses", {"Addresses": addresses})
    ctx.ec2_pending = (volumes, enis)
    counts["ec2"] += (len(net["vpcs"]) + len(net["subnets"]) + len(net["nacls"]) + len(net["groups"]) +
                      len(reservations) + len(volumes) + len(snaps) + len(images) + len(addresses))


def finish_ec2(ctx, region, counts):
    volumes, enis = ctx.ec2_pending
    ctx.put(region, "ec2", "DescribeNetworkInterfaces", {"NetworkInterfaces": enis})
    counts["ec2"] += len(enis)
    acct, reg, service, op, code, message = P.THROTTLED
    if (ctx.label, region) == (acct, reg) and (service, op) == ("ec2", "DescribeVolumes"):
        ctx.error(region, service, op, code, message)
        counts["ec2"] -= len(volumes)
    else:
        ctx.put(region, "ec2", "DescribeVolumes", {"Volumes": volumes})


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "estate")
    out = os.path.normpath(out)
    capture = Capture(out)
    capture.reset()
    reseed(20261126)
    counts = {k: 0 for k in ("ec2", "elb", "elbv2", "rds", "redshift", "opensearch", "other")}
    contexts = [AccountContext(label, capture) for label in P.ACCOUNT_ORDER]
    for ctx in contexts:
        for region in REGIONS:
            S.write_kms(ctx, region)
    for ctx in contexts:
        for region in REGIONS:
            key = (ctx.label, region)
            write_region_settings(ctx, region, P.REGION_SETTINGS[key])
            write_ec2(ctx, region, counts)
            instances, clusters, rds_snaps = P.RDS[key]
            counts["rds"] += write_rds(ctx, region, instances, clusters, rds_snaps)
            finish_ec2(ctx, region, counts)
            counts["redshift"] += write_redshift(ctx, region, P.REDSHIFT.get(key, []))
            counts["opensearch"] += write_opensearch(ctx, region, P.OPENSEARCH.get(key, []))
    for ctx in contexts:
        for region in REGIONS:
            counts["other"] += write_extras(ctx, region)
    for ctx in contexts:
        write_s3(ctx, contexts)
        iam_counts = write_iam(ctx)
        iam_counts["roles"] += S.lambda_count(ctx)  # their execution roles, written by finish_iam
        write_global_settings(ctx, P.GLOBAL_SETTINGS[ctx.label], iam_counts)
        counts["other"] += S.write_services(ctx, contexts)
        finish_iam(ctx)
    for ctx in contexts:  # after the rest: these use no random numbers
        counts["other"] += write_registries(ctx)
    print(f"wrote {capture.files} files, {capture.bytes} bytes to {out}; resources: {counts}")


if __name__ == "__main__":
    main()
