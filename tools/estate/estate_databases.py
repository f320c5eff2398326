"""RDS, Redshift and OpenSearch of the sample estate.

Specs (dicts) come from make_estate.py's profiles; each builder writes the
region's list files and per-resource files through ctx.
"""

import json

from estate_lib import hexid, rng, std_tags, upper_id, when, when_ms


def _kms(ctx, region):
    keys = ctx.kms_keys.get(region, [])
    return keys[0]["Arn"] if keys else None


def _subnet_group(ctx, region, name):
    subnets = ctx.subnets[region]["private"]
    return {"DBSubnetGroupName": name, "DBSubnetGroupDescription": f"{name} subnets",
            "VpcId": subnets[0]["VpcId"], "SubnetGroupStatus": "Complete",
            "Subnets": [{"SubnetIdentifier": s["SubnetId"],
                         "SubnetAvailabilityZone": {"Name": s["AvailabilityZone"]},
                         "SubnetOutpost": {}, "SubnetStatus": "Active"} for s in subnets]}


def _db_instance(ctx, region, spec, cluster=None):
    ident = spec["id"]
    engine = spec.get("engine", "postgres")
    port = 3306 if "mysql" in engine else 5432
    encrypted = not spec.get("unencrypted", False)
    sg = ctx.security_groups[region][spec.get("sg", "db")]
    created = when_ms(rng.randrange(60, 700))
    d = {
        "DBInstanceIdentifier": ident,
        "DBInstanceClass": spec.get("class", "db.r6g.large"),
        "Engine": engine,
        "DBInstanceStatus": "available",
        "MasterUsername": "dbadmin",
        "Endpoint": {"Address": f"{ident}.{hexid('c', 12)[2:]}.{region}.rds.amazonaws.com", "Port": port,
                     "HostedZoneId": "Z2R2ITUGPM61AM" if region == "us-east-1" else "Z29XKXDKYMONMX"},
        "AllocatedStorage": spec.get("storage", 100) if not cluster else 1,
        "InstanceCreateTime": created,
        "PreferredBackupWindow": "03:10-03:40",
        "BackupRetentionPeriod": spec.get("backup_days", 7),
        "DBSecurityGroups": [],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": sg["GroupId"], "Status": "active"}],
        "DBParameterGroups": [{"DBParameterGroupName": f"default.{engine}15", "ParameterApplyStatus": "in-sync"}],
        "AvailabilityZone": region + "a",
        "DBSubnetGroup": _subnet_group(ctx, region, f"{ctx.label}-db"),
        "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
        "PendingModifiedValues": {},
        "LatestRestorableTime": when(0.2),
        "MultiAZ": spec.get("multi_az", False),
        "EngineVersion": spec.get("version", "15.4"),
        "AutoMinorVersionUpgrade": spec.get("auto_minor", True),
        "ReadReplicaDBInstanceIdentifiers": [],
        "LicenseModel": "general-public-license" if "mysql" in engine else "postgresql-license",
        "OptionGroupMemberships": [{"OptionGroupName": f"default:{engine}-15", "Status": "in-sync"}],
        "PubliclyAccessible": spec.get("public", False),
        "StorageType": "gp3" if not cluster else "aurora",
        "DbInstancePort": 0,
    }
    if cluster:
        d["DBClusterIdentifier"] = cluster
    d["StorageEncrypted"] = encrypted
    if encrypted:
        d["KmsKeyId"] = _kms(ctx, region)
    d.update({
        "DbiResourceId": upper_id("db-", 26),
        "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "DomainMemberships": [],
        "CopyTagsToSnapshot": True,
        "MonitoringInterval": 60 if ctx.label == "prod" else 0,
        "DBInstanceArn": ctx.arn("rds", region, "db:" + ident),
        "IAMDatabaseAuthenticationEnabled": spec.get("iam_auth", False),
        "PerformanceInsightsEnabled": ctx.label == "prod",
        "DeletionProtection": spec.get("deletion_protection", ctx.label == "prod"),
        "AssociatedRoles": [],
        "TagList": std_tags(ctx, spec["app"], missing=spec.get("untagged", False)),
        "CustomerOwnedIpEnabled": False,
        "BackupTarget": "region",
        "NetworkType": "IPV4",
        "CertificateDetails": {"CAIdentifier": "rds-ca-rsa2048-g1", "ValidTill": "2027-05-14T21:48:07+00:00"},
        "DedicatedLogVolume": False,
        "EngineLifecycleSupport": "open-source-rds-extended-support",
    })
    return d


