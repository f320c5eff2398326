"""EC2 compute of the sample estate: instances with their root/data volumes and
network interfaces, lone volumes, snapshots, elastic IPs and account-owned AMIs.

An instance spec is a dict: name, app, sg (security group names), optional
public (bool), stopped_days, windows, imdsv1, unencrypted (root volume),
data_gb (extra data volume), profile (instance profile role name), untagged.
"""

from estate_lib import gmt, hexid, mac, private_ip, public_ip, rng, std_tags, when, when_ms

AMIS = {"us-east-1": "ami-0c7217cdde317cfec", "eu-west-1": "ami-0905a3c97561e0b69"}
WINDOWS_AMIS = {"us-east-1": "ami-0f9c44e98edf38a2b", "eu-west-1": "ami-0b8c5e4a2b1f7d3c6"}


def _volume(ctx, region, az, size, encrypted, tags, created_days, attach=None, snapshot_id=""):
    vid = hexid("vol")
    v = {
        "Attachments": [],
        "AvailabilityZone": az,
        "CreateTime": when_ms(created_days),
        "Encrypted": encrypted,
        "Size": size,
        "SnapshotId": snapshot_id,
        "State": "available",
        "VolumeId": vid,
        "Iops": max(3000, size * 3),
        "VolumeType": "gp3",
        "MultiAttachEnabled": False,
        "Throughput": 125,
    }
    if encrypted:
        keys = ctx.kms_keys.get(region, [])
        v["KmsKeyId"] = keys[0]["Arn"] if keys else ctx.arn("kms", region, "key/" + hexid("x")[2:])
    if tags:
        v["Tags"] = tags
    if attach:
        instance_id, device, attach_time = attach
        v["State"] = "in-use"
        v["Attachments"] = [{"AttachTime": attach_time, "Device": device, "InstanceId": instance_id,
                             "State": "attached", "VolumeId": vid, "DeleteOnTermination": device == "/dev/xvda"}]
    return v


def _eni(ctx, region, subnet, groups, description, instance=None, public=False, requester=None):
    eni_id = hexid("eni")
    ip = private_ip(subnet["CidrBlock"].rsplit(".", 2)[0])
    e = {}
    if public:
        pip = public_ip()
        e["Association"] = {"IpOwnerId": "amazon", "PublicDnsName": f"ec2-{pip.replace('.', '-')}.compute-1.amazonaws.com",
                            "PublicIp": pip}
    if instance:
        e["Attachment"] = {"AttachTime": instance["LaunchTime"], "AttachmentId": hexid("eni-attach"),
                           "DeleteOnTermination": True, "DeviceIndex": 0, "NetworkCardIndex": 0,
                           "InstanceId": instance["InstanceId"], "InstanceOwnerId": ctx.id, "Status": "attached"}
    e.update({
        "AvailabilityZone": subnet["AvailabilityZone"],
        "Description": description,
        "Groups": [{"GroupName": g["GroupName"], "GroupId": g["GroupId"]} for g in groups],
        "InterfaceType": "interface",
        "Ipv6Addresses": [],
        "MacAddress": mac(),
        "NetworkInterfaceId": eni_id,
        "OwnerId": ctx.id,
        "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal",
        "PrivateIpAddress": ip,
        "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal",
                                "PrivateIpAddress": ip}],
        "RequesterManaged": requester is not None,
        "SourceDestCheck": True,
        "Status": "in-use" if instance or requester else "available",
        "SubnetId": subnet["SubnetId"],
        "TagSet": [],
        "VpcId": subnet["VpcId"],
    })
    if requester:
        e["RequesterId"] = requester
    return e


