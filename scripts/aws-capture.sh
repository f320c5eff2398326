#!/usr/bin/env bash
# aws-capture.sh: write a Vigil capture directory for the current AWS account
# using only the AWS CLI (v1 or v2) and jq. Format: docs/capture-format.md.
#
#   scripts/aws-capture.sh [--endpoint-url URL] [--types T,...] OUT_DIR [REGION...]
#
# Regions default to every region enabled in the account. Credentials come
# from the usual AWS CLI environment (AWS_PROFILE, ...); read-only access is
# enough (the SecurityAudit managed policy). --endpoint-url sends every call to
# an AWS-compatible endpoint (moto, LocalStack); without it, AWS_ENDPOINT_URL
# is used the same way. --types limits the capture as `vigil collect aws
# --types` does: asset types (aws.ec2.instance), services (s3) or aws.account
# (the account settings); a scan reports the types left out as not captured.
# Writes
#   OUT_DIR/<account>/<region>/<service>/<Operation>.json
#   OUT_DIR/<account>/<region>/<service>/<Operation>/<percent-encoded key>.json
#   OUT_DIR/<account>/<region>/<service>/<Operation>/<key>/<second key>.json (two keys)
# and, for a call that fails, {"Error": {"Code": ..., "Message": ...}} in its place.
# Exit status: 0 every call answered (or answered "not configured"), 1 usage
# errors or the account could not be identified, 3 some calls failed (written
# as error files).
set -uo pipefail

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }
endpoint=
types=
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --endpoint-url) [[ $# -ge 2 ]] || { usage >&2; exit 1; }; endpoint=$2; shift 2 ;;
    --endpoint-url=*) endpoint=${1#*=}; shift ;;
    --types) [[ $# -ge 2 ]] || { usage >&2; exit 1; }; types=$2; shift 2 ;;
    --types=*) types=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "aws-capture.sh: unknown option $1" >&2; usage >&2; exit 1 ;;
  esac
done
if [[ $# -lt 1 ]]; then
  usage >&2
  exit 1
fi
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "aws-capture.sh: '$tool' is required (not found in PATH)" >&2; exit 1; }
done

out=$1
shift
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
errors_file=$workdir/stderr

# AWS CLI v1 prints timestamps as the service sent them (epoch numbers from
# JSON services) unless cli_timestamp_format is iso8601; v2 prints ISO 8601.
# For v1, a copy of the user's config with that setting in every profile is
# used, so the user's files are never changed.
if [[ $(aws --version 2>&1) == aws-cli/1.* ]]; then
  config_in=${AWS_CONFIG_FILE:-$HOME/.aws/config}
  profile=${AWS_PROFILE:-${AWS_DEFAULT_PROFILE:-default}}
  section="[profile $profile]"
  [[ $profile == default ]] && section="[default]"
  {
    [[ -f $config_in ]] && awk '{ print } /^[[:space:]]*\[(default|profile [^]]*)\][[:space:]]*$/ { print "cli_timestamp_format = iso8601" }' "$config_in"
    if ! { [[ -f $config_in ]] && grep -qxF "$section" "$config_in"; }; then
      printf '%s\ncli_timestamp_format = iso8601\n' "$section"
    fi
  } >"$workdir/config"
  export AWS_CONFIG_FILE=$workdir/config
fi

# aws_cli ARGS...: the AWS CLI, sent to --endpoint-url when given, else to
# AWS_ENDPOINT_URL: CLI v1 ignores that variable for some services (1.45 sends
# SQS to queue.amazonaws.com), the option works on both versions.
# (AWS_ENDPOINT_URL_<SERVICE> is left to the CLI.)
if [[ -z $endpoint && ${AWS_IGNORE_CONFIGURED_ENDPOINT_URLS:-} != true ]]; then
  endpoint=${AWS_ENDPOINT_URL:-}
fi
aws_cli() {
  if [[ -n $endpoint ]]; then aws --endpoint-url "$endpoint" "$@"; else aws "$@"; fi
}

# cli_service SERVICE: the AWS CLI command of a capture folder (botocore's
# service name), where the two differ.
cli_service() {
  case $1 in
    s3) echo s3api ;;
    config) echo configservice ;;
    *) echo "$1" ;;
  esac
}

