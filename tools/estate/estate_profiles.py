"""What the sample estate holds: per account and region, the resources and their
deliberate misconfigurations. make_estate.py turns these into capture files.

Reading guide (intended findings):
  prod      mostly compliant; a legacy SSH group and an RDP group open to the world, a
            public RDS instance and a public RDS snapshot, a stopped legacy host, an
            unencrypted unattached volume, EBS default encryption off in eu-west-1.
  dev       the messy one: root access key and no root MFA, no password policy, no
            account-level S3 block, world-open groups (IPv6 SSH, protocol -1, 0-1024),
            public AMI and EBS snapshot, unencrypted volumes, GuardDuty and Config off in
            eu-west-1, Security Hub off, DescribeVolumes throttled in eu-west-1.
  security  compliant baseline: organization trail, everything encrypted and blocked.
"""

from estate_lib import ACCOUNTS

ACCOUNT_ORDER = ["prod", "dev", "security"]
assert set(ACCOUNT_ORDER) == set(ACCOUNTS)

VPC_OCTET = {("prod", "us-east-1"): 10, ("prod", "eu-west-1"): 20, ("dev", "us-east-1"): 30,
             ("dev", "eu-west-1"): 40, ("security", "us-east-1"): 50, ("security", "eu-west-1"): 60}

SECURITY_GROUPS = {
    ("prod", "us-east-1"): ["web-alb", "web-app", "bastion", "db", "legacy-ssh", "windows-rdp", "ssm-only",
                            "udp-dns", "db-public"],
    ("prod", "eu-west-1"): ["web-alb", "web-app", "bastion", "db"],
    ("dev", "us-east-1"): ["web-alb", "web-app", "db", "ssh-ipv6", "debug-all-open", "ops-low-ports",
                           "legacy-ssh", "db-public"],
    ("dev", "eu-west-1"): ["web-app", "legacy-ssh", "windows-rdp", "db"],
    ("security", "us-east-1"): ["scanner", "ssm-only", "web-alb", "web-app", "db"],
    ("security", "eu-west-1"): ["scanner", "ssm-only", "web-app"],
}


def _web(prefix, n, app="storefront", **kw):
    return [dict({"name": f"{prefix}-{i + 1}", "app": app, "sg": ["web-app"], "profile": f"{app}-ec2"}, **kw)
            for i in range(n)]


INSTANCES = {
    ("prod", "us-east-1"): _web("web", 4) + _web("payments-api", 2, app="payments", data_gb=50) + [
        {"name": "bastion-1", "app": "platform", "sg": ["bastion"], "public": True, "type": "t3.micro"},
        {"name": "reporting-win-1", "app": "reporting", "sg": ["windows-rdp"], "public": True, "windows": True,
         "imdsv1": True, "no_owner": True, "type": "m6i.xlarge"},
        {"name": "legacy-jump", "app": "reporting", "sg": ["legacy-ssh"], "public": True, "stopped_days": 95,
         "unencrypted": True, "imdsv1": True, "type": "m3.medium"},
        {"name": "batch-worker-1", "app": "data-pipeline", "sg": ["web-app"], "stopped_days": 71,
         "data_gb": 200, "unencrypted_data": True},
        {"name": "dns-resolver-1", "app": "platform", "sg": ["udp-dns"], "type": "t3.small"},
        {"name": "auth-1", "app": "auth", "sg": ["ssm-only"], "profile": "auth-ec2"},
    ],
    ("prod", "eu-west-1"): _web("web-eu", 3) + [
        {"name": "worker-eu-1", "app": "data-pipeline", "sg": ["web-app"], "data_gb": 100},
        {"name": "bastion-eu-1", "app": "platform", "sg": ["bastion"], "public": True, "type": "t3.micro"},
    ],
    ("dev", "us-east-1"): _web("dev-web", 2, public=True, imdsv1=True) + [
        {"name": "dev-api-1", "app": "payments", "sg": ["web-app"], "profile": "payments-ec2"},
        {"name": "jenkins", "app": "platform", "sg": ["ops-low-ports"], "public": True, "data_gb": 200,
         "unencrypted_data": True, "unencrypted": True, "profile": "jenkins-admin"},
        {"name": "test-runner-1", "app": "platform", "sg": ["web-app"], "untagged": True, "unencrypted": True},
        {"name": "test-runner-2", "app": "platform", "sg": ["web-app"], "untagged": True, "unencrypted": True},
        {"name": "sandbox-gpu", "app": "data-pipeline", "sg": ["legacy-ssh"], "public": True, "stopped_days": 123,
         "type": "g5.xlarge", "unencrypted": True},
        {"name": "search-dev", "app": "search", "sg": ["ssh-ipv6"], "public": True},
        {"name": "debug-box", "app": "data-pipeline", "sg": ["debug-all-open"], "public": True, "untagged": True,
         "imdsv1": True},
    ],
    ("dev", "eu-west-1"): [
        {"name": "eu-test-1", "app": "storefront", "sg": ["web-app"], "no_owner": True},
        {"name": "eu-win-test", "app": "reporting", "sg": ["windows-rdp"], "public": True, "windows": True,
         "unencrypted": True},
        {"name": "eu-legacy", "app": "reporting", "sg": ["legacy-ssh"], "public": True, "stopped_days": 210,
         "unencrypted": True},
    ],
    ("security", "us-east-1"): [
        {"name": "scanner-1", "app": "security-tooling", "sg": ["scanner"], "profile": "scanner-ec2"},
        {"name": "siem-collector-1", "app": "security-tooling", "sg": ["ssm-only"], "data_gb": 500,
         "profile": "siem-ec2"},
    ],
    ("security", "eu-west-1"): [
        {"name": "scanner-eu-1", "app": "security-tooling", "sg": ["scanner"], "profile": "scanner-ec2"},
    ],
}

