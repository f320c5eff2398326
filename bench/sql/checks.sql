-- The 50 benchmark checks as SQL over SQLite's JSON functions, the way
-- Steampipe/CloudQuery-style tools evaluate: one query per check, each
-- returning the ids of violating assets. Table (built by vigil-bench):
--   assets(id TEXT PRIMARY KEY, type TEXT, account TEXT, region TEXT, doc TEXT)
--   with an index on type; doc is the asset's JSON line.
-- Each query follows a line "-- check: <policy id>" naming the policy in
-- bench/policies/*.yaml with the same meaning. The scan time is fixed to
-- 2026-11-01T00:00:00Z, as in the benchmark's Vigil run.

-- check: bench-sg-ssh-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE (EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0')
      OR EXISTS (SELECT 1 FROM json_each(r.value, '$.Ipv6Ranges') x WHERE json_extract(x.value, '$.CidrIpv6') = '::/0'))
    AND (json_extract(r.value, '$.IpProtocol') = '-1'
      OR (json_extract(r.value, '$.IpProtocol') IN ('tcp', '6')
          AND json_extract(r.value, '$.FromPort') <= 22 AND 22 <= json_extract(r.value, '$.ToPort'))));

-- check: bench-sg-rdp-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE (EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0')
      OR EXISTS (SELECT 1 FROM json_each(r.value, '$.Ipv6Ranges') x WHERE json_extract(x.value, '$.CidrIpv6') = '::/0'))
    AND (json_extract(r.value, '$.IpProtocol') = '-1'
      OR (json_extract(r.value, '$.IpProtocol') IN ('tcp', '6')
          AND json_extract(r.value, '$.FromPort') <= 3389 AND 3389 <= json_extract(r.value, '$.ToPort'))));

-- check: bench-sg-db-ports-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0')
    AND (json_extract(r.value, '$.IpProtocol') = '-1'
      OR (json_extract(r.value, '$.IpProtocol') IN ('tcp', '6') AND EXISTS (
            SELECT 1 FROM json_each('[3306, 5432, 1433, 1521, 27017, 6379, 9200, 11211]') p
            WHERE json_extract(r.value, '$.FromPort') <= p.value AND p.value <= json_extract(r.value, '$.ToPort')))));

-- check: bench-sg-all-traffic-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE json_extract(r.value, '$.IpProtocol') = '-1'
    AND EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0'));

-- check: bench-sg-all-ports-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE json_extract(r.value, '$.IpProtocol') = 'tcp' AND json_extract(r.value, '$.FromPort') = 0
    AND json_extract(r.value, '$.ToPort') = 65535
    AND EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0'));

-- check: bench-sg-default-not-empty
SELECT id FROM assets WHERE type = 'aws.ec2.security-group'
  AND json_extract(doc, '$.config.GroupName') = 'default' AND json_array_length(doc, '$.config.IpPermissions') > 0;

-- check: bench-sg-ipv6-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE EXISTS (SELECT 1 FROM json_each(r.value, '$.Ipv6Ranges') x WHERE json_extract(x.value, '$.CidrIpv6') = '::/0'));

-- check: bench-sg-too-many-rules
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND json_array_length(doc, '$.config.IpPermissions') > 10;

-- check: bench-sg-wide-port-range
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE json_extract(r.value, '$.IpProtocol') = 'tcp'
    AND json_extract(r.value, '$.ToPort') - json_extract(r.value, '$.FromPort') > 1000);

-- check: bench-sg-telnet-ftp-world
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.IpPermissions') r
  WHERE EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0')
    AND json_extract(r.value, '$.IpProtocol') IN ('tcp', '6')
    AND ((json_extract(r.value, '$.FromPort') <= 21 AND 21 <= json_extract(r.value, '$.ToPort'))
      OR (json_extract(r.value, '$.FromPort') <= 23 AND 23 <= json_extract(r.value, '$.ToPort'))));

-- check: bench-sg-missing-team-tag
SELECT id FROM assets WHERE type = 'aws.ec2.security-group' AND json_extract(doc, '$.tags.team') IS NULL;

-- check: bench-s3-acl-public-read
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketAcl.Grants') g
  WHERE json_extract(g.value, '$.Grantee.URI') = 'http://acs.amazonaws.com/groups/global/AllUsers');

-- check: bench-s3-acl-public-write
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketAcl.Grants') g
  WHERE json_extract(g.value, '$.Grantee.URI') = 'http://acs.amazonaws.com/groups/global/AllUsers'
    AND json_extract(g.value, '$.Permission') IN ('WRITE', 'FULL_CONTROL'));

-- check: bench-s3-acl-authenticated-users
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketAcl.Grants') g
  WHERE json_extract(g.value, '$.Grantee.URI') = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers');

-- check: bench-s3-policy-public
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketPolicy.Policy.Statement') s
  WHERE json_extract(s.value, '$.Effect') = 'Allow' AND json_extract(s.value, '$.Condition') IS NULL
    AND (json_extract(s.value, '$.Principal') = '*'
      OR EXISTS (SELECT 1 FROM json_each(s.value, '$.Principal.AWS') p WHERE p.value = '*')));

-- check: bench-s3-no-public-access-block
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND (
  json_extract(doc, '$.config.PublicAccessBlock.PublicAccessBlockConfiguration') IS NULL
  OR json_extract(doc, '$.config.PublicAccessBlock.PublicAccessBlockConfiguration.BlockPublicAcls') = 0
  OR json_extract(doc, '$.config.PublicAccessBlock.PublicAccessBlockConfiguration.IgnorePublicAcls') = 0
  OR json_extract(doc, '$.config.PublicAccessBlock.PublicAccessBlockConfiguration.BlockPublicPolicy') = 0
  OR json_extract(doc, '$.config.PublicAccessBlock.PublicAccessBlockConfiguration.RestrictPublicBuckets') = 0);

-- check: bench-s3-no-default-encryption
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND json_extract(doc, '$.config.BucketEncryption') IS NULL;

-- check: bench-s3-not-kms
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketEncryption.ServerSideEncryptionConfiguration.Rules') r
  WHERE json_extract(r.value, '$.ApplyServerSideEncryptionByDefault.SSEAlgorithm') != 'aws:kms');

-- check: bench-s3-versioning-disabled
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND json_extract(doc, '$.config.BucketVersioning.Status') IS NOT 'Enabled';

-- check: bench-s3-logging-disabled
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND json_extract(doc, '$.config.BucketLogging.LoggingEnabled') IS NULL;

-- check: bench-s3-no-tls-enforcement
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND NOT EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.BucketPolicy.Policy.Statement') s
  WHERE json_extract(s.value, '$.Effect') = 'Deny'
    AND json_extract(s.value, '$.Condition.Bool."aws:SecureTransport"') = 'false');

-- check: bench-s3-missing-env-tag
SELECT id FROM assets WHERE type = 'aws.s3.bucket' AND json_extract(doc, '$.tags.env') IS NULL;

-- check: bench-iam-access-key-age
SELECT id FROM assets WHERE type = 'aws.iam.user' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.AccessKeys.AccessKeyMetadata') k
  WHERE json_extract(k.value, '$.Status') = 'Active'
    AND julianday('2026-11-01T00:00:00Z') - julianday(json_extract(k.value, '$.CreateDate')) > 90);

-- check: bench-iam-console-without-mfa
SELECT id FROM assets WHERE type = 'aws.iam.user'
  AND json_extract(doc, '$.config.CredentialReport.password_enabled') = 'true'
  AND json_extract(doc, '$.config.CredentialReport.mfa_active') = 'false';

-- check: bench-iam-admin-attached
SELECT id FROM assets WHERE type = 'aws.iam.user' AND EXISTS (
  SELECT 1 FROM json_each(doc, '$.config.AttachedUserPolicies.AttachedPolicies') p WHERE json_extract(p.value, '$.PolicyName') = 'AdministratorAccess');

-- check: bench-iam-inline-policies
SELECT id FROM assets WHERE type = 'aws.iam.user' AND json_array_length(doc, '$.config.UserPolicies.PolicyNames') > 0;

-- check: bench-iam-two-active-keys
SELECT id FROM assets WHERE type = 'aws.iam.user' AND (
  SELECT count(*) FROM json_each(doc, '$.config.AccessKeys.AccessKeyMetadata') k WHERE json_extract(k.value, '$.Status') = 'Active') >= 2;

-- check: bench-iam-password-unused
SELECT id FROM assets WHERE type = 'aws.iam.user'
  AND json_extract(doc, '$.config.CredentialReport.password_enabled') = 'true'
  AND json_extract(doc, '$.config.CredentialReport.password_last_used') != 'N/A'
  AND julianday('2026-11-01T00:00:00Z') - julianday(json_extract(doc, '$.config.CredentialReport.password_last_used')) > 45;

-- check: bench-iam-key-never-used
SELECT id FROM assets WHERE type = 'aws.iam.user'
  AND json_extract(doc, '$.config.CredentialReport.access_key_1_active') = 'true'
  AND json_extract(doc, '$.config.CredentialReport.access_key_1_last_used_date') = 'N/A';

-- check: bench-iam-direct-policies
SELECT id FROM assets WHERE type = 'aws.iam.user' AND json_array_length(doc, '$.config.AttachedUserPolicies.AttachedPolicies') > 0;

-- check: bench-ec2-imdsv1
SELECT id FROM assets WHERE type = 'aws.ec2.instance'
  AND json_extract(doc, '$.config.MetadataOptions.HttpEndpoint') = 'enabled'
  AND json_extract(doc, '$.config.MetadataOptions.HttpTokens') != 'required';

-- check: bench-ec2-public-ip
SELECT id FROM assets WHERE type = 'aws.ec2.instance' AND json_extract(doc, '$.config.PublicIpAddress') IS NOT NULL;

-- check: bench-ec2-no-instance-profile
SELECT id FROM assets WHERE type = 'aws.ec2.instance' AND json_extract(doc, '$.config.IamInstanceProfile') IS NULL;

-- check: bench-ec2-monitoring-off
SELECT id FROM assets WHERE type = 'aws.ec2.instance' AND json_extract(doc, '$.config.Monitoring.State') != 'enabled';

-- check: bench-ec2-unencrypted-volume-attached
SELECT a.id FROM assets a WHERE a.type = 'aws.ec2.instance' AND EXISTS (
  SELECT 1 FROM json_each(a.doc, '$.relationships.volumes') v JOIN assets b ON b.id = v.value
  WHERE json_extract(b.doc, '$.config.Encrypted') = 0);

-- check: bench-ec2-stopped
SELECT id FROM assets WHERE type = 'aws.ec2.instance' AND json_extract(doc, '$.config.State.Name') = 'stopped';

-- check: bench-ec2-hop-limit
SELECT id FROM assets WHERE type = 'aws.ec2.instance' AND json_extract(doc, '$.config.MetadataOptions.HttpPutResponseHopLimit') > 1;

-- check: bench-ec2-world-ssh-group
SELECT a.id FROM assets a WHERE a.type = 'aws.ec2.instance' AND json_extract(a.doc, '$.config.PublicIpAddress') IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM json_each(a.doc, '$.relationships.security_groups') g JOIN assets s ON s.id = g.value
    WHERE EXISTS (
      SELECT 1 FROM json_each(s.doc, '$.config.IpPermissions') r
      WHERE EXISTS (SELECT 1 FROM json_each(r.value, '$.IpRanges') x WHERE json_extract(x.value, '$.CidrIp') = '0.0.0.0/0')
        AND (json_extract(r.value, '$.IpProtocol') = '-1'
          OR (json_extract(r.value, '$.IpProtocol') IN ('tcp', '6')
              AND json_extract(r.value, '$.FromPort') <= 22 AND 22 <= json_extract(r.value, '$.ToPort')))));

-- check: bench-ebs-unencrypted
SELECT id FROM assets WHERE type = 'aws.ec2.volume' AND json_extract(doc, '$.config.Encrypted') = 0;

-- check: bench-ebs-unattached
SELECT id FROM assets WHERE type = 'aws.ec2.volume' AND json_extract(doc, '$.config.State') = 'available';

-- check: bench-ebs-gp2
SELECT id FROM assets WHERE type = 'aws.ec2.volume' AND json_extract(doc, '$.config.VolumeType') = 'gp2';

-- check: bench-ebs-io1-high-iops
SELECT id FROM assets WHERE type = 'aws.ec2.volume' AND json_extract(doc, '$.config.VolumeType') = 'io1'
  AND json_extract(doc, '$.config.Iops') > 10000;

-- check: bench-trail-not-multi-region
SELECT id FROM assets WHERE type = 'aws.cloudtrail.trail' AND json_extract(doc, '$.config.IsMultiRegionTrail') = 0;

-- check: bench-trail-no-log-validation
SELECT id FROM assets WHERE type = 'aws.cloudtrail.trail' AND json_extract(doc, '$.config.LogFileValidationEnabled') = 0;

-- check: bench-trail-not-logging
SELECT id FROM assets WHERE type = 'aws.cloudtrail.trail' AND json_extract(doc, '$.config.TrailStatus.IsLogging') = 0;

-- check: bench-trail-no-kms
SELECT id FROM assets WHERE type = 'aws.cloudtrail.trail' AND json_extract(doc, '$.config.KmsKeyId') IS NULL;

-- check: bench-account-root-mfa
SELECT id FROM assets WHERE type = 'aws.account' AND json_extract(doc, '$.config.CredentialReport.mfa_active') != 'true';

-- check: bench-account-password-length
SELECT id FROM assets WHERE type = 'aws.account' AND (json_extract(doc, '$.config.AccountPasswordPolicy.PasswordPolicy') IS NULL
  OR json_extract(doc, '$.config.AccountPasswordPolicy.PasswordPolicy.MinimumPasswordLength') < 14);

-- check: bench-account-password-reuse
SELECT id FROM assets WHERE type = 'aws.account'
  AND coalesce(json_extract(doc, '$.config.AccountPasswordPolicy.PasswordPolicy.PasswordReusePrevention'), 0) < 24;

-- check: bench-account-root-access-keys
SELECT id FROM assets WHERE type = 'aws.account' AND json_extract(doc, '$.config.AccountSummary.SummaryMap.AccountAccessKeysPresent') = 1;