# call FILE ABSENT SERVICE COMMAND [ARGS...]: run one AWS CLI call into FILE,
# or its error. ABSENT: the codes that mean "not configured" ("-": none);
# such an answer is written as an error file too, and is not a failure.
call() {
  local file=$1 absent=$2 service
  service=$(cli_service "$3")
  shift 3
  mkdir -p "$(dirname "$file")"
  local output
  calls=$((calls + 1))
  if output=$(aws_cli "$service" "$@" --output json 2>"$errors_file" </dev/null); then
    [[ -n $output ]] || output='{}'
    printf '%s\n' "$output" >"$file"
    return
  fi
  local text code message
  text=$(tr '\n' ' ' <"$errors_file")
  code=$(sed -n 's/.*An error occurred (\([^)]*\)).*/\1/p' <<<"$text")
  # AWS's message follows "when calling the X operation: " (or "operation
  # (reached max retries: N): "); an HTML page (a proxy's or moto's 500) loses its tags.
  message=$(sed -E 's/.*when calling the [A-Za-z0-9]+ operation( \([^)]*\))?: //' <<<"$text")
  if [[ $message == \<* ]]; then
    message=$(sed -E 's/<[^>]*>/ /g; s/ +/ /g; s/^ //' <<<"$message")
  fi
  if [[ -z $code ]]; then
    # Not an AWS answer: the CLI refused the command itself (its usage text
    # lists every choice; keep the one line that says what was wrong).
    code=CliError
    message=$(grep -m1 -E '^(aws: error|aws: \[ERROR\]|Could not|Unable|Invalid|Parameter validation)' "$errors_file")
    [[ -n $message ]] || message=$(head -c 300 <<<"$text")
  fi
  message=${message% }
  jq -n --arg code "$code" --arg message "${message:0:1000}" '{Error: {Code: $code, Message: $message}}' >"$file"
  if [[ ,$absent, == *,"$code",* ]]; then
    not_configured=$((not_configured + 1))
  else
    failed=$((failed + 1))
    echo "aws-capture.sh: $service $1 failed: $code: ${message:0:200}" >&2
  fi
}