def write_rds(ctx, region, instances, clusters, snapshot_specs):
    dbs, cls = [], []
    for c in clusters:
        members = []
        for n in range(c.get("members", 2)):
            spec = dict(c, id=f"{c['id']}-{n + 1}", engine="aurora-postgresql", version="15.4")
            dbs.append(_db_instance(ctx, region, spec, cluster=c["id"]))
            members.append({"DBInstanceIdentifier": spec["id"], "IsClusterWriter": n == 0,
                            "DBClusterParameterGroupStatus": "in-sync", "PromotionTier": 1})
        sg = ctx.security_groups[region][c.get("sg", "db")]
        encrypted = not c.get("unencrypted", False)
        cl = {
            "AllocatedStorage": 1,
            "AvailabilityZones": [region + z for z in "abc"],
            "BackupRetentionPeriod": c.get("backup_days", 7),
            "DatabaseName": c["id"].replace("-", "_"),
            "DBClusterIdentifier": c["id"],
            "DBClusterParameterGroup": "default.aurora-postgresql15",
            "DBSubnetGroup": f"{ctx.label}-db",
            "Status": "available",
            "EarliestRestorableTime": when(7),
            "Endpoint": f"{c['id']}.cluster-{hexid('c', 12)[2:]}.{region}.rds.amazonaws.com",
            "ReaderEndpoint": f"{c['id']}.cluster-ro-{hexid('c', 12)[2:]}.{region}.rds.amazonaws.com",
            "MultiAZ": True,
            "Engine": "aurora-postgresql",
            "EngineVersion": "15.4",
            "LatestRestorableTime": when(0.1),
            "Port": 5432,
            "MasterUsername": "dbadmin",
            "PreferredBackupWindow": "04:00-04:30",
            "PreferredMaintenanceWindow": "mon:06:00-mon:06:30",
            "ReadReplicaIdentifiers": [],
            "DBClusterMembers": members,
            "VpcSecurityGroups": [{"VpcSecurityGroupId": sg["GroupId"], "Status": "active"}],
            "HostedZoneId": "Z2R2ITUGPM61AM",
            "StorageEncrypted": encrypted,
        }
        if encrypted:
            cl["KmsKeyId"] = _kms(ctx, region)
        cl.update({
            "DbClusterResourceId": upper_id("cluster-", 26),
            "DBClusterArn": ctx.arn("rds", region, "cluster:" + c["id"]),
            "AssociatedRoles": [],
            "IAMDatabaseAuthenticationEnabled": False,
            "ClusterCreateTime": when_ms(400),
            "EngineMode": "provisioned",
            "DeletionProtection": c.get("deletion_protection", True),
            "HttpEndpointEnabled": False,
            "CopyTagsToSnapshot": True,
            "CrossAccountClone": False,
            "DomainMemberships": [],
            "TagList": std_tags(ctx, c["app"]),
            "AutoMinorVersionUpgrade": True,
            "NetworkType": "IPV4",
        })
        cls.append(cl)
    for spec in instances:
        dbs.append(_db_instance(ctx, region, spec))
    snaps = []
    for s in snapshot_specs:
        db = next(d for d in dbs if d["DBInstanceIdentifier"] == s["db"])
        automated = s.get("automated", False)
        ident = f"rds:{db['DBInstanceIdentifier']}-2026-11-25-03-10" if automated else s["id"]
        snap = {
            "DBSnapshotIdentifier": ident,
            "DBInstanceIdentifier": db["DBInstanceIdentifier"],
            "SnapshotCreateTime": when_ms(s.get("days", 1)),
            "Engine": db["Engine"],
            "AllocatedStorage": db["AllocatedStorage"],
            "Status": "available",
            "Port": db["Endpoint"]["Port"],
            "AvailabilityZone": db["AvailabilityZone"],
            "VpcId": db["DBSubnetGroup"]["VpcId"],
            "InstanceCreateTime": db["InstanceCreateTime"],
            "MasterUsername": "dbadmin",
            "EngineVersion": db["EngineVersion"],
            "LicenseModel": db["LicenseModel"],
            "SnapshotType": "automated" if automated else "manual",
            "OptionGroupName": db["OptionGroupMemberships"][0]["OptionGroupName"],
            "PercentProgress": 100,
            "StorageType": db["StorageType"],
            "Encrypted": db["StorageEncrypted"],
        }
        if db["StorageEncrypted"]:
            snap["KmsKeyId"] = db["KmsKeyId"]
        snap.update({
            "DBSnapshotArn": ctx.arn("rds", region, "snapshot:" + ident),
            "IAMDatabaseAuthenticationEnabled": False,
            "ProcessorFeatures": [],
            "DbiResourceId": db["DbiResourceId"],
            "TagList": db["TagList"] if not automated else [],
            "OriginalSnapshotCreateTime": when_ms(s.get("days", 1)),
            "SnapshotTarget": "region",
            "StorageThroughput": 0,
            "DedicatedLogVolume": False,
        })
        snaps.append(snap)
        restore = ["all"] if s.get("public") else ([s["shared_with"]] if s.get("shared_with") else [])
        ctx.put(region, "rds", "DescribeDBSnapshotAttributes",
                {"DBSnapshotAttributesResult": {"DBSnapshotIdentifier": ident, "DBSnapshotAttributes": [
                    {"AttributeName": "restore", "AttributeValues": restore}]}}, key=ident)
    ctx.put(region, "rds", "DescribeDBInstances", {"DBInstances": dbs})
    ctx.put(region, "rds", "DescribeDBClusters", {"DBClusters": cls})
    ctx.put(region, "rds", "DescribeDBSnapshots", {"DBSnapshots": snaps})
    ctx.rds = getattr(ctx, "rds", {})
    ctx.rds[region] = dbs
    return len(dbs) + len(cls) + len(snaps)


