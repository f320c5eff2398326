// EC2 resource types (catalog.h). Shapes: the AWS CLI output of
// `aws ec2 describe-*` (EC2 API reference, PascalCase).
#include "connectors/aws/catalog.h"
#include "connectors/aws/catalog_arns.h"

namespace vigil::aws {

namespace {
constexpr std::string_view kInstance = "arn:{partition}:ec2:{region}:{account}:instance/{}";
constexpr std::string_view kVolume = "arn:{partition}:ec2:{region}:{account}:volume/{}";
constexpr std::string_view kSubnet = "arn:{partition}:ec2:{region}:{account}:subnet/{}";
constexpr std::string_view kNetworkInterface = "arn:{partition}:ec2:{region}:{account}:network-interface/{}";
}  // namespace

void add_ec2_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.ec2.instance",
      .service = "ec2",
      .list_operation = "DescribeInstances",
      .items = "Reservations[].Instances[]",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:instance/{InstanceId}",
      .name = {"tag:Name", "InstanceId"},
      .tags = "Tags",
      .relations = {{"volumes", "BlockDeviceMappings[].Ebs.VolumeId", kVolume},
                    {"security_groups", "SecurityGroups[].GroupId", kSecurityGroupArn},
                    {"subnet", "SubnetId", kSubnet},
                    {"vpc", "VpcId", kVpcArn},
                    {"instance_profile", "IamInstanceProfile.Arn", ""},
                    {"network_interfaces", "NetworkInterfaces[].NetworkInterfaceId",
                     kNetworkInterface}},
  });
  out.push_back({
      .type = "aws.ec2.security-group",
      .service = "ec2",
      .list_operation = "DescribeSecurityGroups",
      .items = "SecurityGroups",
      .arn_field = "SecurityGroupArn",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:security-group/{GroupId}",
      .name = {"GroupName", "GroupId"},
      .tags = "Tags",
      .relations = {{"vpc", "VpcId", kVpcArn}},
  });
  out.push_back({
      .type = "aws.ec2.volume",
      .service = "ec2",
      .list_operation = "DescribeVolumes",
      .items = "Volumes",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:volume/{VolumeId}",
      .name = {"tag:Name", "VolumeId"},
      .tags = "Tags",
      .relations = {{"instance", "Attachments[].InstanceId", kInstance}},
  });
  out.push_back({
      // Captured with --owner-ids self; snapshot ARNs carry no account.
      .type = "aws.ec2.snapshot",
      .service = "ec2",
      .list_operation = "DescribeSnapshots",
      .items = "Snapshots",
      .list_args = "--owner-ids self",
      .arn_template = "arn:{partition}:ec2:{region}::snapshot/{SnapshotId}",
      .name = {"tag:Name", "SnapshotId"},
      .tags = "Tags",
      // config.SnapshotAttribute{CreateVolumePermissions: [{Group: "all"} | {UserId}], SnapshotId}.
      .calls = {{.operation = "DescribeSnapshotAttribute", .key = "SnapshotId", .parameter = "--snapshot-id",
                 .absent_codes = {}, .args = "--attribute createVolumePermission"}},
      .relations = {{"volume", "VolumeId", kVolume}},
      .owner_field = "OwnerId",
  });
  out.push_back({
      .type = "aws.ec2.vpc",
      .service = "ec2",
      .list_operation = "DescribeVpcs",
      .items = "Vpcs",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:vpc/{VpcId}",
      .name = {"tag:Name", "VpcId"},
      .tags = "Tags",
  });
  out.push_back({
      // VPC flow logs (CIS 3.7). ResourceId is a VPC, subnet or network
      // interface id; each VPC gets `flow_logs` in reverse (empty: none).
      .type = "aws.ec2.flow-log",
      .service = "ec2",
      .list_operation = "DescribeFlowLogs",
      .items = "FlowLogs",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:vpc-flow-log/{FlowLogId}",
      .name = {"tag:Name", "FlowLogId"},
      .tags = "Tags",
      .relations = {{"flow_logs", "ResourceId", kVpcArn, /*reverse=*/true, "aws.ec2.vpc"}},
  });
  out.push_back({
      .type = "aws.ec2.subnet",
      .service = "ec2",
      .list_operation = "DescribeSubnets",
      .items = "Subnets",
      .arn_field = "SubnetArn",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:subnet/{SubnetId}",
      .name = {"tag:Name", "SubnetId"},
      .tags = "Tags",
      .relations = {{"vpc", "VpcId", kVpcArn}},
  });
  out.push_back({
      .type = "aws.ec2.network-acl",
      .service = "ec2",
      .list_operation = "DescribeNetworkAcls",
      .items = "NetworkAcls",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:network-acl/{NetworkAclId}",
      .name = {"tag:Name", "NetworkAclId"},
      .tags = "Tags",
      .relations = {{"vpc", "VpcId", kVpcArn}, {"subnets", "Associations[].SubnetId", kSubnet}},
  });
  out.push_back({
      // Network interfaces use TagSet, not Tags.
      .type = "aws.ec2.network-interface",
      .service = "ec2",
      .list_operation = "DescribeNetworkInterfaces",
      .items = "NetworkInterfaces",
      .arn_template =
          "arn:{partition}:ec2:{region}:{account}:network-interface/{NetworkInterfaceId}",
      .name = {"tag:Name", "NetworkInterfaceId"},
      .tags = "TagSet",
      .relations = {{"security_groups", "Groups[].GroupId", kSecurityGroupArn},
                    {"subnet", "SubnetId", kSubnet},
                    {"vpc", "VpcId", kVpcArn},
                    {"instance", "Attachment.InstanceId", kInstance},
                    {"network_interfaces", "Groups[].GroupId", kSecurityGroupArn, /*reverse=*/true,
                     "aws.ec2.security-group"}},
  });
  out.push_back({
      .type = "aws.ec2.elastic-ip",
      .service = "ec2",
      .list_operation = "DescribeAddresses",
      .items = "Addresses",
      .arn_template = "arn:{partition}:ec2:{region}:{account}:elastic-ip/{AllocationId}",
      .name = {"tag:Name", "PublicIp"},
      .tags = "Tags",
      .relations = {{"instance", "InstanceId", kInstance},
                    {"network_interface", "NetworkInterfaceId", kNetworkInterface}},
  });
  out.push_back({
      // Captured with --owners self; images shared with the account are skipped.
      .type = "aws.ec2.image",
      .service = "ec2",
      .list_operation = "DescribeImages",
      .items = "Images",
      .list_args = "--owners self",
      .arn_template = "arn:{partition}:ec2:{region}::image/{ImageId}",
      .name = {"Name", "tag:Name", "ImageId"},
      .tags = "Tags",
      .relations = {{"snapshots", "BlockDeviceMappings[].Ebs.SnapshotId",
                     "arn:{partition}:ec2:{region}::snapshot/{}"}},
      .owner_field = "OwnerId",
  });
}

}  // namespace vigil::aws
