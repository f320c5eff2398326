"""IAM of the sample estate: users (access keys, MFA, login profiles, groups,
policies, inline policy documents, tags), groups, roles (with the Lambda
functions' execution roles, finish_iam), customer-managed policies, server
certificates and the credential report (base64 CSV), all under <account>/global/iam.

User spec tuple: (name, console, mfa, keys, password_last_used_days, tags_app)
  keys: list of (status, age_days, last_used_days or None)
"""

import base64
import hashlib
import json
import urllib.parse

from estate_lib import NOW, rng, std_tags, upper_id, when

USERS = {
    "prod": [
        ("alice.admin", True, True, [("Active", 30, 1)], 1, "platform"),
        ("bob.martin", True, True, [], 3, "storefront"),
        ("carol.nguyen", True, False, [("Active", 20, None)], 12, "payments"),
        ("ci-deploy", False, False, [("Active", 412, 2)], None, "platform"),
        ("svc-reporting", False, False, [("Active", 203, None)], None, "reporting"),
        ("dave.old", True, False, [("Inactive", 700, 650)], 210, None),
        ("erin.ops", True, True, [], 0, "platform"),
        ("frank.lee", True, True, [("Active", 61, 5)], 2, "search"),
        ("terraform", False, False, [("Active", 97, 0)], None, "platform"),
        ("backup-agent", False, False, [("Active", 25, 0), ("Inactive", 510, 480)], None, "data-pipeline"),
        ("grace.kim", True, True, [], 8, "auth"),
        ("heidi.audit", False, False, [], None, "security-tooling"),
    ],
    "dev": [
        ("alice.admin", True, True, [("Active", 88, 0)], 0, "platform"),
        ("dev.intern", True, False, [("Active", 140, 30)], 30, "storefront"),
        ("mallory.test", True, False, [], None, None),
        ("jenkins", False, False, [("Active", 820, 0), ("Active", 35, 0)], None, "platform"),
        ("sandbox-bot", False, False, [("Active", 300, None)], None, None),
        ("oscar.ds", True, False, [("Active", 45, 3)], 3, "data-pipeline"),
        ("peggy.qa", True, True, [], 60, "storefront"),
        ("ml-upload", False, False, [("Inactive", 400, 380)], None, "data-pipeline"),
    ],
    "security": [
        ("alice.admin", True, True, [], 4, "security-tooling"),
        ("breakglass", True, True, [], None, "security-tooling"),
        ("siem-reader", False, False, [("Active", 20, 0)], None, "security-tooling"),
        ("ivan.ir", True, True, [("Active", 75, 10)], 1, "security-tooling"),
        ("judy.grc", True, True, [], 15, "security-tooling"),
    ],
}

GROUPS = {"Admins": ["arn:aws:iam::aws:policy/AdministratorAccess"],
          "Developers": ["arn:aws:iam::aws:policy/PowerUserAccess"],
          "ReadOnly": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          "Billing": ["arn:aws:iam::aws:policy/job-function/Billing"]}
MEMBERS = {"alice.admin": ["Admins"], "bob.martin": ["Developers"], "carol.nguyen": ["Developers"],
           "erin.ops": ["Admins"], "frank.lee": ["Developers"], "grace.kim": ["Developers", "Billing"],
           "heidi.audit": ["ReadOnly"], "dave.old": ["ReadOnly"], "dev.intern": ["Developers"],
           "mallory.test": ["Admins"], "oscar.ds": ["Developers"], "peggy.qa": ["ReadOnly"],
           "ivan.ir": ["Admins"], "judy.grc": ["ReadOnly"], "breakglass": ["Admins"]}
# Users with policies attached directly (CIS 1.15 wants them through groups).
DIRECT = {"ci-deploy": ["arn:aws:iam::aws:policy/AdministratorAccess"],
          "terraform": ["arn:aws:iam::{account}:policy/terraform-state"],
          "jenkins": ["arn:aws:iam::{account}:policy/ci-full-access"],
          "sandbox-bot": ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]}