# file_key KEY: the file name (without .json) of a key, by capture_files.h's rule:
# percent-encoded, hashed when too long for a file name (docs/capture-format.md).
file_key() {
  local encoded
  encoded=$(jq -rn --arg key "$1" '$key | @uri')
  if ((${#encoded} > 250)); then
    local prefix
    prefix=$(printf '%s' "${encoded:0:150}" | sed -E 's/%[0-9A-F]?$//')
    encoded="$prefix%%sha256-$(printf '%s' "$1" | sha256sum | cut -c1-64)"
  fi
  printf '%s' "$encoded"
}

# region_list SCOPE: the region folders of a table line.
region_list() { if [[ $1 == global ]]; then echo global; else echo "${regions[@]}"; fi; }

# The catalog: generated from src/connectors/aws (tests/connectors/capture_doc_test.cpp
# checks it). Columns are tab-separated; see capture_doc.h script_table().
catalog=$(cat <<'END_OF_CATALOG'
# BEGIN CATALOG
list	aws.acm.certificate	acm	regional	ListCertificates	list-certificates	-	
call	aws.acm.certificate	acm	regional	ListCertificates	DescribeCertificate	describe-certificate	-	.CertificateSummaryList[] | .CertificateArn	--certificate-arn	
call	aws.acm.certificate	acm	regional	ListCertificates	ListTagsForCertificate	list-tags-for-certificate	-	.CertificateSummaryList[] | .CertificateArn	--certificate-arn	
list	aws.cloudfront.distribution	cloudfront	global	ListDistributions	list-distributions	-	
call	aws.cloudfront.distribution	cloudfront	global	ListDistributions	GetDistributionConfig	get-distribution-config	-	.DistributionList.Items[] | .Id	--id	
call	aws.cloudfront.distribution	cloudfront	global	ListDistributions	ListTagsForResource	list-tags-for-resource	-	.DistributionList.Items[] | .ARN	--resource	
list	aws.cloudtrail.trail	cloudtrail	regional	DescribeTrails	describe-trails	-	
call	aws.cloudtrail.trail	cloudtrail	regional	DescribeTrails	GetTrailStatus	get-trail-status	-	.trailList[] | select((.HomeRegion // "") == "" or .HomeRegion == $region) | .TrailARN	--name	
call	aws.cloudtrail.trail	cloudtrail	regional	DescribeTrails	GetEventSelectors	get-event-selectors	-	.trailList[] | select((.HomeRegion // "") == "" or .HomeRegion == $region) | .TrailARN	--trail-name	
call	aws.cloudtrail.trail	cloudtrail	regional	DescribeTrails	ListTags	list-tags	-	.trailList[] | select((.HomeRegion // "") == "" or .HomeRegion == $region) | .TrailARN	--resource-id-list	
list	aws.rds.db-instance	rds	regional	DescribeDBInstances	describe-db-instances	-	
list	aws.rds.db-cluster	rds	regional	DescribeDBClusters	describe-db-clusters	-	
list	aws.rds.db-snapshot	rds	regional	DescribeDBSnapshots	describe-db-snapshots	-	
call	aws.rds.db-snapshot	rds	regional	DescribeDBSnapshots	DescribeDBSnapshotAttributes	describe-db-snapshot-attributes	-	.DBSnapshots[] | .DBSnapshotIdentifier	--db-snapshot-identifier	
list	aws.redshift.cluster	redshift	regional	DescribeClusters	describe-clusters	-	
call	aws.redshift.cluster	redshift	regional	DescribeClusters	DescribeLoggingStatus	describe-logging-status	-	.Clusters[] | .ClusterIdentifier	--cluster-identifier	
list	aws.opensearch.domain	opensearch	regional	ListDomainNames	list-domain-names	-	
call	aws.opensearch.domain	opensearch	regional	ListDomainNames	DescribeDomain	describe-domain	-	.DomainNames[] | .DomainName	--domain-name	
call	aws.opensearch.domain	opensearch	regional	ListDomainNames	ListTags	list-tags	-	.DomainNames[] | "arn:\($partition):es:\($region):\($account):domain/\(.DomainName)"	--arn	
list	aws.ec2.instance	ec2	regional	DescribeInstances	describe-instances	-	
list	aws.ec2.security-group	ec2	regional	DescribeSecurityGroups	describe-security-groups	-	
list	aws.ec2.volume	ec2	regional	DescribeVolumes	describe-volumes	-	
list	aws.ec2.snapshot	ec2	regional	DescribeSnapshots	describe-snapshots	-	--owner-ids self
call	aws.ec2.snapshot	ec2	regional	DescribeSnapshots	DescribeSnapshotAttribute	describe-snapshot-attribute	-	.Snapshots[] | select((.OwnerId // "") == "" or .OwnerId == $account) | .SnapshotId	--snapshot-id	--attribute createVolumePermission
list	aws.ec2.vpc	ec2	regional	DescribeVpcs	describe-vpcs	-	
list	aws.ec2.flow-log	ec2	regional	DescribeFlowLogs	describe-flow-logs	-	
list	aws.ec2.subnet	ec2	regional	DescribeSubnets	describe-subnets	-	
list	aws.ec2.network-acl	ec2	regional	DescribeNetworkAcls	describe-network-acls	-	
list	aws.ec2.network-interface	ec2	regional	DescribeNetworkInterfaces	describe-network-interfaces	-	
list	aws.ec2.elastic-ip	ec2	regional	DescribeAddresses	describe-addresses	-	
list	aws.ec2.image	ec2	regional	DescribeImages	describe-images	-	--owners self
list	aws.elb.load-balancer	elb	regional	DescribeLoadBalancers	describe-load-balancers	-	
call	aws.elb.load-balancer	elb	regional	DescribeLoadBalancers	DescribeLoadBalancerAttributes	describe-load-balancer-attributes	-	.LoadBalancerDescriptions[] | .LoadBalancerName	--load-balancer-name	
call	aws.elb.load-balancer	elb	regional	DescribeLoadBalancers	DescribeTags	describe-tags	-	.LoadBalancerDescriptions[] | .LoadBalancerName	--load-balancer-names	
list	aws.elbv2.load-balancer	elbv2	regional	DescribeLoadBalancers	describe-load-balancers	-	
call	aws.elbv2.load-balancer	elbv2	regional	DescribeLoadBalancers	DescribeLoadBalancerAttributes	describe-load-balancer-attributes	-	.LoadBalancers[] | .LoadBalancerArn	--load-balancer-arn	
call	aws.elbv2.load-balancer	elbv2	regional	DescribeLoadBalancers	DescribeListeners	describe-listeners	-	.LoadBalancers[] | .LoadBalancerArn	--load-balancer-arn	
call	aws.elbv2.load-balancer	elbv2	regional	DescribeLoadBalancers	DescribeTags	describe-tags	-	.LoadBalancers[] | .LoadBalancerArn	--resource-arns	
list	aws.elbv2.target-group	elbv2	regional	DescribeTargetGroups	describe-target-groups	-	
call	aws.elbv2.target-group	elbv2	regional	DescribeTargetGroups	DescribeTargetHealth	describe-target-health	-	.TargetGroups[] | .TargetGroupArn	--target-group-arn	
list	aws.iam.user	iam	global	ListUsers	list-users	-	
call	aws.iam.user	iam	global	ListUsers	ListAccessKeys	list-access-keys	-	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	ListMFADevices	list-mfa-devices	-	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	ListAttachedUserPolicies	list-attached-user-policies	-	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	ListUserPolicies	list-user-policies	-	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	ListGroupsForUser	list-groups-for-user	-	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	GetLoginProfile	get-login-profile	NoSuchEntity	.Users[] | .UserName	--user-name	
call	aws.iam.user	iam	global	ListUsers	ListUserTags	list-user-tags	-	.Users[] | .UserName	--user-name	
fanout	aws.iam.user	iam	global	ListUsers	ListUserPolicies	GetUserPolicy	get-user-policy	NoSuchEntity	.Users[] | .UserName	--user-name	.PolicyNames[]	--policy-name
list	aws.iam.group	iam	global	ListGroups	list-groups	-	
call	aws.iam.group	iam	global	ListGroups	GetGroup	get-group	-	.Groups[] | .GroupName	--group-name	
call	aws.iam.group	iam	global	ListGroups	ListAttachedGroupPolicies	list-attached-group-policies	-	.Groups[] | .GroupName	--group-name	
call	aws.iam.group	iam	global	ListGroups	ListGroupPolicies	list-group-policies	-	.Groups[] | .GroupName	--group-name	
fanout	aws.iam.group	iam	global	ListGroups	ListGroupPolicies	GetGroupPolicy	get-group-policy	NoSuchEntity	.Groups[] | .GroupName	--group-name	.PolicyNames[]	--policy-name
list	aws.iam.role	iam	global	ListRoles	list-roles	-	
call	aws.iam.role	iam	global	ListRoles	ListAttachedRolePolicies	list-attached-role-policies	-	.Roles[] | .RoleName	--role-name	
call	aws.iam.role	iam	global	ListRoles	ListRolePolicies	list-role-policies	-	.Roles[] | .RoleName	--role-name	
call	aws.iam.role	iam	global	ListRoles	ListRoleTags	list-role-tags	-	.Roles[] | .RoleName	--role-name	
fanout	aws.iam.role	iam	global	ListRoles	ListRolePolicies	GetRolePolicy	get-role-policy	NoSuchEntity	.Roles[] | .RoleName	--role-name	.PolicyNames[]	--policy-name
list	aws.iam.policy	iam	global	ListPolicies	list-policies	-	--scope Local
call	aws.iam.policy	iam	global	ListPolicies	GetPolicyVersion	get-policy-version	-	.Policies[] | (.Arn) + "\t" + "--version-id \(.DefaultVersionId)"	--policy-arn	
list	aws.iam.server-certificate	iam	global	ListServerCertificates	list-server-certificates	-	
list	aws.kms.key	kms	regional	ListKeys	list-keys	-	
call	aws.kms.key	kms	regional	ListKeys	DescribeKey	describe-key	-	.Keys[] | .KeyId	--key-id	
call	aws.kms.key	kms	regional	ListKeys	GetKeyRotationStatus	get-key-rotation-status	UnsupportedOperationException	.Keys[] | .KeyId	--key-id	
call	aws.kms.key	kms	regional	ListKeys	GetKeyPolicy	get-key-policy	-	.Keys[] | .KeyId	--key-id	--policy-name default
call	aws.kms.key	kms	regional	ListKeys	ListResourceTags	list-resource-tags	-	.Keys[] | .KeyId	--key-id	
list	aws.kms.alias	kms	regional	ListAliases	list-aliases	-	
list	aws.lambda.function	lambda	regional	ListFunctions	list-functions	-	
call	aws.lambda.function	lambda	regional	ListFunctions	GetPolicy	get-policy	ResourceNotFoundException	.Functions[] | .FunctionName	--function-name	
call	aws.lambda.function	lambda	regional	ListFunctions	ListTags	list-tags	-	.Functions[] | .FunctionArn	--resource	
list	aws.sns.topic	sns	regional	ListTopics	list-topics	-	
call	aws.sns.topic	sns	regional	ListTopics	GetTopicAttributes	get-topic-attributes	-	.Topics[] | .TopicArn	--topic-arn	
call	aws.sns.topic	sns	regional	ListTopics	ListSubscriptionsByTopic	list-subscriptions-by-topic	-	.Topics[] | .TopicArn	--topic-arn	
call	aws.sns.topic	sns	regional	ListTopics	ListTagsForResource	list-tags-for-resource	-	.Topics[] | .TopicArn	--resource-arn	
list	aws.sqs.queue	sqs	regional	ListQueues	list-queues	-	
call	aws.sqs.queue	sqs	regional	ListQueues	GetQueueAttributes	get-queue-attributes	-	.QueueUrls[] | {"QueueUrl": .} | .QueueUrl	--queue-url	--attribute-names All
call	aws.sqs.queue	sqs	regional	ListQueues	ListQueueTags	list-queue-tags	-	.QueueUrls[] | {"QueueUrl": .} | .QueueUrl	--queue-url	
list	aws.ecr.repository	ecr	regional	DescribeRepositories	describe-repositories	-	
call	aws.ecr.repository	ecr	regional	DescribeRepositories	GetRepositoryPolicy	get-repository-policy	RepositoryPolicyNotFoundException	.repositories[] | .repositoryName	--repository-name	
call	aws.ecr.repository	ecr	regional	DescribeRepositories	ListTagsForResource	list-tags-for-resource	-	.repositories[] | .repositoryArn	--resource-arn	
list	aws.secretsmanager.secret	secretsmanager	regional	ListSecrets	list-secrets	-	
call	aws.secretsmanager.secret	secretsmanager	regional	ListSecrets	GetResourcePolicy	get-resource-policy	-	.SecretList[] | .ARN	--secret-id	
list	aws.logs.log-group	logs	regional	DescribeLogGroups	describe-log-groups	-	
call	aws.logs.log-group	logs	regional	DescribeLogGroups	ListTagsLogGroup	list-tags-log-group	-	.logGroups[] | .logGroupName	--log-group-name	
list	aws.logs.metric-filter	logs	regional	DescribeMetricFilters	describe-metric-filters	-	
list	aws.cloudwatch.alarm	cloudwatch	regional	DescribeAlarms	describe-alarms	-	
call	aws.cloudwatch.alarm	cloudwatch	regional	DescribeAlarms	ListTagsForResource	list-tags-for-resource	-	.MetricAlarms[] | .AlarmArn	--resource-arn	
list	aws.guardduty.detector	guardduty	regional	ListDetectors	list-detectors	-	
call	aws.guardduty.detector	guardduty	regional	ListDetectors	GetDetector	get-detector	-	.DetectorIds[] | {"DetectorId": .} | .DetectorId	--detector-id	
list	aws.s3.bucket	s3	global	ListBuckets	list-buckets	-	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketAcl	get-bucket-acl	-	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketPolicy	get-bucket-policy	NoSuchBucketPolicy	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketPolicyStatus	get-bucket-policy-status	NoSuchBucketPolicy	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetPublicAccessBlock	get-public-access-block	NoSuchPublicAccessBlockConfiguration	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketEncryption	get-bucket-encryption	ServerSideEncryptionConfigurationNotFoundError	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketVersioning	get-bucket-versioning	-	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketLogging	get-bucket-logging	-	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketLocation	get-bucket-location	-	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketTagging	get-bucket-tagging	NoSuchTagSet	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketLifecycleConfiguration	get-bucket-lifecycle-configuration	NoSuchLifecycleConfiguration	.Buckets[] | .Name	--bucket	
call	aws.s3.bucket	s3	global	ListBuckets	GetBucketWebsite	get-bucket-website	NoSuchWebsiteConfiguration	.Buckets[] | .Name	--bucket	
list	aws.efs.file-system	efs	regional	DescribeFileSystems	describe-file-systems	-	
call	aws.efs.file-system	efs	regional	DescribeFileSystems	DescribeFileSystemPolicy	describe-file-system-policy	PolicyNotFound	.FileSystems[] | .FileSystemId	--file-system-id	
call	aws.efs.file-system	efs	regional	DescribeFileSystems	DescribeBackupPolicy	describe-backup-policy	PolicyNotFound	.FileSystems[] | .FileSystemId	--file-system-id	
list	aws.dynamodb.table	dynamodb	regional	ListTables	list-tables	-	
call	aws.dynamodb.table	dynamodb	regional	ListTables	DescribeTable	describe-table	-	.TableNames[] | {"TableName": .} | .TableName	--table-name	
call	aws.dynamodb.table	dynamodb	regional	ListTables	DescribeContinuousBackups	describe-continuous-backups	-	.TableNames[] | {"TableName": .} | .TableName	--table-name	
call	aws.dynamodb.table	dynamodb	regional	ListTables	ListTagsOfResource	list-tags-of-resource	-	.TableNames[] | {"TableName": .} | "arn:\($partition):dynamodb:\($region):\($account):table/\(.TableName)"	--resource-arn	
setting	aws.account	iam	global	GetAccountSummary	get-account-summary	-	
setting	aws.account	iam	global	ListVirtualMFADevices	list-virtual-mfa-devices	-	--assignment-status Assigned
setting	aws.account	iam	global	GetAccountPasswordPolicy	get-account-password-policy	NoSuchEntity	
setting	aws.account	iam	global	GetCredentialReport	get-credential-report	-	
setting	aws.account	s3control	global	GetPublicAccessBlock	get-public-access-block	NoSuchPublicAccessBlockConfiguration	--account-id {account}
setting	aws.account	ec2	regional	DescribeRegions	describe-regions	-	--all-regions
setting	aws.account	ec2	regional	GetEbsEncryptionByDefault	get-ebs-encryption-by-default	-	
setting	aws.account	guardduty	regional	ListDetectors	list-detectors	-	
setting	aws.account	config	regional	DescribeConfigurationRecorders	describe-configuration-recorders	-	
setting	aws.account	config	regional	DescribeConfigurationRecorderStatus	describe-configuration-recorder-status	-	
setting	aws.account	securityhub	regional	DescribeHub	describe-hub	InvalidAccessException	
setting	aws.account	accessanalyzer	regional	ListAnalyzers	list-analyzers	-	
# END CATALOG
END_OF_CATALOG
)

# --types: each name an asset type or a service of the table, or aws.account,
# as `vigil collect aws --types` takes them; refused before anything is sent.
selected_types=,
if [[ -n $types ]]; then
  known=$(awk -F'\t' '$1 != "" && $1 !~ /^#/ && $1 != "setting" { print $2; print $3 }' <<<"$catalog" | sort -u)
  IFS=, read -r -a wanted <<<"$types"
  for name in "${wanted[@]}"; do
    [[ -n $name ]] || continue
    if [[ $name != aws.account ]] && ! grep -qxF -- "$name" <<<"$known"; then
      echo "aws-capture.sh: --types: '$name' is neither an asset type (aws.ec2.instance), a service (ec2) nor aws.account; the types are listed in docs/assets.md" >&2
      exit 1
    fi
    selected_types+="$name,"
  done
  [[ $selected_types != , ]] || types=  # no name at all ("--types ,"): every type, as vigil's
fi

# selected TYPE SERVICE: whether --types selects a table line (the account
# settings, type aws.account, only by that name).
selected() {
  [[ -z $types || $selected_types == *",$1,"* ]] && return 0
  [[ $1 != aws.account && $selected_types == *",$2,"* ]]
}

# The region of the first calls: the first region given, else the CLI's
# configured one, else us-east-1 (the CLI refuses a call without a region).
start_region=${1:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
[[ -n $start_region ]] || start_region=$(aws configure get region 2>/dev/null)
[[ -n $start_region ]] || start_region=us-east-1
account=$(aws_cli sts get-caller-identity --query Account --output text --region "$start_region") || {
  echo "aws-capture.sh: cannot identify the account (aws sts get-caller-identity failed); check your credentials" >&2
  exit 1
}
if [[ $# -gt 0 ]]; then
  regions=("$@")
else
  read -r -a regions <<<"$(aws_cli ec2 describe-regions --query 'Regions[].RegionName' --output text --region "$start_region")"
fi
api_region=${regions[0]}
case $api_region in
  cn-*) partition=aws-cn ;;
  us-gov-*) partition=aws-us-gov ;;
  *) partition=aws ;;
esac
calls=0
failed=0
not_configured=0

while IFS=$'\t' read -r kind type service scope f1 f2 f3 f4 f5 f6 f7 f8 f9; do
  [[ -z $kind || $kind == \#* ]] && continue
  selected "$type" "$service" || continue
  for region in $(region_list "$scope"); do
    call_region=$region
    [[ $region == global ]] && call_region=$api_region
    dir="$out/$account/$region/$service"
    case $kind in
      list) # f1 Operation, f2 command, f3 "-", f4 extra args
        echo "$account/$region: $service $f2" >&2
        # shellcheck disable=SC2086
        call "$dir/$f1.json" - "$service" "$f2" $f4 --region "$call_region"
        ;;
      call) # f1 list Operation, f2 Operation, f3 command, f4 absent codes, f5 jq keys, f6 option, f7 extra args
        list_file="$dir/$f1.json"
        [[ -f $list_file ]] || continue
        # A key line may carry per-resource arguments after a tab ("<key>\t--version-id v3").
        # (Process substitution, not a pipe, so the call counters survive the loop.)
        while IFS=$'\t' read -r key item_args; do
          [[ -n $key ]] || continue
          encoded=$(file_key "$key")
          # shellcheck disable=SC2086
          call "$dir/$f2/$encoded.json" "$f4" "$service" "$f3" "$f6" "$key" $f7 $item_args --region "$call_region"
        done < <(jq -r --arg partition "$partition" --arg region "$region" --arg account "$account" "$f5" "$list_file" 2>/dev/null)
        ;;
      fanout) # f1 list Operation, f2 source Operation, f3 Operation, f4 command, f5 absent codes,
              # f6 jq keys, f7 option, f8 jq names (in the source's file), f9 option of a name
        list_file="$dir/$f1.json"
        [[ -f $list_file ]] || continue
        while IFS= read -r key; do
          [[ -n $key ]] || continue
          encoded=$(file_key "$key")
          source_file="$dir/$f2/$encoded.json"
          [[ -f $source_file ]] || continue  # not captured: the reader reports it
          while IFS= read -r name; do
            [[ -n $name ]] || continue
            call "$dir/$f3/$encoded/$(file_key "$name").json" "$f5" "$service" "$f4" "$f7" "$key" "$f9" "$name" --region "$call_region"
          done < <(jq -r "$f8" "$source_file" 2>/dev/null)
        done < <(jq -r --arg partition "$partition" --arg region "$region" --arg account "$account" "$f6" "$list_file" 2>/dev/null)
        ;;
      setting) # f1 Operation, f2 command, f3 absent codes, f4 extra args ({account} replaced)
        args=${f4//\{account\}/$account}
        if [[ $f1 == GetCredentialReport ]]; then
          for _ in 1 2 3 4 5 6 7 8 9 10; do
            state=$(aws_cli iam generate-credential-report --query State --output text --region "$call_region" 2>/dev/null)
            [[ $state == COMPLETE ]] && break
            sleep 2
          done
        fi
        # shellcheck disable=SC2086
        call "$dir/$f1.json" "$f3" "$service" "$f2" $args --region "$call_region"
        ;;
    esac
  done
done <<<"$catalog"

echo "aws-capture.sh: $calls calls, $failed failed, $not_configured answered \"not configured\" (both written as error files), capture in $out/$account" >&2
((failed == 0)) || exit 3