# (size GiB, encrypted, Name tag or None, Application, age days)
LONE_VOLUMES = {
    ("prod", "us-east-1"): [(500, False, "old-reporting-data", "reporting", 240), (100, True, None, "payments", 30),
                            (20, True, "scratch", "data-pipeline", 12)],
    ("prod", "eu-west-1"): [(50, True, "restore-test", "payments", 9)],
    ("dev", "us-east-1"): [(200, False, "jenkins-old", "platform", 400), (80, False, None, "platform", 150),
                           (16, False, "tmp", "data-pipeline", 3)],
    ("dev", "eu-west-1"): [(30, False, None, "reporting", 300)],
    ("security", "us-east-1"): [],
    ("security", "eu-west-1"): [],
}

# (snapshots taken of the first N volumes, of which the first P are public, AMI names, public AMI names)
SNAPSHOTS = {
    ("prod", "us-east-1"): (6, 0, ["storefront-base-2026-10", "payments-base-2026-09"], []),
    ("prod", "eu-west-1"): (3, 0, [], []),
    ("dev", "us-east-1"): (5, 1, ["dev-base-2026-06", "ml-sandbox-2026-03"], ["ml-sandbox-2026-03"]),
    ("dev", "eu-west-1"): (1, 0, [], []),
    ("security", "us-east-1"): (2, 0, ["scanner-2026-11"], []),
    ("security", "eu-west-1"): (0, 0, [], []),
}

# Elastic IPs: names of instances that get one, and the number of unassociated ones.
ADDRESSES = {
    ("prod", "us-east-1"): (["bastion-1"], 1),
    ("prod", "eu-west-1"): (["bastion-eu-1"], 0),
    ("dev", "us-east-1"): (["jenkins"], 2),
    ("dev", "eu-west-1"): ([], 0),
    ("security", "us-east-1"): ([], 0),
    ("security", "eu-west-1"): ([], 0),
}

RDS = {  # (instances, clusters, snapshots)
    ("prod", "us-east-1"): (
        [{"id": "payments-db", "app": "payments", "multi_az": True, "backup_days": 14},
         {"id": "reporting-db", "app": "reporting", "public": True, "sg": "db-public", "engine": "mysql",
          "version": "8.0.35", "auto_minor": False}],
        [{"id": "orders", "app": "storefront", "members": 2}],
        [{"db": "payments-db", "automated": True},
         {"db": "reporting-db", "id": "reporting-db-before-migration", "public": True, "days": 190}]),
    ("prod", "eu-west-1"): ([{"id": "payments-db-eu", "app": "payments", "multi_az": True}], [],
                            [{"db": "payments-db-eu", "automated": True}]),
    ("dev", "us-east-1"): (
        [{"id": "dev-db", "app": "payments", "public": True, "sg": "db-public", "unencrypted": True,
          "backup_days": 1, "deletion_protection": False, "class": "db.t3.medium"}],
        [],
        [{"db": "dev-db", "id": "dev-db-share", "shared_with": "111111111111", "days": 40}]),
    ("dev", "eu-west-1"): ([], [], []),
    ("security", "us-east-1"): ([], [], []),
    ("security", "eu-west-1"): ([], [], []),
}

