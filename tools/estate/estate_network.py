"""EC2 networking of the sample estate: VPCs, subnets, network ACLs, security groups.

Each account/region gets the default VPC (172.31.0.0/16, default subnets, default
security group and network ACL) and one application VPC with public and private
subnets. Security groups come from a per-region list of named rule sets, some of
them deliberately open to the internet on admin ports.
"""

from estate_lib import AZ_IDS, hexid, rng, std_tags, tag_list, when

OFFICE = "203.0.113.0/24"


def _rule(proto, lo=None, hi=None, cidrs=(), cidrs6=(), groups=(), owner=None, desc=None):
    r = {"IpProtocol": proto}
    if lo is not None:
        r["FromPort"] = lo
        r["ToPort"] = hi if hi is not None else lo
    r["IpRanges"] = [dict({"CidrIp": c}, **({"Description": desc} if desc else {})) for c in cidrs]
    r["Ipv6Ranges"] = [{"CidrIpv6": c} for c in cidrs6]
    r["PrefixListIds"] = []
    r["UserIdGroupPairs"] = [{"GroupId": g, "UserId": owner} for g in groups]
    if proto != "-1" and lo is None:
        r["FromPort"], r["ToPort"] = 0, 65535
    # Key order as the CLI prints it: FromPort, IpProtocol, IpRanges, Ipv6Ranges, PrefixListIds, ToPort, ...
    ordered = {}
    for k in ("FromPort", "IpProtocol", "IpRanges", "Ipv6Ranges", "PrefixListIds", "ToPort", "UserIdGroupPairs"):
        if k in r:
            ordered[k] = r[k]
    return ordered


EGRESS_ALL = [_rule("-1", cidrs=["0.0.0.0/0"])]

# Security group templates: name -> (description, app, ingress builder(sg ids) -> rules).
# `open` marks the deliberately violating ones (admin ports from the internet).
SG_TEMPLATES = {
    "web-alb": ("Public ALB: HTTP/HTTPS from anywhere", "storefront",
                lambda g: [_rule("tcp", 80, cidrs=["0.0.0.0/0"], cidrs6=["::/0"]),
                           _rule("tcp", 443, cidrs=["0.0.0.0/0"], cidrs6=["::/0"])]),
    "web-app": ("App servers behind the ALB", "storefront",
                lambda g: [_rule("tcp", 8080, groups=[g["web-alb"]])]),
    "bastion": ("SSH from the office only", "platform",
                lambda g: [_rule("tcp", 22, cidrs=[OFFICE], desc="Acme office")]),
    "db": ("PostgreSQL from the app tier", "payments",
           lambda g: [_rule("tcp", 5432, groups=[g["web-app"]])]),
    "legacy-ssh": ("Legacy jump host - TODO restrict", "reporting",
                   lambda g: [_rule("tcp", 22, cidrs=["0.0.0.0/0"], desc="temporary")]),
    "windows-rdp": ("RDP for the reporting server", "reporting",
                    lambda g: [_rule("tcp", 3389, cidrs=["0.0.0.0/0"]), _rule("tcp", 443, cidrs=[OFFICE])]),
    "ssh-ipv6": ("SSH over IPv6", "search",
                 lambda g: [_rule("tcp", 22, cidrs6=["::/0"]), _rule("tcp", 9200, groups=[g["web-app"]])]),
    "debug-all-open": ("launch-wizard-3 created 2026-02-11T10:41:07.112Z", "data-pipeline",
                       lambda g: [_rule("-1", cidrs=["0.0.0.0/0"])]),
    "ops-low-ports": ("Ops tooling", "platform",
                      lambda g: [_rule("tcp", 0, 1024, cidrs=["0.0.0.0/0"])]),
    "db-public": ("Reporting DB reachable from BI vendor", "reporting",
                  lambda g: [_rule("tcp", 5432, cidrs=["0.0.0.0/0"])]),
    "udp-dns": ("Resolver", "platform",
                lambda g: [_rule("udp", 53, cidrs=["10.0.0.0/8"]), _rule("tcp", 53, cidrs=["10.0.0.0/8"])]),
    "scanner": ("Security scanner egress only", "security-tooling", lambda g: []),
    "ssm-only": ("No inbound: Session Manager", "auth", lambda g: []),
}


def _vpc(ctx, region, cidr, default, name, app):
    vpc_id = hexid("vpc")
    return {
        "CidrBlock": cidr,
        "DhcpOptionsId": hexid("dopt", 8),
        "State": "available",
        "VpcId": vpc_id,
        "OwnerId": ctx.id,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{"AssociationId": hexid("vpc-cidr-assoc"), "CidrBlock": cidr,
                                     "CidrBlockState": {"State": "associated"}}],
        "IsDefault": default,
        **({} if default else {"Tags": std_tags(ctx, app, name=name)}),
    }


def _subnet(ctx, region, vpc, cidr, az_index, default, public, name):
    sid = hexid("subnet")
    az = region + "abc"[az_index]
    s = {
        "AvailabilityZone": az,
        "AvailabilityZoneId": AZ_IDS[region][az_index],
        "AvailableIpAddressCount": rng.randrange(200, 4090) if default else rng.randrange(180, 250),
        "CidrBlock": cidr,
        "DefaultForAz": default,
        "MapPublicIpOnLaunch": public,
        "MapCustomerOwnedIpOnLaunch": False,
        "State": "available",
        "SubnetId": sid,
        "VpcId": vpc["VpcId"],
        "OwnerId": ctx.id,
        "AssignIpv6AddressOnCreation": False,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": ctx.arn("ec2", region, "subnet/" + sid),
        "EnableDns64": False,
        "Ipv6Native": False,
        "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                          "EnableResourceNameDnsAAAARecord": False},
    }
    if not default:
        # Private subnets carry the mandatory tags; public ones only Name and Tier.
        s["Tags"] = tag_list(name=name, app=None if public else "platform", env=None if public else ctx.env,
                             extra={"Tier": "public" if public else "private"})
    return s


