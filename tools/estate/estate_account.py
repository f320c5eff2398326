"""Account-wide settings of the sample estate (the aws.account asset's sources):
EC2 regions and EBS default encryption, GuardDuty, AWS Config, Security Hub,
IAM Access Analyzer (per region), S3 account-level Block Public Access, IAM
password policy and account summary (global)."""

from estate_lib import hexid, when

ALL_REGIONS = ["ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
               "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2",
               "us-west-1", "us-west-2", "af-south-1", "me-south-1"]
OPT_IN = {"af-south-1", "me-south-1"}


def write_region_settings(ctx, region, s):
    """s: dict with ebs_default, guardduty, config ('on'|'stopped'|'none'), securityhub, analyzer."""
    ctx.put(region, "ec2", "DescribeRegions", {"Regions": [
        {"Endpoint": f"ec2.{r}.amazonaws.com", "RegionName": r,
         "OptInStatus": "not-opted-in" if r in OPT_IN else "opt-in-not-required"} for r in ALL_REGIONS]})
    ctx.put(region, "ec2", "GetEbsEncryptionByDefault", {"EbsEncryptionByDefault": s["ebs_default"], "SseType":
                                                         "sse-ebs" if s["ebs_default"] else "none"})
    ctx.put(region, "guardduty", "ListDetectors", {"DetectorIds": [hexid("x", 32)[2:]] if s["guardduty"] else []})
    recorders, status = [], []
    if s["config"] != "none":
        recorders = [{"name": "default",
                      "roleARN": f"arn:aws:iam::{ctx.id}:role/aws-service-role/config.amazonaws.com/"
                                 "AWSServiceRoleForConfig",
                      "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": region == "us-east-1",
                                         "resourceTypes": [], "exclusionByResourceTypes": {"resourceTypes": []},
                                         "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}},
                      "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []}}]
        recording = s["config"] == "on"
        status = [{"name": "default", "lastStartTime": when(380), "recording": recording,
                   "lastStatus": "SUCCESS" if recording else "PENDING", "lastStatusChangeTime": when(0.1)}]
        if not recording:
            status[0]["lastStopTime"] = when(45)
    ctx.put(region, "config", "DescribeConfigurationRecorders", {"ConfigurationRecorders": recorders})
    ctx.put(region, "config", "DescribeConfigurationRecorderStatus", {"ConfigurationRecordersStatus": status})
    if s["securityhub"]:
        ctx.put(region, "securityhub", "DescribeHub", {
            "HubArn": f"arn:aws:securityhub:{region}:{ctx.id}:hub/default", "SubscribedAt": when(500)[:19] + ".512Z",
            "AutoEnableControls": True, "ControlFindingGenerator": "SECURITY_CONTROL"})
    else:
        ctx.error(region, "securityhub", "DescribeHub", "InvalidAccessException",
                  f"Account {ctx.id} is not subscribed to AWS Security Hub")
    analyzers = []
    if s["analyzer"]:
        analyzers = [{"arn": f"arn:aws:access-analyzer:{region}:{ctx.id}:analyzer/ConsoleAnalyzer-{hexid('x', 12)[2:]}",
                      "name": "ConsoleAnalyzer", "type": "ACCOUNT", "createdAt": when(420),
                      "lastResourceAnalyzed": f"arn:aws:s3:::acme-{ctx.label}-logs",
                      "lastResourceAnalyzedAt": when(0.3), "tags": {}, "status": "ACTIVE"}]
    ctx.put(region, "accessanalyzer", "ListAnalyzers", {"analyzers": analyzers})


def write_global_settings(ctx, s, iam_counts):
    """s: dict with password_policy (dict or None), root_keys, root_mfa, root_mfa_virtual, s3_block (dict or None)."""
    pp = s["password_policy"]
    if pp is None:
        ctx.error("global", "iam", "GetAccountPasswordPolicy", "NoSuchEntity",
                  f"The Password Policy with domain name {ctx.id} cannot be found.")
    else:
        ctx.put("global", "iam", "GetAccountPasswordPolicy", {"PasswordPolicy": pp})
    summary = {
        "GroupPolicySizeQuota": 5120, "InstanceProfilesQuota": 1000, "Policies": iam_counts["policies"],
        "GroupsPerUserQuota": 10, "InstanceProfiles": iam_counts["instance_profiles"],
        "AttachedPoliciesPerUserQuota": 20, "Users": iam_counts["users"], "PoliciesQuota": 1500, "Providers": 1,
        "AccountMFAEnabled": 1 if s["root_mfa"] else 0, "AccessKeysPerUserQuota": 2,
        "AssumeRolePolicySizeQuota": 2048, "PolicyVersionsInUseQuota": 10000, "GlobalEndpointTokenVersion": 1,
        "VersionsPerPolicyQuota": 5, "AttachedPoliciesPerGroupQuota": 10, "PolicySizeQuota": 6144,
        "Groups": iam_counts["groups"], "AccountSigningCertificatesPresent": 0, "UsersQuota": 5000,
        "ServerCertificatesQuota": 20, "MFADevices": iam_counts["mfa"], "UserPolicySizeQuota": 2048,
        "PolicyVersionsInUse": iam_counts["attachments"], "ServerCertificates": iam_counts["server_certificates"],
        "Roles": iam_counts["roles"], "RolesQuota": 1000, "SigningCertificatesPerUserQuota": 2,
        "MFADevicesInUse": iam_counts["mfa"], "RolePolicySizeQuota": 10240, "AttachedPoliciesPerRoleQuota": 10,
        "AccountAccessKeysPresent": 1 if s["root_keys"] else 0, "GroupsQuota": 300,
    }
    ctx.put("global", "iam", "GetAccountSummary", {"SummaryMap": summary})
    # --assignment-status Assigned: the root user's device when it is a virtual one (CIS 1.6).
    virtual = []
    if s["root_mfa"] and s["root_mfa_virtual"]:
        virtual.append({"SerialNumber": f"arn:aws:iam::{ctx.id}:mfa/root-account-mfa-device",
                        "User": {"Arn": f"arn:aws:iam::{ctx.id}:root", "UserId": ctx.id,
                                 "CreateDate": "2020-01-01T00:00:00+00:00"},
                        "EnableDate": "2020-01-02T00:00:00+00:00"})
    ctx.put("global", "iam", "ListVirtualMFADevices", {"VirtualMFADevices": virtual})
    block = s["s3_block"]
    if block is None:
        ctx.error("global", "s3control", "GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration",
                  "The public access block configuration was not found")
    else:
        ctx.put("global", "s3control", "GetPublicAccessBlock", {"PublicAccessBlockConfiguration": block})