def write_redshift(ctx, region, specs):
    clusters = []
    for spec in specs:
        sg = ctx.security_groups[region][spec.get("sg", "db")]
        encrypted = not spec.get("unencrypted", False)
        c = {
            "ClusterIdentifier": spec["id"],
            "NodeType": "ra3.xlplus",
            "ClusterStatus": "available",
            "ClusterAvailabilityStatus": "Available",
            "MasterUsername": "awsuser",
            "DBName": "analytics",
            "Endpoint": {"Address": f"{spec['id']}.{hexid('c', 12)[2:]}.{region}.redshift.amazonaws.com",
                         "Port": 5439},
            "ClusterCreateTime": when_ms(300),
            "AutomatedSnapshotRetentionPeriod": 1,
            "ManualSnapshotRetentionPeriod": -1,
            "ClusterSecurityGroups": [],
            "VpcSecurityGroups": [{"VpcSecurityGroupId": sg["GroupId"], "Status": "active"}],
            "ClusterParameterGroups": [{"ParameterGroupName": "default.redshift-1.0",
                                        "ParameterApplyStatus": "in-sync"}],
            "ClusterSubnetGroupName": f"{ctx.label}-redshift",
            "VpcId": sg["VpcId"],
            "AvailabilityZone": region + "b",
            "PreferredMaintenanceWindow": "sat:07:30-sat:08:00",
            "PendingModifiedValues": {},
            "ClusterVersion": "1.0",
            "AllowVersionUpgrade": True,
            "NumberOfNodes": 2,
            "PubliclyAccessible": spec.get("public", False),
            "Encrypted": encrypted,
        }
        if encrypted:
            c["KmsKeyId"] = _kms(ctx, region)
        c.update({
            "EnhancedVpcRouting": False,
            "IamRoles": [],
            "MaintenanceTrackName": "current",
            "Tags": std_tags(ctx, spec["app"], missing=spec.get("untagged", False)),
            "ClusterNamespaceArn": ctx.arn("redshift", region, "namespace:" + hexid("x", 8)[2:] + "-" +
                                           hexid("x", 4)[2:]),
            "TotalStorageCapacityInMegaBytes": 67108864,
            "AquaConfiguration": {"AquaStatus": "disabled", "AquaConfigurationStatus": "auto"},
            "MultiAZ": "Disabled",
        })
        clusters.append(c)
        if spec.get("logging"):
            ctx.put(region, "redshift", "DescribeLoggingStatus",
                    {"LoggingEnabled": True, "BucketName": spec["logging"], "S3KeyPrefix": "redshift/",
                     "LastSuccessfulDeliveryTime": when(0.05), "LogDestinationType": "s3",
                     "LogExports": ["connectionlog", "userlog", "useractivitylog"]}, key=spec["id"])
        else:
            ctx.put(region, "redshift", "DescribeLoggingStatus", {"LoggingEnabled": False}, key=spec["id"])
    ctx.put(region, "redshift", "DescribeClusters", {"Clusters": clusters})
    return len(clusters)


