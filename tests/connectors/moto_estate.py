#!/usr/bin/env python3
"""moto_estate.py ENDPOINT: builds a small estate in a running moto_server through boto3, with a
violation and a compliant counterpart per policy family moto can express (resource policies,
encryption, rotation, network exposure, instance settings, snapshots, addresses, tags, IAM,
load balancers, logging),
in us-east-1 and eu-west-1 (global services once). Prints the created resource ids as JSON. Used
by the moto tests (moto_e2e_test.cpp, moto_capture_script_test.cpp, moto_parse_diff_test.cpp).
"""
import io
import json
import sys
import zipfile

import boto3

endpoint = sys.argv[1]
ACCOUNT = "123456789012"  # moto's default account
PARTNER = "999988887777"


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint,
                        aws_access_key_id="test", aws_secret_access_key="test")


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


out = {}
alb_arns, vpcs = {}, {}  # finished once the log bucket exists
for region in ("us-east-1", "eu-west-1"):
    tag = region.split("-")[0] + region.split("-")[1][0]  # "use", "euw"
    sqs = client("sqs", region)
    public = sqs.create_queue(QueueName=f"public-{tag}", Attributes={"Policy": policy(
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"})})
    private = sqs.create_queue(QueueName=f"private-{tag}", Attributes={"Policy": policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sqs:*", "Resource": "*"})})
    decoy = sqs.create_queue(QueueName=f"decoy-{tag}", Attributes={"Policy": policy(
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*",
         "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}})})
    out[f"sqs_public_{tag}"] = f"arn:aws:sqs:{region}:{ACCOUNT}:public-{tag}"
    out[f"sqs_private_{tag}"] = f"arn:aws:sqs:{region}:{ACCOUNT}:private-{tag}"
    out[f"sqs_decoy_{tag}"] = f"arn:aws:sqs:{region}:{ACCOUNT}:decoy-{tag}"

    sns = client("sns", region)
    t_public = sns.create_topic(Name=f"public-{tag}")["TopicArn"]
    sns.set_topic_attributes(TopicArn=t_public, AttributeName="Policy", AttributeValue=policy(
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish", "Resource": t_public}))
    t_partner = sns.create_topic(Name=f"partner-{tag}")["TopicArn"]
    sns.set_topic_attributes(TopicArn=t_partner, AttributeName="Policy", AttributeValue=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"}, "Action": "sns:Publish",
         "Resource": t_partner}))
    out[f"sns_public_{tag}"] = t_public
    out[f"sns_partner_{tag}"] = t_partner

    kms = client("kms", region)
    rotated = kms.create_key(Description="rotated")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=rotated["KeyId"])
    unrotated = kms.create_key(Description="unrotated")["KeyMetadata"]
    out[f"kms_rotated_{tag}"] = rotated["Arn"]
    out[f"kms_unrotated_{tag}"] = unrotated["Arn"]

    ec2 = client("ec2", region)
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    open_sg = ec2.create_security_group(GroupName=f"ssh-open-{tag}", Description="ssh from anywhere", VpcId=vpc)
    ec2.authorize_security_group_ingress(GroupId=open_sg["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    closed_sg = ec2.create_security_group(GroupName=f"ssh-office-{tag}", Description="ssh from the office",
                                          VpcId=vpc)
    ec2.authorize_security_group_ingress(GroupId=closed_sg["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}])
    out[f"sg_open_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/{open_sg['GroupId']}"
    out[f"sg_closed_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:security-group/{closed_sg['GroupId']}"

    secrets = client("secretsmanager", region)
    shared = secrets.create_secret(Name=f"shared-{tag}", SecretString="x")["ARN"]
    secrets.put_resource_policy(SecretId=shared, ResourcePolicy=policy(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
         "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    plain = secrets.create_secret(Name=f"plain-{tag}", SecretString="y")["ARN"]
    out[f"secret_shared_{tag}"] = shared
    out[f"secret_plain_{tag}"] = plain

    # EC2: volumes, instances, snapshots and addresses, a violation and a compliant one each.
    ami = "ami-12c6146b"  # moto does not check image ids (unless MOTO_ENABLE_AMI_VALIDATION)
    TAGS = [{"Key": "Application", "Value": "vigil"}, {"Key": "Environment", "Value": "test"}]
    az = f"{region}a"
    plain_vol = ec2.create_volume(AvailabilityZone=az, Size=8)["VolumeId"]
    sealed_vol = ec2.create_volume(AvailabilityZone=az, Size=8, Encrypted=True,
                                   TagSpecifications=[{"ResourceType": "volume", "Tags": TAGS}])["VolumeId"]
    old_gen = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="m1.small",
                                MetadataOptions={"HttpTokens": "optional"})["Instances"][0]["InstanceId"]
    current = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                                TagSpecifications=[{"ResourceType": "instance", "Tags": TAGS}],
                                Placement={"AvailabilityZone": az})["Instances"][0]["InstanceId"]
    ec2.attach_volume(VolumeId=sealed_vol, InstanceId=current, Device="/dev/sdf")
    # Stopped: moto writes the stop time in StateTransitionReason with "UTC" (AWS: "GMT").
    ec2.stop_instances(InstanceIds=[old_gen])
    public_snap = ec2.create_snapshot(VolumeId=plain_vol)["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=public_snap, Attribute="createVolumePermission",
                                  OperationType="add", GroupNames=["all"])
    private_snap = ec2.create_snapshot(VolumeId=sealed_vol)["SnapshotId"]
    loose_ip = ec2.allocate_address(Domain="vpc")
    bound_ip = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=bound_ip["AllocationId"], InstanceId=current)
    out[f"vol_plain_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:volume/{plain_vol}"
    out[f"vol_sealed_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:volume/{sealed_vol}"
    out[f"instance_old_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:instance/{old_gen}"
    out[f"instance_current_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:instance/{current}"
    out[f"snap_public_{tag}"] = f"arn:aws:ec2:{region}::snapshot/{public_snap}"
    out[f"snap_private_{tag}"] = f"arn:aws:ec2:{region}::snapshot/{private_snap}"
    out[f"eip_loose_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:elastic-ip/{loose_ip['AllocationId']}"
    out[f"eip_bound_{tag}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:elastic-ip/{bound_ip['AllocationId']}"

    # KMS: a key anyone may use.
    open_key = kms.create_key(Description="open", Policy=policy(
        {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}))["KeyMetadata"]
    out[f"kms_open_{tag}"] = open_key["Arn"]

    # ECR: a repository anyone may pull from, and a private one.
    ecr = client("ecr", region)
    for name, statement in (("open", {"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}),
                            ("team", {"Sid": "Team", "Effect": "Allow",
                                      "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ecr:BatchGetImage"})):
        repo = ecr.create_repository(repositoryName=f"{name}-{tag}")["repository"]
        ecr.set_repository_policy(repositoryName=repo["repositoryName"], policyText=policy(statement))
        out[f"ecr_{name}_{tag}"] = repo["repositoryArn"]

    # EFS: encrypted at rest or not.
    efs = client("efs", region)
    for name, encrypted in (("plain", False), ("sealed", True)):
        fs = efs.create_file_system(CreationToken=f"{name}-{tag}", Encrypted=encrypted)
        out[f"efs_{name}_{tag}"] = fs["FileSystemArn"]

    # RDS: a public unencrypted instance and a private encrypted one.
    rds = client("rds", region)
    for name, public, encrypted in (("exposed", True, False), ("internal", False, True)):
        db = rds.create_db_instance(DBInstanceIdentifier=f"{name}-{tag}", DBInstanceClass="db.t3.micro",
                                    Engine="postgres", AllocatedStorage=20, MasterUsername="admin",
                                    MasterUserPassword="not-a-secret-1", PubliclyAccessible=public,
                                    StorageEncrypted=encrypted, AutoMinorVersionUpgrade=encrypted)["DBInstance"]
        out[f"rds_{name}_{tag}"] = db["DBInstanceArn"]

    # DynamoDB: a table with the mandatory tags, one without.
    ddb = client("dynamodb", region)
    for name, tags in (("tagged", TAGS), ("bare", [])):
        table = ddb.create_table(TableName=f"{name}-{tag}", BillingMode="PAY_PER_REQUEST",
                                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                 **({"Tags": tags} if tags else {}))["TableDescription"]
        out[f"ddb_{name}_{tag}"] = table["TableArn"]

    # ELBv2: an internet-facing load balancer with a listener behind a world-open group, and an
    # internal one with access logs.
    elb = client("elbv2", region)
    subnets = [n["SubnetId"] for n in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]][:2]
    web_sg = ec2.create_security_group(GroupName=f"web-{tag}", Description="https from anywhere", VpcId=vpc)
    ec2.authorize_security_group_ingress(GroupId=web_sg["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    for name, scheme in (("public", "internet-facing"), ("inner", "internal")):
        lb = elb.create_load_balancer(Name=f"{name}-{tag}", Subnets=subnets, Scheme=scheme, Type="application",
                                      SecurityGroups=[web_sg["GroupId"]])["LoadBalancers"][0]
        group = elb.create_target_group(Name=f"{name}-{tag}", Protocol="HTTPS", Port=443, VpcId=vpc,
                                        TargetType="ip")["TargetGroups"][0]
        elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
        out[f"alb_{name}_{tag}"] = lb["LoadBalancerArn"]
        alb_arns[region, name] = lb["LoadBalancerArn"]
    vpcs[region] = vpc

s3 = client("s3", "us-east-1")
s3.create_bucket(Bucket="vigil-moto-public")
s3.put_bucket_policy(Bucket="vigil-moto-public", Policy=policy(
    {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::vigil-moto-public/*"}))
s3.create_bucket(Bucket="vigil-moto-private")
s3.create_bucket(Bucket="vigil-moto-website")
s3.put_bucket_website(Bucket="vigil-moto-website", WebsiteConfiguration={
    "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
out["bucket_public"] = "arn:aws:s3:::vigil-moto-public"
out["bucket_private"] = "arn:aws:s3:::vigil-moto-private"
out["bucket_website"] = "arn:aws:s3:::vigil-moto-website"

iam = client("iam", "us-east-1")
iam.create_role(RoleName="vendor-open", AssumeRolePolicyDocument=policy(
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}))
iam.create_role(RoleName="vendor-no-external-id", AssumeRolePolicyDocument=policy(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"}, "Action": "sts:AssumeRole"}))
iam.create_role(RoleName="vendor-external-id", AssumeRolePolicyDocument=policy(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"}, "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "a1b2c3"}}}))
# Inline policy documents (Get{Role,User,Group}Policy: two keys) and Lambda execution roles.
LAMBDA_TRUST = policy({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})
iam.create_role(RoleName="lambda-admin", AssumeRolePolicyDocument=LAMBDA_TRUST)
iam.put_role_policy(RoleName="lambda-admin", PolicyName="allow-everything", PolicyDocument=policy(
    {"Effect": "Allow", "Action": "*", "Resource": "*"}))
iam.create_role(RoleName="lambda-basic", AssumeRolePolicyDocument=LAMBDA_TRUST)
iam.put_role_policy(RoleName="lambda-basic", PolicyName="read-reports", PolicyDocument=policy(
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::vigil-moto-private/*"}))
iam.create_user(UserName="ops-admin")
iam.put_user_policy(UserName="ops-admin", PolicyName="all-actions", PolicyDocument=policy(
    {"Effect": "Allow", "Action": "*:*", "Resource": "*"}))
iam.create_user(UserName="reader")
iam.create_group(GroupName="readers")
iam.put_group_policy(GroupName="readers", PolicyName="s3-read", PolicyDocument=policy(
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}))
iam.add_user_to_group(GroupName="readers", UserName="reader")
for name in ("vendor-open", "vendor-no-external-id", "vendor-external-id", "lambda-admin", "lambda-basic"):
    out[f"role_{name}"] = f"arn:aws:iam::{ACCOUNT}:role/{name}"
for name in ("ops-admin", "reader"):
    out[f"user_{name}"] = f"arn:aws:iam::{ACCOUNT}:user/{name}"
out["group_readers"] = f"arn:aws:iam::{ACCOUNT}:group/readers"

package = io.BytesIO()
with zipfile.ZipFile(package, "w") as z:
    z.writestr("app.py", "def handler(event, context):\n    return None\n")
lam = client("lambda", "us-east-1")
for function, role in (("admin-fn", "lambda-admin"), ("basic-fn", "lambda-basic")):
    created = lam.create_function(FunctionName=function, Runtime="python3.12", Handler="app.handler",
                                  Role=f"arn:aws:iam::{ACCOUNT}:role/{role}", Code={"ZipFile": package.getvalue()})
    out[f"function_{function}"] = created["FunctionArn"]
# S3: the private bucket versioned, its public access blocked, plain HTTP denied.
s3.put_bucket_versioning(Bucket="vigil-moto-private", VersioningConfiguration={"Status": "Enabled"})
s3.put_public_access_block(Bucket="vigil-moto-private", PublicAccessBlockConfiguration={
    "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
s3.put_bucket_policy(Bucket="vigil-moto-private", Policy=policy(
    {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
     "Resource": ["arn:aws:s3:::vigil-moto-private", "arn:aws:s3:::vigil-moto-private/*"],
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))

# IAM: customer-managed policies, one allowing everything (attached), one narrow; a console
# password without MFA. (moto has no AWS-managed policies such as AdministratorAccess unless
# started with MOTO_IAM_LOAD_MANAGED_POLICIES.)
for name, statement in (("full-admin", {"Effect": "Allow", "Action": "*", "Resource": "*"}),
                        ("reports-read", {"Effect": "Allow", "Action": "s3:GetObject",
                                          "Resource": "arn:aws:s3:::vigil-moto-private/*"})):
    arn = iam.create_policy(PolicyName=name, PolicyDocument=policy(statement))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="ops-admin" if name == "full-admin" else "reader", PolicyArn=arn)
    out[f"policy_{name}"] = arn
iam.create_login_profile(UserName="ops-admin", Password="not-a-secret-1")

# Lambda: anyone may invoke admin-fn.
lam.add_permission(FunctionName="admin-fn", StatementId="open", Action="lambda:InvokeFunction", Principal="*")

# CloudTrail: one trail with log file validation, one without.
trail_bucket = "vigil-moto-trail"
s3.create_bucket(Bucket=trail_bucket)
trails = client("cloudtrail", "us-east-1")
for name, validation in (("audited", True), ("unvalidated", False)):
    t = trails.create_trail(Name=name, S3BucketName=trail_bucket, EnableLogFileValidation=validation)
    out[f"trail_{name}"] = t["TrailARN"]

# Logs to the trail bucket: the internal load balancers' access logs, and the default VPC's flow
# logs in us-east-1 only (eu-west-1's VPC has none).
for region in ("us-east-1", "eu-west-1"):
    client("elbv2", region).modify_load_balancer_attributes(
        LoadBalancerArn=alb_arns[region, "inner"], Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"}, {"Key": "access_logs.s3.bucket", "Value": trail_bucket}])
    out[f"vpc_{region.split('-')[0] + region.split('-')[1][0]}"] = f"arn:aws:ec2:{region}:{ACCOUNT}:vpc/{vpcs[region]}"
client("ec2", "us-east-1").create_flow_logs(ResourceIds=[vpcs["us-east-1"]], ResourceType="VPC", TrafficType="ALL",
                                            LogDestinationType="s3", LogDestination=f"arn:aws:s3:::{trail_bucket}")
print(json.dumps(out))
