// EC2 types from a capture: ids, names, tags, config unchanged, relationships
// (instance -> volumes/security_groups/subnet/vpc/instance_profile,
// security group <- network interfaces), owner filtering, TagSet.
#include <gtest/gtest.h>

#include "capture_fixture.h"

namespace vigil::aws {
namespace {

using testing::at_path;
using testing::get;
using testing::CaptureDir;
using testing::read_ok;
using testing::strings_at;

constexpr const char* kEc2 = "111111111111/us-east-1/ec2/";

void write_ec2(const CaptureDir& dir) {
  dir.write(std::string(kEc2) + "DescribeInstances.json", R"({
  "Reservations": [{
    "ReservationId": "r-0a1b2c3d4e5f60718", "OwnerId": "111111111111", "Groups": [],
    "Instances": [{
      "InstanceId": "i-0abc1234def567890", "InstanceType": "t3.micro", "ImageId": "ami-0123456789abcdef0",
      "State": {"Code": 16, "Name": "running"}, "LaunchTime": "2026-10-01T08:00:00+00:00",
      "SubnetId": "subnet-0aaa1111bbb22222c", "VpcId": "vpc-0123456789abcdef0",
      "PublicIpAddress": "54.1.2.3",
      "MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "enabled"},
      "IamInstanceProfile": {"Arn": "arn:aws:iam::111111111111:instance-profile/web", "Id": "AIPAEXAMPLE"},
      "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-0root000000000001", "Status": "attached", "DeleteOnTermination": true}},
        {"DeviceName": "/dev/xvdb", "Ebs": {"VolumeId": "vol-0data000000000002", "Status": "attached", "DeleteOnTermination": false}}],
      "SecurityGroups": [{"GroupName": "web", "GroupId": "sg-0web0000000000001"}],
      "NetworkInterfaces": [{"NetworkInterfaceId": "eni-0web000000000001", "Groups": [{"GroupName": "web", "GroupId": "sg-0web0000000000001"}]}],
      "Tags": [{"Key": "Name", "Value": "web-1"}, {"Key": "env", "Value": "prod"}]
    }]
  }]
})");
  dir.write(std::string(kEc2) + "DescribeSecurityGroups.json", R"({
  "SecurityGroups": [
    {"GroupId": "sg-0web0000000000001", "GroupName": "web", "Description": "web tier", "OwnerId": "111111111111",
     "VpcId": "vpc-0123456789abcdef0",
     "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                        "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}],
     "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                              "PrefixListIds": [], "UserIdGroupPairs": []}],
     "Tags": [{"Key": "team", "Value": "platform"}]},
    {"GroupId": "sg-0unused00000000002", "GroupName": "unused", "Description": "nobody", "OwnerId": "111111111111",
     "VpcId": "vpc-0123456789abcdef0", "IpPermissions": [], "IpPermissionsEgress": [],
     "SecurityGroupArn": "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0unused00000000002"}
  ]
})");
  dir.write(std::string(kEc2) + "DescribeVolumes.json", R"({
  "Volumes": [
    {"VolumeId": "vol-0root000000000001", "Size": 8, "VolumeType": "gp3", "Encrypted": true,
     "KmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
     "AvailabilityZone": "us-east-1a", "State": "in-use", "CreateTime": "2026-10-01T08:00:00.000Z",
     "Attachments": [{"InstanceId": "i-0abc1234def567890", "Device": "/dev/xvda", "State": "attached",
                      "VolumeId": "vol-0root000000000001", "DeleteOnTermination": true}]},
    {"VolumeId": "vol-0data000000000002", "Size": 100, "VolumeType": "gp3", "Encrypted": false,
     "AvailabilityZone": "us-east-1a", "State": "in-use", "CreateTime": "2026-10-01T08:00:00.000Z",
     "Attachments": [{"InstanceId": "i-0abc1234def567890", "Device": "/dev/xvdb", "State": "attached",
                      "VolumeId": "vol-0data000000000002", "DeleteOnTermination": false}],
     "Tags": [{"Key": "Name", "Value": "web-data"}]}
  ]
})");
  dir.write(std::string(kEc2) + "DescribeNetworkInterfaces.json", R"({
  "NetworkInterfaces": [
    {"NetworkInterfaceId": "eni-0web000000000001", "InterfaceType": "interface", "Status": "in-use",
     "SubnetId": "subnet-0aaa1111bbb22222c", "VpcId": "vpc-0123456789abcdef0", "PrivateIpAddress": "10.0.1.10",
     "Attachment": {"AttachmentId": "eni-attach-0123", "InstanceId": "i-0abc1234def567890", "DeviceIndex": 0},
     "Groups": [{"GroupName": "web", "GroupId": "sg-0web0000000000001"}],
     "TagSet": [{"Key": "Name", "Value": "web-1-eth0"}]},
    {"NetworkInterfaceId": "eni-0lb0000000000002", "InterfaceType": "interface", "Status": "in-use",
     "SubnetId": "subnet-0aaa1111bbb22222c", "VpcId": "vpc-0123456789abcdef0",
     "Groups": [{"GroupName": "web", "GroupId": "sg-0web0000000000001"}], "TagSet": []}
  ]
})");
  dir.write(std::string(kEc2) + "DescribeSnapshots.json", R"({
  "Snapshots": [
    {"SnapshotId": "snap-0own0000000000001", "VolumeId": "vol-0data000000000002", "OwnerId": "111111111111",
     "Encrypted": false, "State": "completed", "StartTime": "2026-10-02T00:00:00.000Z", "VolumeSize": 100},
    {"SnapshotId": "snap-0other000000000002", "VolumeId": "vol-0ffff", "OwnerId": "999999999999",
     "Encrypted": true, "State": "completed", "StartTime": "2026-10-02T00:00:00.000Z", "VolumeSize": 8}
  ]
})");
  dir.write(std::string(kEc2) + "DescribeSnapshotAttribute/snap-0own0000000000001.json",
            R"({"CreateVolumePermissions": [], "SnapshotId": "snap-0own0000000000001"})");
  dir.write(std::string(kEc2) + "DescribeFlowLogs.json", R"({"FlowLogs": []})");
  dir.write(std::string(kEc2) + "DescribeImages.json", R"({
  "Images": [{"ImageId": "ami-0own000000000001", "Name": "web-golden-2026-10", "OwnerId": "111111111111",
              "Public": false, "State": "available",
              "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0own0000000000001"}}]}]
})");
  dir.write(std::string(kEc2) + "DescribeVpcs.json", R"({
  "Vpcs": [{"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.0.0/16", "IsDefault": false, "OwnerId": "111111111111",
            "State": "available", "Tags": [{"Key": "Name", "Value": "prod"}]}]
})");
  dir.write(std::string(kEc2) + "DescribeSubnets.json", R"({
  "Subnets": [{"SubnetId": "subnet-0aaa1111bbb22222c", "VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.1.0/24",
               "MapPublicIpOnLaunch": true, "AvailabilityZone": "us-east-1a",
               "SubnetArn": "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0aaa1111bbb22222c"}]
})");
  dir.write(std::string(kEc2) + "DescribeNetworkAcls.json", R"({
  "NetworkAcls": [{"NetworkAclId": "acl-0123", "VpcId": "vpc-0123456789abcdef0", "IsDefault": true,
                   "Associations": [{"NetworkAclAssociationId": "aclassoc-1", "NetworkAclId": "acl-0123",
                                     "SubnetId": "subnet-0aaa1111bbb22222c"}],
                   "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false,
                                "CidrBlock": "0.0.0.0/0"}]}]
})");
  dir.write(std::string(kEc2) + "DescribeAddresses.json", R"({
  "Addresses": [{"AllocationId": "eipalloc-0123", "PublicIp": "54.1.2.3", "Domain": "vpc",
                 "InstanceId": "i-0abc1234def567890", "NetworkInterfaceId": "eni-0web000000000001"}]
})");
}