def write_opensearch(ctx, region, specs):
    names = []
    for spec in specs:
        name = spec["name"]
        arn = ctx.arn("es", region, "domain/" + name)
        names.append({"DomainName": name, "EngineType": "OpenSearch"})
        principal = "*" if spec.get("open_policy") else {"AWS": f"arn:aws:iam::{ctx.id}:root"}
        policy = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": principal, "Action": "es:*", "Resource": arn + "/*"}]}
        status = {
            "DomainId": f"{ctx.id}/{name}",
            "DomainName": name,
            "ARN": arn,
            "Created": True,
            "Deleted": False,
            "Processing": False,
            "UpgradeProcessing": False,
            "EngineVersion": "OpenSearch_2.11",
            "ClusterConfig": {"InstanceType": "r6g.large.search", "InstanceCount": 3,
                              "DedicatedMasterEnabled": False, "ZoneAwarenessEnabled": True,
                              "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3}, "WarmEnabled": False,
                              "ColdStorageOptions": {"Enabled": False}, "MultiAZWithStandbyEnabled": False},
            "EBSOptions": {"EBSEnabled": True, "VolumeType": "gp3", "VolumeSize": 100, "Iops": 3000,
                           "Throughput": 125},
            "AccessPolicies": json.dumps(policy, separators=(",", ":")),
            "SnapshotOptions": {},
        }
        if spec.get("vpc", True):
            sg = ctx.security_groups[region][spec.get("sg", "web-app")]
            subnets = ctx.subnets[region]["private"]
            status["Endpoints"] = {"vpc": f"vpc-{name}-{hexid('x', 26)[2:]}.{region}.es.amazonaws.com"}
            status["VPCOptions"] = {"VPCId": sg["VpcId"], "SubnetIds": [s["SubnetId"] for s in subnets],
                                    "AvailabilityZones": [s["AvailabilityZone"] for s in subnets],
                                    "SecurityGroupIds": [sg["GroupId"]]}
        else:
            status["Endpoint"] = f"search-{name}-{hexid('x', 26)[2:]}.{region}.es.amazonaws.com"
        encrypted = not spec.get("unencrypted", False)
        status.update({
            "CognitoOptions": {"Enabled": False},
            "EncryptionAtRestOptions": {"Enabled": encrypted, **({"KmsKeyId": _kms(ctx, region)} if encrypted else {})},
            "NodeToNodeEncryptionOptions": {"Enabled": encrypted},
            "AdvancedOptions": {"indices.fielddata.cache.size": "20", "indices.query.bool.max_clause_count": "1024",
                                "override_main_response_version": "false", "rest.action.multi.allow_explicit_index": "true"},
            "LogPublishingOptions": {},
            "ServiceSoftwareOptions": {"CurrentVersion": "OpenSearch_2_11_R20240502", "NewVersion": "",
                                       "UpdateAvailable": False, "Cancellable": False, "UpdateStatus": "COMPLETED",
                                       "Description": "There is no software update available for this domain.",
                                       "AutomatedUpdateDate": "1970-01-01T00:00:00+00:00", "OptionalDeployment": True},
            "DomainEndpointOptions": {"EnforceHTTPS": encrypted, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
                                      "CustomEndpointEnabled": False},
            "AdvancedSecurityOptions": {"Enabled": encrypted, "InternalUserDatabaseEnabled": False,
                                        "AnonymousAuthEnabled": False},
            "AutoTuneOptions": {"State": "ENABLED", "UseOffPeakWindow": False},
            "ChangeProgressDetails": {"ChangeId": hexid("x", 32)[2:], "ConfigChangeStatus": "Completed",
                                      "InitiatedBy": "CUSTOMER", "StartTime": when(90), "LastUpdatedTime": when(90)},
            "OffPeakWindowOptions": {"Enabled": True, "OffPeakWindow": {"WindowStartTime": {"Hours": 0, "Minutes": 0}}},
            "SoftwareUpdateOptions": {"AutoSoftwareUpdateEnabled": False},
            "DomainProcessingStatus": "Active",
            "ModifyingProperties": [],
        })
        ctx.put(region, "opensearch", "DescribeDomain", {"DomainStatus": status}, key=name)
        ctx.put(region, "opensearch", "ListTags", {"TagList": std_tags(ctx, spec["app"], missing=spec.get("untagged", False))}, key=arn)
    ctx.put(region, "opensearch", "ListDomainNames", {"DomainNames": names})
    return len(names)
