#!/usr/bin/env python3
"""moto_estate.py ENDPOINT: builds a small estate in a running moto_server through boto3, with a
violation and a compliant counterpart per access family, in us-east-1 and eu-west-1. Prints the
created resource ids as JSON. Used by moto_e2e_test.cpp.
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
print(json.dumps(out))