def _nacl(ctx, vpc, subnets, default, name, entries=None):
    acl_id = hexid("acl")
    if entries is None:  # the default ACL: everything in and out
        entries = [
            {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
            {"CidrBlock": "0.0.0.0/0", "Egress": False, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
            {"CidrBlock": "0.0.0.0/0", "Egress": False, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
        ]
    return {
        "Associations": [{"NetworkAclAssociationId": hexid("aclassoc"), "NetworkAclId": acl_id,
                          "SubnetId": s["SubnetId"]} for s in subnets],
        "Entries": entries,
        "IsDefault": default,
        "NetworkAclId": acl_id,
        "Tags": [] if default else tag_list(name=name),
        "VpcId": vpc["VpcId"],
        "OwnerId": ctx.id,
    }


def _restricted_acl_entries(vpc_cidr):
    return [
        {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
        {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
        {"CidrBlock": "0.0.0.0/0", "Egress": False, "PortRange": {"From": 22, "To": 22}, "Protocol": "6",
         "RuleAction": "deny", "RuleNumber": 50},
        {"CidrBlock": "0.0.0.0/0", "Egress": False, "PortRange": {"From": 3389, "To": 3389}, "Protocol": "6",
         "RuleAction": "deny", "RuleNumber": 60},
        {"CidrBlock": vpc_cidr, "Egress": False, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
        {"CidrBlock": "0.0.0.0/0", "Egress": False, "PortRange": {"From": 1024, "To": 65535}, "Protocol": "6",
         "RuleAction": "allow", "RuleNumber": 200},
        {"CidrBlock": "0.0.0.0/0", "Egress": False, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
    ]


def _security_group(ctx, region, vpc, name, desc, app, rules, tagged=True):
    gid = hexid("sg")
    sg = {
        "Description": desc,
        "GroupName": name,
        "IpPermissions": rules,
        "OwnerId": ctx.id,
        "GroupId": gid,
        "IpPermissionsEgress": EGRESS_ALL,
        "VpcId": vpc["VpcId"],
        "SecurityGroupArn": ctx.arn("ec2", region, "security-group/" + gid),
    }
    if tagged:
        sg["Tags"] = std_tags(ctx, app, name=name, missing=rng.random() < 0.15)
    return sg


def build_network(ctx, region, vpc_octet, sg_names):
    """Creates the networking of one account/region; records it on ctx; returns the outputs."""
    default_vpc = _vpc(ctx, region, "172.31.0.0/16", True, None, None)
    app_vpc = _vpc(ctx, region, f"10.{vpc_octet}.0.0/16", False, f"{ctx.label}-main", "platform")
    subnets = [_subnet(ctx, region, default_vpc, f"172.31.{16 * i}.0/20", i, True, True, None) for i in range(3)]
    public = [_subnet(ctx, region, app_vpc, f"10.{vpc_octet}.{i}.0/24", i, False, True,
                      f"{ctx.label}-public-{region[-1]}{'ab'[i]}") for i in range(2)]
    private = [_subnet(ctx, region, app_vpc, f"10.{vpc_octet}.{10 + i}.0/24", i, False, False,
                       f"{ctx.label}-private-{region[-1]}{'ab'[i]}") for i in range(2)]
    subnets += public + private
    nacls = [
        _nacl(ctx, default_vpc, subnets[:3], True, None),
        _nacl(ctx, app_vpc, public, True, None),
        _nacl(ctx, app_vpc, private, False, f"{ctx.label}-private",
              _restricted_acl_entries(app_vpc["CidrBlock"])),
    ]
    groups = []
    for vpc in (default_vpc, app_vpc):
        gid = hexid("sg")
        groups.append({
            "Description": "default VPC security group",
            "GroupName": "default",
            "IpPermissions": [_rule("-1", groups=[gid], owner=ctx.id)],
            "OwnerId": ctx.id,
            "GroupId": gid,
            "IpPermissionsEgress": EGRESS_ALL,
            "VpcId": vpc["VpcId"],
            "SecurityGroupArn": ctx.arn("ec2", region, "security-group/" + gid),
        })
    ids = {}
    pending = []
    for name in sg_names:
        desc, app, build = SG_TEMPLATES[name]
        sg = _security_group(ctx, region, app_vpc, name, desc, app, [])
        ids[name] = sg["GroupId"]
        pending.append((sg, build))
        groups.append(sg)
    for sg, build in pending:
        sg["IpPermissions"] = build({k: ids.get(k, ids.get("web-app", sg["GroupId"])) for k in SG_TEMPLATES})
        for r in sg["IpPermissions"]:
            for pair in r["UserIdGroupPairs"]:
                pair["UserId"] = ctx.id
    ctx.vpcs[region] = {"default": default_vpc, "app": app_vpc}
    ctx.subnets[region] = {"default": subnets[:3], "public": public, "private": private}
    ctx.security_groups[region] = {g["GroupName"] if g["GroupName"] != "default" else "default-" + g["VpcId"]: g
                                   for g in groups}
    ctx.security_groups[region]["default"] = groups[1]
    return {"vpcs": [default_vpc, app_vpc], "subnets": subnets, "nacls": nacls, "groups": groups,
            "created": when(400)}
