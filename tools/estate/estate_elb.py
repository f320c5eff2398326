"""Classic (elb) and v2 (elbv2) load balancers of the sample estate."""

from estate_lib import hexid, rng, std_tags, when_ms

ZONE_IDS = {"us-east-1": ("Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"), "eu-west-1": ("Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F")}


def write_elb(ctx, region, specs):
    """Classic load balancers: spec name, app, https (bool), access_log (bucket or None), scheme,
    no_instances (bool)."""
    descs = []
    for spec in specs:
        name = spec["name"]
        sg = ctx.security_groups[region]["web-alb"]
        subnets = ctx.subnets[region]["public"]
        instances = [] if spec.get("no_instances") else [
            i for i in ctx.instances[region] if i["State"]["Name"] == "running"][:2]
        listeners = [{"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP",
                                   "InstancePort": 8080}, "PolicyNames": []}]
        if spec.get("https"):
            listeners.append({"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                                           "InstancePort": 8080,
                                           "SSLCertificateId": spec.get("certificate", "")},
                              "PolicyNames": ["ELBSecurityPolicy-2016-08"]})
        dns = f"{name}-{rng.randrange(10**9, 10**10)}.{region}.elb.amazonaws.com"
        descs.append({
            "LoadBalancerName": name,
            "DNSName": dns,
            "CanonicalHostedZoneName": dns,
            "CanonicalHostedZoneNameID": ZONE_IDS[region][0],
            "ListenerDescriptions": listeners,
            "Policies": {"AppCookieStickinessPolicies": [], "LBCookieStickinessPolicies": [],
                         "OtherPolicies": ["ELBSecurityPolicy-2016-08"] if spec.get("https") else []},
            "BackendServerDescriptions": [],
            "AvailabilityZones": [s["AvailabilityZone"] for s in subnets],
            "Subnets": [s["SubnetId"] for s in subnets],
            "VPCId": sg["VpcId"],
            "Instances": [{"InstanceId": i["InstanceId"]} for i in instances],
            "HealthCheck": {"Target": "HTTP:8080/health", "Interval": 30, "Timeout": 5, "UnhealthyThreshold": 2,
                            "HealthyThreshold": 10},
            "SourceSecurityGroup": {"OwnerAlias": ctx.id, "GroupName": sg["GroupName"]},
            "SecurityGroups": [sg["GroupId"]],
            "CreatedTime": when_ms(rng.randrange(500, 1500)),
            "Scheme": spec.get("scheme", "internet-facing"),
        })
        log = spec.get("access_log")
        ctx.put(region, "elb", "DescribeLoadBalancerAttributes", {"LoadBalancerAttributes": {
            "CrossZoneLoadBalancing": {"Enabled": True},
            "AccessLog": {"Enabled": True, "S3BucketName": log, "EmitInterval": 60, "S3BucketPrefix": name}
            if log else {"Enabled": False},
            "ConnectionDraining": {"Enabled": True, "Timeout": 300},
            "ConnectionSettings": {"IdleTimeout": 60},
            "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "defensive"}]}}, key=name)
        ctx.put(region, "elb", "DescribeTags", {"TagDescriptions": [
            {"LoadBalancerName": name, "Tags": std_tags(ctx, spec["app"], missing=spec.get("untagged", False))}]},
            key=name)
    ctx.put(region, "elb", "DescribeLoadBalancers", {"LoadBalancerDescriptions": descs})
    return len(descs)


def write_elbv2(ctx, region, specs, enis):
    """v2 load balancers: spec name, app, type (application/network), scheme, https, http_redirect,
    access_log, drop_invalid_headers, deletion_protection, untagged. Appends the ALB ENIs to `enis`."""
    lbs = []
    for spec in specs:
        name = spec["name"]
        kind = spec.get("type", "application")
        internal = spec.get("scheme") == "internal"
        subnets = ctx.subnets[region]["private" if internal else "public"]
        arn = ctx.arn("elasticloadbalancing", region,
                      f"loadbalancer/{'app' if kind == 'application' else 'net'}/{name}/{hexid('x', 16)[2:]}")
        sgs = [ctx.security_groups[region]["web-alb"]] if kind == "application" else []
        lb = {
            "LoadBalancerArn": arn,
            "DNSName": f"{'internal-' if internal else ''}{name}-{rng.randrange(10**9, 10**10)}.{region}.elb.amazonaws.com",
            "CanonicalHostedZoneId": ZONE_IDS[region][0 if kind == "application" else 1],
            "CreatedTime": when_ms(rng.randrange(30, 900)),
            "LoadBalancerName": name,
            "Scheme": "internal" if internal else "internet-facing",
            "VpcId": subnets[0]["VpcId"],
            "State": {"Code": "active"},
            "Type": kind,
            "AvailabilityZones": [{"ZoneName": s["AvailabilityZone"], "SubnetId": s["SubnetId"],
                                   "LoadBalancerAddresses": []} for s in subnets],
            "IpAddressType": "ipv4",
        }
        if sgs:
            lb["SecurityGroups"] = [g["GroupId"] for g in sgs]
        lbs.append(lb)
        from estate_compute import _eni
        for s in subnets:
            enis.append(_eni(ctx, region, s, sgs, f"ELB {arn.split(':loadbalancer/')[1]}",
                             requester="amazon-elb"))
        log = spec.get("access_log")
        attrs = [
            {"Key": "access_logs.s3.enabled", "Value": "true" if log else "false"},
            {"Key": "access_logs.s3.bucket", "Value": log or ""},
            {"Key": "access_logs.s3.prefix", "Value": name if log else ""},
            {"Key": "deletion_protection.enabled", "Value": "true" if spec.get("deletion_protection") else "false"},
            {"Key": "load_balancing.cross_zone.enabled", "Value": "true"},
        ]
        if kind == "application":
            attrs += [
                {"Key": "idle_timeout.timeout_seconds", "Value": "60"},
                {"Key": "routing.http.desync_mitigation_mode", "Value": "defensive"},
                {"Key": "routing.http.drop_invalid_header_fields.enabled",
                 "Value": "true" if spec.get("drop_invalid_headers") else "false"},
                {"Key": "routing.http2.enabled", "Value": "true"},
                {"Key": "waf.fail_open.enabled", "Value": "false"},
            ]
        ctx.put(region, "elbv2", "DescribeLoadBalancerAttributes", {"Attributes": attrs}, key=arn)
        listeners = []
        base = arn.replace(":loadbalancer/", ":listener/")
        if spec.get("https", True):
            listeners.append({"ListenerArn": f"{base}/{hexid('x', 16)[2:]}", "LoadBalancerArn": arn, "Port": 443,
                              "Protocol": "HTTPS" if kind == "application" else "TLS",
                              "Certificates": [{"CertificateArn": spec.get("certificate") or
                                                ctx.arn("acm", region, "certificate/" + hexid("x", 32)[2:])}],
                              "SslPolicy": spec.get("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06"),
                              "DefaultActions": [{"Type": "forward", "TargetGroupArn": ctx.arn(
                                  "elasticloadbalancing", region, f"targetgroup/{name}-tg/{hexid('x', 16)[2:]}"),
                                  "Order": 1}]})
        if kind == "application":
            action = ({"Type": "redirect", "Order": 1, "RedirectConfig": {
                "Protocol": "HTTPS", "Port": "443", "Host": "#{host}", "Path": "/#{path}", "Query": "#{query}",
                "StatusCode": "HTTP_301"}} if spec.get("http_redirect", True) else
                {"Type": "forward", "Order": 1, "TargetGroupArn": ctx.arn(
                    "elasticloadbalancing", region, f"targetgroup/{name}-tg/{hexid('x', 16)[2:]}")})
            listeners.append({"ListenerArn": f"{base}/{hexid('x', 16)[2:]}", "LoadBalancerArn": arn, "Port": 80,
                              "Protocol": "HTTP", "DefaultActions": [action]})
        ctx.put(region, "elbv2", "DescribeListeners", {"Listeners": listeners}, key=arn)
        ctx.put(region, "elbv2", "DescribeTags", {"TagDescriptions": [
            {"ResourceArn": arn, "Tags": std_tags(ctx, spec["app"], missing=spec.get("untagged", False))}]}, key=arn)
    ctx.put(region, "elbv2", "DescribeLoadBalancers", {"LoadBalancers": lbs})
    return len(lbs)