REDSHIFT = {
    ("prod", "us-east-1"): [{"id": "analytics", "app": "reporting", "logging": "acme-prod-logs"}],
    ("prod", "eu-west-1"): [{"id": "eu-analytics", "app": "reporting", "logging": "acme-prod-logs"}],
    ("dev", "us-east-1"): [{"id": "dev-warehouse", "app": "reporting", "public": True, "unencrypted": True,
                            "sg": "db-public", "untagged": True}],
}

OPENSEARCH = {
    ("prod", "us-east-1"): [{"name": "product-search", "app": "search"}],
    ("dev", "us-east-1"): [{"name": "dev-logs", "app": "search", "vpc": False, "open_policy": True,
                            "unencrypted": True, "untagged": True}],
    ("prod", "eu-west-1"): [{"name": "eu-search", "app": "search"}],
}

ELB = {
    ("prod", "us-east-1"): [{"name": "legacy-web", "app": "storefront"}],
    ("prod", "eu-west-1"): [{"name": "legacy-eu-web", "app": "storefront", "scheme": "internal", "no_instances": True,
                             "access_log": "acme-prod-logs"}],
    ("dev", "us-east-1"): [{"name": "dev-classic", "app": "storefront", "https": True, "untagged": True}],
}

ELBV2 = {
    ("prod", "us-east-1"): [
        {"name": "storefront-alb", "app": "storefront", "access_log": "acme-prod-logs", "drop_invalid_headers": True,
         "deletion_protection": True},
        {"name": "payments-nlb", "app": "payments", "type": "network", "scheme": "internal"}],
    ("prod", "eu-west-1"): [{"name": "storefront-eu-alb", "app": "storefront", "http_redirect": False,
                             "ssl_policy": "ELBSecurityPolicy-2016-08"}],
    ("dev", "us-east-1"): [{"name": "dev-alb", "app": "storefront", "https": False, "http_redirect": False,
                            "untagged": True}],
    ("security", "us-east-1"): [{"name": "siem-ingest", "app": "security-tooling", "scheme": "internal",
                                 "access_log": "acme-security-logs", "drop_invalid_headers": True,
                                 "deletion_protection": True}],
}

REGION_SETTINGS = {
    ("prod", "us-east-1"): dict(ebs_default=True, guardduty=True, config="on", securityhub=True, analyzer=True),
    ("prod", "eu-west-1"): dict(ebs_default=False, guardduty=True, config="on", securityhub=True, analyzer=True),
    ("dev", "us-east-1"): dict(ebs_default=False, guardduty=True, config="stopped", securityhub=False, analyzer=False),
    ("dev", "eu-west-1"): dict(ebs_default=False, guardduty=False, config="none", securityhub=False, analyzer=False),
    ("security", "us-east-1"): dict(ebs_default=True, guardduty=True, config="on", securityhub=True, analyzer=True),
    ("security", "eu-west-1"): dict(ebs_default=True, guardduty=True, config="on", securityhub=True, analyzer=True),
}

_ALL_ON = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
GLOBAL_SETTINGS = {
    "prod": dict(password_policy={"MinimumPasswordLength": 14, "RequireSymbols": True, "RequireNumbers": True,
                                  "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                  "AllowUsersToChangePassword": True, "ExpirePasswords": True, "MaxPasswordAge": 90,
                                  "PasswordReusePrevention": 24, "HardExpiry": False},
                 root_keys=False, root_mfa=True, root_mfa_virtual=False,
                 s3_block={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
                           "RestrictPublicBuckets": False}),
    "dev": dict(password_policy=None, root_keys=True, root_mfa=False, root_mfa_virtual=False, s3_block=None),
    "security": dict(password_policy={"MinimumPasswordLength": 12, "RequireSymbols": True, "RequireNumbers": True,
                                      "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                      "AllowUsersToChangePassword": True, "ExpirePasswords": False,
                                      "PasswordReusePrevention": 5, "HardExpiry": False},
                     root_keys=False, root_mfa=True, root_mfa_virtual=True, s3_block=dict(_ALL_ON)),
}

# The failed list call of the estate: (account, region, service, operation, code, message).
THROTTLED = ("dev", "eu-west-1", "ec2", "DescribeVolumes", "RequestLimitExceeded", "Request limit exceeded.")