def build_compute(ctx, region, specs, lone_volumes, out_enis):
    """Instances (with volumes and ENIs) for `specs`; returns (reservations, volumes)."""
    reservations, volumes = [], []
    groups = ctx.security_groups[region]
    ctx.instances[region] = []
    for i, spec in enumerate(specs):
        subnet_pool = ctx.subnets[region]["public" if spec.get("public") else "private"]
        subnet = subnet_pool[i % len(subnet_pool)]
        sgs = [groups[n] for n in spec["sg"]]
        launched_days = spec.get("stopped_days", 0) + rng.randrange(20, 500)
        iid = hexid("i")
        windows = spec.get("windows", False)
        tags = std_tags(ctx, spec["app"], name=spec["name"], missing=spec.get("untagged", False),
                        partial=spec.get("no_owner", False))
        inst = {
            "AmiLaunchIndex": 0,
            "ImageId": (WINDOWS_AMIS if windows else AMIS)[region],
            "InstanceId": iid,
            "InstanceType": spec.get("type", rng.choice(["t3.medium", "m6i.large", "c6i.xlarge", "t3.large"])),
            "KeyName": f"{ctx.label}-ops",
            "LaunchTime": when(launched_days),
            "Monitoring": {"State": "disabled"},
            "Placement": {"AvailabilityZone": subnet["AvailabilityZone"], "GroupName": "", "Tenancy": "default"},
        }
        if windows:
            inst["Platform"] = "windows"
        eni = _eni(ctx, region, subnet, sgs, "Primary network interface", instance=inst,
                   public=spec.get("public", False) and not spec.get("stopped_days"))
        stopped = "stopped_days" in spec
        inst.update({
            "PrivateDnsName": eni["PrivateDnsName"],
            "PrivateIpAddress": eni["PrivateIpAddress"],
            "ProductCodes": [],
            "PublicDnsName": eni.get("Association", {}).get("PublicDnsName", ""),
        })
        if "Association" in eni:
            inst["PublicIpAddress"] = eni["Association"]["PublicIp"]
        inst.update({
            "State": {"Code": 80, "Name": "stopped"} if stopped else {"Code": 16, "Name": "running"},
            "StateTransitionReason": f"User initiated ({gmt(spec['stopped_days'])})" if stopped else "",
            "SubnetId": subnet["SubnetId"],
            "VpcId": subnet["VpcId"],
            "Architecture": "x86_64",
        })
        az = subnet["AvailabilityZone"]
        root = _volume(ctx, region, az, 30 if windows else rng.choice([8, 20, 30]),
                       not spec.get("unencrypted", False), None if spec.get("untagged") else
                       std_tags(ctx, spec["app"], name=spec["name"] + "-root"), launched_days,
                       attach=(iid, "/dev/sda1" if windows else "/dev/xvda", inst["LaunchTime"]))
        vols = [root]
        if spec.get("data_gb"):
            vols.append(_volume(ctx, region, az, spec["data_gb"], not spec.get("unencrypted_data", False),
                                std_tags(ctx, spec["app"], name=spec["name"] + "-data"), launched_days,
                                attach=(iid, "/dev/xvdf", inst["LaunchTime"])))
        volumes += vols
        inst["BlockDeviceMappings"] = [{"DeviceName": v["Attachments"][0]["Device"],
                                        "Ebs": {"AttachTime": inst["LaunchTime"],
                                                "DeleteOnTermination": v["Attachments"][0]["DeleteOnTermination"],
                                                "Status": "attached", "VolumeId": v["VolumeId"]}} for v in vols]
        inst["ClientToken"] = hexid("terraform", 20)[10:]
        inst["EbsOptimized"] = True
        inst["EnaSupport"] = True
        inst["Hypervisor"] = "xen"
        if spec.get("profile"):
            inst["IamInstanceProfile"] = {"Arn": f"arn:aws:iam::{ctx.id}:instance-profile/{spec['profile']}",
                                          "Id": "AIPA" + hexid("x", 17)[2:].upper()}
        nic = {k: eni[k] for k in ("Association",) if k in eni}
        nic.update({"Attachment": eni["Attachment"], "Description": eni["Description"], "Groups": eni["Groups"],
                    "Ipv6Addresses": [], "MacAddress": eni["MacAddress"],
                    "NetworkInterfaceId": eni["NetworkInterfaceId"], "OwnerId": ctx.id,
                    "PrivateDnsName": eni["PrivateDnsName"], "PrivateIpAddress": eni["PrivateIpAddress"],
                    "PrivateIpAddresses": eni["PrivateIpAddresses"], "SourceDestCheck": True,
                    "Status": "in-use", "SubnetId": subnet["SubnetId"], "VpcId": subnet["VpcId"],
                    "InterfaceType": "interface"})
        inst["NetworkInterfaces"] = [nic]
        inst["RootDeviceName"] = vols[0]["Attachments"][0]["Device"]
        inst["RootDeviceType"] = "ebs"
        inst["SecurityGroups"] = eni["Groups"]
        inst["SourceDestCheck"] = True
        if stopped:
            inst["StateReason"] = {"Code": "Client.UserInitiatedShutdown",
                                   "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}
        if tags:
            inst["Tags"] = tags
        inst["VirtualizationType"] = "hvm"
        inst["CpuOptions"] = {"CoreCount": 1, "ThreadsPerCore": 2}
        inst["CapacityReservationSpecification"] = {"CapacityReservationPreference": "open"}
        inst["HibernationOptions"] = {"Configured": False}
        inst["MetadataOptions"] = {"State": "applied", "HttpTokens": "optional" if spec.get("imdsv1") else "required",
                                   "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled",
                                   "HttpProtocolIpv6": "disabled", "InstanceMetadataTags": "disabled"}
        inst["EnclaveOptions"] = {"Enabled": False}
        inst["PlatformDetails"] = "Windows" if windows else "Linux/UNIX"
        inst["UsageOperation"] = "RunInstances:0002" if windows else "RunInstances"
        inst["UsageOperationUpdateTime"] = inst["LaunchTime"]
        inst["PrivateDnsNameOptions"] = {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                         "EnableResourceNameDnsAAAARecord": False}
        inst["MaintenanceOptions"] = {"AutoRecovery": "default"}
        inst["CurrentInstanceBootMode"] = "legacy-bios"
        out_enis.append(eni)
        ctx.instances[region].append(inst)
        reservations.append({"Groups": [], "Instances": [inst], "OwnerId": ctx.id,
                             "ReservationId": hexid("r")})
    for size, encrypted, name, app, days in lone_volumes:
        az = region + "a"
        tags = std_tags(ctx, app, name=name) if name else None
        volumes.append(_volume(ctx, region, az, size, encrypted, tags, days))
    return reservations, volumes


def build_snapshots(ctx, region, volumes, count, public_count, unencrypted_ok=True):
    """Snapshots of the first `count` volumes; the first `public_count` are shared with everyone.
    Returns (snapshots, {snapshot id: createVolumePermission list})."""
    snaps, perms = [], {}
    for i, v in enumerate(volumes[:count]):
        sid = hexid("snap")
        tags = [t for t in v.get("Tags", []) if t["Key"] != "Name"]
        s = {
            "Description": f"Backup of {v['VolumeId']}" if i % 3 else "Created by CreateImage for ami-baseline",
            "Encrypted": v["Encrypted"],
            "OwnerId": ctx.id,
            "Progress": "100%",
            "SnapshotId": sid,
            "StartTime": when_ms(rng.randrange(2, 200)),
            "State": "completed",
            "VolumeId": v["VolumeId"],
            "VolumeSize": v["Size"],
            "StorageTier": "standard",
        }
        if v["Encrypted"]:
            s["KmsKeyId"] = v["KmsKeyId"]
        if tags and not (ctx.label == "dev" and i == count - 1):  # copied without tags by hand
            s["Tags"] = tags
        snaps.append(s)
        perms[sid] = [{"Group": "all"}] if i < public_count else []
    return snaps, perms


def build_addresses(ctx, region, attach_to, unassociated):
    """Elastic IPs: one per instance in `attach_to`, plus `unassociated` free ones."""
    out = []
    for inst in attach_to:
        nic = inst["NetworkInterfaces"][0]
        ip = nic.get("Association", {}).get("PublicIp") or public_ip()
        out.append({"InstanceId": inst["InstanceId"], "PublicIp": ip, "AllocationId": hexid("eipalloc"),
                    "AssociationId": hexid("eipassoc"), "Domain": "vpc",
                    "NetworkInterfaceId": nic["NetworkInterfaceId"], "NetworkInterfaceOwnerId": ctx.id,
                    "PrivateIpAddress": nic["PrivateIpAddress"],
                    "Tags": [{"Key": "Name", "Value": next((t["Value"] for t in inst.get("Tags", [])
                                                            if t["Key"] == "Name"), inst["InstanceId"])}],
                    "PublicIpv4Pool": "amazon", "NetworkBorderGroup": region})
    for n in range(unassociated):
        out.append({"PublicIp": public_ip(), "AllocationId": hexid("eipalloc"), "Domain": "vpc",
                    "Tags": [{"Key": "Name", "Value": f"old-nat-{n + 1}"}],
                    "PublicIpv4Pool": "amazon", "NetworkBorderGroup": region})
    return out


def build_images(ctx, region, snapshots, names, public_names):
    images = []
    for name, snap in zip(names, snapshots):
        created = when_ms(rng.randrange(30, 300))
        images.append({
            "Architecture": "x86_64",
            "CreationDate": created[:19] + ".000Z",  # a string in the EC2 API, not a timestamp
            "ImageId": hexid("ami"),
            "ImageLocation": f"{ctx.id}/{name}",
            "ImageType": "machine",
            "Public": name in public_names,
            "OwnerId": ctx.id,
            "PlatformDetails": "Linux/UNIX",
            "UsageOperation": "RunInstances",
            "State": "available",
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                     "Ebs": {"DeleteOnTermination": True, "SnapshotId": snap["SnapshotId"],
                                             "VolumeSize": snap["VolumeSize"], "VolumeType": "gp3",
                                             "Encrypted": snap["Encrypted"]}}],
            "Description": f"{name} golden image",
            "EnaSupport": True,
            "Hypervisor": "xen",
            "Name": name,
            "RootDeviceName": "/dev/xvda",
            "RootDeviceType": "ebs",
            "SriovNetSupport": "simple",
            "VirtualizationType": "hvm",
            "BootMode": "uefi-preferred",
            "ImdsSupport": "v2.0",
        })
    return images