INLINE = {"svc-reporting": ["reporting-s3-read"], "mallory.test": ["allow-everything"]}
GROUP_INLINE = {"Billing": ["cost-explorer-read"]}  # and dev's Developers: "allow-everything"
# Inline policy documents (Get{User,Group,Role}Policy), by policy name. "allow-everything"
# grants "*" on "*" (CIS 1.16); the others are least-privilege look-alikes.
INLINE_DOCS = {
    "reporting-s3-read": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::acme-prod-reports", "arn:aws:s3:::acme-prod-reports/*"]}]},
    "allow-everything": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}]},
    "cost-explorer-read": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ce:Get*", "ce:Describe*", "ce:List*"], "Resource": "*"}]},
    "inline-logs": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]},
}
LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
# Lambda execution roles that are privileged (aws-lambda-function-admin-role): function name ->
# (attached managed policies, inline policy names); the others get the basic execution role.
LAMBDA_PRIVILEGED = {"nightly-export": (["arn:aws:iam::aws:policy/AdministratorAccess"], []),
                     "legacy-cron": (["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
                                     ["allow-everything"])}

EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _policies(account):
    """Customer-managed policies: name -> (document, description)."""
    p = {
        "terraform-state": ({"Version": "2012-10-17", "Statement": [
            {"Sid": "State", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
             "Resource": ["arn:aws:s3:::acme-terraform-state", "arn:aws:s3:::acme-terraform-state/*"]},
            {"Sid": "Lock", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem",
                                                          "dynamodb:DeleteItem"],
             "Resource": f"arn:aws:dynamodb:us-east-1:{account}:table/terraform-locks"}]}, "Terraform state access"),
        "storefront-app": ({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
             "Resource": f"arn:aws:sqs:us-east-1:{account}:orders"},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": "sqs.us-east-1.amazonaws.com"}}}]}, None),
    }
    if account == "222222222222":
        p["ci-full-access"] = ({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]}, "Temporary: CI needs everything")
    if account == "333333333333":
        p["security-audit-extra"] = ({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["access-analyzer:List*", "securityhub:Get*", "guardduty:Get*"],
             "Resource": "*"}]}, "Read security findings")
    return p


def _roles(ctx):
    acct = ctx.id
    roles = {  # name -> (path, trust, attached, description, app)
        "AWSServiceRoleForConfig": ("/aws-service-role/config.amazonaws.com/", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            ["arn:aws:iam::aws:policy/aws-service-role/AWSConfigServiceRolePolicy"], None, None),
        "OrganizationAccountAccessRole": ("/", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}]},
            ["arn:aws:iam::aws:policy/AdministratorAccess"], None, None),
        "security-audit": ("/", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"sts:ExternalId": "vigil-audit-7f3a"}}}]},
            ["arn:aws:iam::aws:policy/SecurityAudit"], "Read-only audit from the security account", "security-tooling"),
    }
    for spec_app, name in (("storefront", "storefront-ec2"), ("payments", "payments-ec2"), ("auth", "auth-ec2")):
        roles[name] = ("/", EC2_TRUST, [f"arn:aws:iam::{acct}:policy/storefront-app",
                                        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
                       f"Instance role for {spec_app}", spec_app)
    if ctx.label == "dev":
        roles["jenkins-admin"] = ("/", EC2_TRUST, ["arn:aws:iam::aws:policy/AdministratorAccess"], None, "platform")
        roles["vendor-integration"] = ("/", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]},
            ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "Vendor access (ticket OPS-1432)", None)
    if ctx.label == "security":
        for name in ("scanner-ec2", "siem-ec2"):
            roles[name] = ("/", EC2_TRUST, ["arn:aws:iam::aws:policy/SecurityAudit"], None, "security-tooling")
        roles["aws-support"] = ("/", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"}, "Action": "sts:AssumeRole"}]},
            ["arn:aws:iam::aws:policy/AWSSupportAccess"], "Opens AWS Support cases (CIS 1.17)", "security-tooling")
    return roles


def _put_inline(ctx, kind, owner, policy):
    """Get<kind>Policy's output for one inline policy: the document URL-encoded, as the IAM API
    returns it (the capture reader decodes it)."""
    ctx.put("global", "iam", f"Get{kind}Policy", {
        f"{kind}Name": owner, "PolicyName": policy,
        "PolicyDocument": urllib.parse.quote(json.dumps(INLINE_DOCS[policy], separators=(",", ":")), safe="")},
        owner, policy)


def finish_iam(ctx):
    """After the Lambda functions: one execution role per function (path /service-role/, as the
    Lambda console creates them), then ListRoles. No random numbers: the rest of the estate
    stays as it was."""
    put = lambda op, data, key=None: ctx.put("global", "iam", op, data, key)  # noqa: E731
    roles = list(ctx.iam_roles)
    for function, arn, in_vpc in ctx.lambda_roles:
        name = arn.rsplit("/", 1)[1]
        digest = hashlib.sha256(arn.encode()).hexdigest().upper()
        roles.append({"Path": "/service-role/", "RoleName": name,
                      "RoleId": "AROA" + "".join(c for c in digest if c.isalnum())[:17], "Arn": arn,
                      "CreateDate": when(400, 3600), "AssumeRolePolicyDocument": LAMBDA_TRUST,
                      "MaxSessionDuration": 3600})
        attached, inline = LAMBDA_PRIVILEGED.get(function, (
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"] +
            (["arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"] if in_vpc else []), []))
        put("ListAttachedRolePolicies", {"AttachedPolicies": [
            {"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in attached]}, name)
        put("ListRolePolicies", {"PolicyNames": inline}, name)
        for policy in inline:
            _put_inline(ctx, "Role", name, policy)
        put("ListRoleTags", {"Tags": []}, name)
    put("ListRoles", {"Roles": roles})


def _csv_time(days):
    return when(days) if days is not None else "N/A"


def write_iam(ctx):
    acct = ctx.id
    put = lambda op, data, key=None: ctx.put("global", "iam", op, data, key)  # noqa: E731
    users, report, mfa_count = [], [], 0
    policies = _policies(acct)
    created = {}
    group_ids = {g: upper_id("AGPA", 17) for g in GROUPS}
    for name, console, mfa, keys, pw_used, app in USERS[ctx.label]:
        age = rng.randrange(400, 1500)
        arn = f"arn:aws:iam::{acct}:user/{name}"
        u = {"Path": "/", "UserName": name, "UserId": upper_id("AIDA", 17), "Arn": arn, "CreateDate": when(age)}
        if pw_used is not None:
            u["PasswordLastUsed"] = when(pw_used)
        users.append(u)
        created[name] = u["CreateDate"]
        key_meta, key_rows = [], []
        for status, kage, used in keys:
            kid = upper_id("AKIA", 16)
            key_meta.append({"UserName": name, "AccessKeyId": kid, "Status": status, "CreateDate": when(kage)})
            key_rows.append((status == "Active", when(kage), _csv_time(used),
                             rng.choice(["us-east-1", "eu-west-1"]) if used is not None else "N/A",
                             rng.choice(["s3", "sts", "ec2", "iam"]) if used is not None else "N/A"))
        put("ListAccessKeys", {"AccessKeyMetadata": key_meta}, name)
        devices = []
        if mfa:
            mfa_count += 1
            devices = [{"UserName": name, "SerialNumber": f"arn:aws:iam::{acct}:mfa/{name}-phone",
                        "EnableDate": when(age - 1)}]
        put("ListMFADevices", {"MFADevices": devices}, name)
        if console:
            put("GetLoginProfile", {"LoginProfile": {"UserName": name, "CreateDate": when(age - 1),
                                                     "PasswordResetRequired": False}}, name)
        else:
            ctx.error("global", "iam", "GetLoginProfile", "NoSuchEntity",
                      f"Login Profile for User {name} cannot be found.", name)
        direct = [p.format(account=acct) for p in DIRECT.get(name, [])]
        put("ListAttachedUserPolicies", {"AttachedPolicies": [
            {"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in direct]}, name)
        put("ListUserPolicies", {"PolicyNames": INLINE.get(name, [])}, name)
        for policy in INLINE.get(name, []):
            _put_inline(ctx, "User", name, policy)
        put("ListGroupsForUser", {"Groups": [
            {"Path": "/", "GroupName": g, "GroupId": group_ids[g],
             "Arn": f"arn:aws:iam::{acct}:group/{g}", "CreateDate": when(1600, 0)} for g in MEMBERS.get(name, [])]},
            name)
        put("ListUserTags", {"Tags": [] if app is None else
                             [{"Key": "Application", "Value": app}, {"Key": "Owner", "Value": ctx.owner(app)}]},
            name)
        k1 = key_rows[0] if key_rows else (False, "N/A", "N/A", "N/A", "N/A")
        k2 = key_rows[1] if len(key_rows) > 1 else (False, "N/A", "N/A", "N/A", "N/A")
        report.append([name, arn, u["CreateDate"], str(console).lower(),
                       u.get("PasswordLastUsed", "no_information" if console else "N/A"),
                       when(rng.randrange(20, 300)) if console else "N/A", "N/A", str(mfa).lower(),
                       str(k1[0]).lower(), k1[1], k1[2], k1[3], k1[4],
                       str(k2[0]).lower(), k2[1], k2[2], k2[3], k2[4], "false", "N/A", "false", "N/A"])
    put("ListUsers", {"Users": users})

    groups = []
    for g, attached in GROUPS.items():
        gid = group_ids[g]
        group = {"Path": "/", "GroupName": g, "GroupId": gid, "Arn": f"arn:aws:iam::{acct}:group/{g}",
                 "CreateDate": when(1600, 0)}
        groups.append(group)
        members = [u for u in users if g in MEMBERS.get(u["UserName"], [])]
        put("GetGroup", {"Users": members, "Group": group}, g)
        put("ListAttachedGroupPolicies", {"AttachedPolicies": [
            {"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in attached]}, g)
        inline = GROUP_INLINE.get(g, []) + (["allow-everything"] if (ctx.label, g) == ("dev", "Developers") else [])
        put("ListGroupPolicies", {"PolicyNames": inline}, g)
        for policy in inline:
            _put_inline(ctx, "Group", g, policy)
    put("ListGroups", {"Groups": groups})

    roles, attachments = [], {}
    for name, (path, trust, attached, desc, app) in _roles(ctx).items():
        r = {"Path": path, "RoleName": name, "RoleId": upper_id("AROA", 17), "Arn": f"arn:aws:iam::{acct}:role{path}{name}",
             "CreateDate": when(rng.randrange(100, 1200)), "AssumeRolePolicyDocument": trust,
             "MaxSessionDuration": 3600}
        if desc:
            r["Description"] = desc
        roles.append(r)
        for a in attached:
            attachments[a] = attachments.get(a, 0) + 1
        put("ListAttachedRolePolicies", {"AttachedPolicies": [
            {"PolicyName": a.rsplit("/", 1)[1], "PolicyArn": a} for a in attached]}, name)
        inline = ["inline-logs"] if name.endswith("-ec2") else []
        put("ListRolePolicies", {"PolicyNames": inline}, name)
        for policy in inline:
            _put_inline(ctx, "Role", name, policy)
        put("ListRoleTags", {"Tags": std_tags(ctx, app) if app else []}, name)
    ctx.iam_roles = roles  # ListRoles is written by finish_iam, with the Lambda execution roles

    listed = []
    for name, (doc, desc) in policies.items():
        arn = f"arn:aws:iam::{acct}:policy/{name}"
        count = attachments.get(arn, 0) + sum(1 for v in DIRECT.values() for p in v if p.format(account=acct) == arn)
        p = {"PolicyName": name, "PolicyId": upper_id("ANPA", 17), "Arn": arn, "Path": "/",
             "DefaultVersionId": "v3" if name == "terraform-state" else "v1", "AttachmentCount": count,
             "PermissionsBoundaryUsageCount": 0, "IsAttachable": True, "CreateDate": when(500),
             "UpdateDate": when(40)}
        if desc:
            p["Description"] = desc
        listed.append(p)
        put("GetPolicyVersion", {"PolicyVersion": {"Document": doc, "VersionId": p["DefaultVersionId"],
                                                   "IsDefaultVersion": True, "CreateDate": p["UpdateDate"]}}, arn)
    put("ListPolicies", {"Policies": listed})

    certs = []
    if ctx.label == "prod":
        certs = [{"Path": "/cloudfront/", "ServerCertificateName": "legacy-www-2024",
                  "ServerCertificateId": upper_id("ASCA", 17),
                  "Arn": f"arn:aws:iam::{acct}:server-certificate/cloudfront/legacy-www-2024",
                  "UploadDate": when(900), "Expiration": when(120)},
                 {"Path": "/", "ServerCertificateName": "legacy-web-elb",
                  "ServerCertificateId": upper_id("ASCA", 17),
                  "Arn": f"arn:aws:iam::{acct}:server-certificate/legacy-web-elb",
                  "UploadDate": when(200), "Expiration": when(-165)}]
    put("ListServerCertificates", {"ServerCertificateMetadataList": certs})

    root_keys = ctx.label == "dev"
    root = ["<root_account>", f"arn:aws:iam::{acct}:root", when(2000), "not_supported",
            when(40) if ctx.label == "dev" else when(300), "not_supported", "not_supported",
            "false" if ctx.label == "dev" else "true",
            "true" if root_keys else "false", when(600) if root_keys else "N/A", when(9) if root_keys else "N/A",
            "us-east-1" if root_keys else "N/A", "s3" if root_keys else "N/A",
            "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"]
    header = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
              "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
              "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
              "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
              "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
              "cert_2_active,cert_2_last_rotated")
    csv = "\n".join([header] + [",".join(r) for r in [root] + report])
    put("GetCredentialReport", {"Content": base64.b64encode(csv.encode()).decode(), "ReportFormat": "text/csv",
                                "GeneratedTime": NOW.replace(hour=6).isoformat()})
    return {"users": len(users), "groups": len(groups), "roles": len(roles), "policies": len(listed),
            "mfa": mfa_count, "attachments": len(attachments), "server_certificates": len(certs),
            "instance_profiles": sum(1 for r in roles if r["RoleName"].endswith("-ec2") or
                                     r["RoleName"] == "jenkins-admin")}