TEST(Ec2Capture, InstanceIdNameTagsConfigAndRelationships) {
  CaptureDir dir;
  write_ec2(dir);
  CaptureResult r = read_ok(dir);
  const Asset& i = get(r, "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc1234def567890");
  EXPECT_EQ(i.type, "aws.ec2.instance");
  EXPECT_EQ(i.account, "111111111111");
  EXPECT_EQ(i.region, "us-east-1");
  EXPECT_EQ(i.name, "web-1");
  EXPECT_EQ(at_path(i, "tags.env").as_string(), "prod");
  EXPECT_EQ(at_path(i, "config.MetadataOptions.HttpTokens").as_string(), "optional");
  EXPECT_EQ(at_path(i, "config.State.Code").as_int(), 16);
  EXPECT_EQ(strings_at(i, "relationships.volumes"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-1:111111111111:volume/vol-0root000000000001",
                "arn:aws:ec2:us-east-1:111111111111:volume/vol-0data000000000002"}));
  EXPECT_EQ(strings_at(i, "relationships.security_groups"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0web0000000000001"}));
  EXPECT_EQ(strings_at(i, "relationships.subnet"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0aaa1111bbb22222c"}));
  EXPECT_EQ(
      strings_at(i, "relationships.vpc"),
      (std::vector<std::string>{"arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0123456789abcdef0"}));
  EXPECT_EQ(strings_at(i, "relationships.instance_profile"),
            (std::vector<std::string>{"arn:aws:iam::111111111111:instance-profile/web"}));
  EXPECT_FALSE(at_path(i, "errors").valid());

  // The relations resolve through the inventory's index.
  std::vector<const Asset*> volumes = r.inventory.related(i, "volumes");
  ASSERT_EQ(volumes.size(), 2u);
  EXPECT_EQ(volumes[1]->name, "web-data");
  EXPECT_FALSE(at_path(*volumes[1], "config.Encrypted").as_bool());
}

TEST(Ec2Capture, SecurityGroupsGetTheirNetworkInterfacesInReverse) {
  CaptureDir dir;
  write_ec2(dir);
  CaptureResult r = read_ok(dir);
  const Asset& web =
      get(r, "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0web0000000000001");
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(at_path(web, "tags.team").as_string(), "platform");
  EXPECT_EQ(at_path(web, "config.IpPermissions").at(0).find("FromPort").as_int(), 22);
  EXPECT_EQ(strings_at(web, "relationships.network_interfaces"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0web000000000001",
                "arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0lb0000000000002"}));
  // The API's own ARN is used when given; an unused group has an empty list, not no list.
  const Asset& unused =
      get(r, "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0unused00000000002");
  JsonRef enis = at_path(unused, "relationships.network_interfaces");
  ASSERT_TRUE(enis.valid());
  EXPECT_EQ(enis.kind(), JsonKind::Array);
  EXPECT_EQ(enis.size(), 0u);
}

TEST(Ec2Capture, EveryTypeWithItsShape) {
  CaptureDir dir;
  write_ec2(dir);
  CaptureResult r = read_ok(dir);
  const Asset& eni =
      get(r, "arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0web000000000001");
  EXPECT_EQ(eni.name, "web-1-eth0");  // from TagSet
  EXPECT_EQ(strings_at(eni, "relationships.instance"),
            (std::vector<std::string>{
                "arn:aws:ec2:us-east-1:111111111111:instance/i-0abc1234def567890"}));
  const Asset& vol = get(r, "arn:aws:ec2:us-east-1:111111111111:volume/vol-0root000000000001");
  EXPECT_EQ(vol.name, "vol-0root000000000001");
  EXPECT_EQ(strings_at(vol, "relationships.instance").size(), 1u);
  const Asset& snap = get(r, "arn:aws:ec2:us-east-1::snapshot/snap-0own0000000000001");
  EXPECT_EQ(snap.type, "aws.ec2.snapshot");
  EXPECT_EQ(r.inventory.find("arn:aws:ec2:us-east-1::snapshot/snap-0other000000000002"),
            nullptr);  // not ours
  const Asset& ami = get(r, "arn:aws:ec2:us-east-1::image/ami-0own000000000001");
  EXPECT_EQ(ami.name, "web-golden-2026-10");
  EXPECT_EQ(get(r, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0123456789abcdef0").name, "prod");
  const Asset& subnet =
      get(r, "arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0aaa1111bbb22222c");
  EXPECT_TRUE(at_path(subnet, "config.MapPublicIpOnLaunch").as_bool());
  const Asset& acl = get(r, "arn:aws:ec2:us-east-1:111111111111:network-acl/acl-0123");
  EXPECT_EQ(strings_at(acl, "relationships.subnets").size(), 1u);
  const Asset& eip = get(r, "arn:aws:ec2:us-east-1:111111111111:elastic-ip/eipalloc-0123");
  EXPECT_EQ(eip.name, "54.1.2.3");
  EXPECT_EQ(r.summary.assets_by_type.at("aws.ec2.security-group"), 2u);
  EXPECT_EQ(r.summary.accounts, 1u);
  EXPECT_FALSE(r.summary.partial());
}

TEST(Ec2Capture, SameInventoryWhateverTheThreadCount) {
  CaptureDir dir;
  write_ec2(dir);
  dir.write("111111111111/eu-west-1/ec2/DescribeVolumes.json", R"({"Volumes": []})");
  CaptureResult one = read_ok(dir, 1);
  CaptureResult four = read_ok(dir, 4);
  ASSERT_EQ(one.inventory.size(), four.inventory.size());
  for (size_t i = 0; i < one.inventory.size(); ++i) {
    EXPECT_EQ(one.inventory.at(i).id, four.inventory.at(i).id);
    EXPECT_EQ(one.inventory.at(i).doc.root().to_json(), four.inventory.at(i).doc.root().to_json());
  }
}

}  // namespace
}  // namespace vigil::aws
