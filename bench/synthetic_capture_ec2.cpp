// Synthetic capture, regional part: the EC2 list files of one region (VPC,
// subnets, network ACL, security groups, instances with their volumes and
// network interfaces, unattached volumes, and the empty lists of the EC2
// types not generated) and the account's CloudTrail trail. See synthetic_capture.h.
#include <string>
#include <vector>

#include "synthetic_capture_gen.h"

namespace vigil::bench {

namespace {
constexpr std::string_view kCaptureTypes[] = {"t3.medium", "m6i.large", "c6i.xlarge", "r6g.large",
                                              "t3.micro"};
constexpr int kCapturePorts[] = {22, 80, 443, 3389, 5432, 3306, 6379, 8080, 9200, 27017};

struct Instance {
  std::string id, subnet, az, launched, eni;
  std::vector<std::string> groups, volumes;
};
}  // namespace

size_t CaptureGen::ec2(const std::string& acct, std::string_view region, size_t budget) {
  std::string reg(region), arn_prefix = "arn:aws:ec2:" + reg + ":" + acct + ":";
  std::string vpc = id("vpc-"), octet = std::to_string(rng_.range(0, 255));
  size_t written = 0;

  w_.obj().ka("Vpcs").obj().kv("CidrBlock", "10." + octet + ".0.0/16").kv("State", "available").kv("VpcId", vpc)
      .kv("OwnerId", acct).kv("InstanceTenancy", "default").kb("IsDefault", false);
  tags("Tags", "main-" + reg);
  w_.end().end().end();
  sink_.put(acct, region, "ec2", "DescribeVpcs", w_);
  std::vector<std::string> subnets, azs;
  w_.obj().ka("Subnets");
  for (int i = 0; i < 3; ++i) {
    subnets.push_back(id("subnet-"));
    azs.push_back(reg + static_cast<char>('a' + i));
    w_.obj().kv("AvailabilityZone", azs.back()).kn("AvailableIpAddressCount", rng_.range(100, 4000))
        .kv("CidrBlock", "10." + octet + "." + std::to_string(i * 16) + ".0/20").kb("DefaultForAz", false)
        .kb("MapPublicIpOnLaunch", i == 0).kv("State", "available").kv("SubnetId", subnets.back()).kv("VpcId", vpc)
        .kv("OwnerId", acct).kv("SubnetArn", arn_prefix + "subnet/" + subnets.back());
    tags("Tags", i == 0 ? "public" : "private");
    w_.end();
  }
  w_.end().end();
  sink_.put(acct, region, "ec2", "DescribeSubnets", w_);
  w_.obj().ka("NetworkAcls").obj().ka("Associations");
  for (const std::string& s : subnets)
    w_.obj().kv("NetworkAclAssociationId", id("aclassoc-")).kv("SubnetId", s).end();
  w_.end().ka("Entries");
  for (bool egress : {true, false})
    w_.obj().kv("CidrBlock", "0.0.0.0/0").kb("Egress", egress).kv("Protocol", "-1").kv("RuleAction", "allow")
        .kn("RuleNumber", 100).end();
  w_.end().kb("IsDefault", true).kv("NetworkAclId", id("acl-")).ka("Tags").end().kv("VpcId", vpc).kv("OwnerId", acct)
      .end().end().end();
  sink_.put(acct, region, "ec2", "DescribeNetworkAcls", w_);
  written += 5;

  // Security groups: 30% of the region's budget.
  std::vector<std::string> groups;
  size_t n_groups = std::max<size_t>(1, budget * 30 / 100);
  w_.obj().ka("SecurityGroups");
  for (size_t g = 0; g < n_groups; ++g) {
    groups.push_back(id("sg-"));
    std::string name = std::string(kCaptureTypes[g % 5]).substr(0, 2) + "-" + id("", 6);
    w_.obj().kv("Description", "managed by terraform").kv("GroupName", name).ka("IpPermissions");
    int64_t rules = rng_.range(1, 8);
    for (int64_t r = 0; r < rules; ++r) {
      bool all = rng_.chance(0.02), range = !all && rng_.chance(0.05);
      int port = kCapturePorts[rng_.next() % 10];
      w_.obj();
      if (!all) w_.kn("FromPort", range ? 0 : port);
      w_.kv("IpProtocol", all ? "-1" : (rng_.chance(0.9) ? "tcp" : "udp")).ka("IpRanges");
      if (rng_.chance(0.85)) w_.obj().kv("CidrIp", rng_.chance(0.12) ? "0.0.0.0/0" : "10." + octet + ".0.0/16").end();
      w_.end().ka("Ipv6Ranges");
      if (rng_.chance(0.04)) w_.obj().kv("CidrIpv6", "::/0").end();
      w_.end().ka("PrefixListIds").end();
      if (!all) w_.kn("ToPort", range ? 1024 : port);
      w_.ka("UserIdGroupPairs");
      if (g > 0 && rng_.chance(0.2)) w_.obj().kv("GroupId", groups[rng_.next() % g]).kv("UserId", acct).end();
      w_.end().end();
    }
    w_.end().kv("OwnerId", acct).kv("GroupId", groups.back()).ka("IpPermissionsEgress").obj().kv("IpProtocol", "-1")
        .ka("IpRanges").obj().kv("CidrIp", "0.0.0.0/0").end().end().ka("Ipv6Ranges").end().ka("PrefixListIds").end()
        .ka("UserIdGroupPairs").end().end().end();
    if (!rng_.chance(0.1)) tags("Tags", name);
    w_.kv("VpcId", vpc).kv("SecurityGroupArn", arn_prefix + "security-group/" + groups.back()).end();
  }
  w_.end().end();
  sink_.put(acct, region, "ec2", "DescribeSecurityGroups", w_);
  written += n_groups;

  // Instances, each with 1-3 volumes and one network interface, until ~95% of the budget.
  std::vector<Instance> instances;
  size_t lone = budget * 4 / 100;
  while (written + lone + 5 <= budget) {
    Instance in;
    in.id = id("i-");
    size_t s = rng_.next() % 3;
    in.subnet = subnets[s];
    in.az = azs[s];
    in.launched = ago(1, 900);
    in.eni = id("eni-");
    for (int64_t k = rng_.range(1, 3); k > 0; --k) in.groups.push_back(groups[rng_.next() % groups.size()]);
    for (int64_t k = rng_.range(1, 3); k > 0; --k) in.volumes.push_back(id("vol-"));
    written += 2 + in.volumes.size();
    instances.push_back(std::move(in));
  }
  JsonWriter enis;
  enis.obj().ka("NetworkInterfaces");
  w_.obj().ka("Reservations");
  for (const Instance& in : instances) {
    bool stopped = rng_.chance(0.1);
    std::string ip = "10." + octet + "." + std::to_string(rng_.range(0, 47)) + "." + std::to_string(rng_.range(4, 250));
    w_.obj()
        .ka("Groups")
        .end()
        .ka("Instances")
        .obj()
        .kn("AmiLaunchIndex", 0)
        .kv("ImageId", id("ami-"))
        .kv("InstanceId", in.id)
        .kv("InstanceType", rng_.pick(kCaptureTypes))
        .kv("LaunchTime", in.launched)
        .ko("Monitoring")
        .kv("State", "disabled")
        .end()
        .ko("Placement")
        .kv("AvailabilityZone", in.az)
        .kv("Tenancy", "default")
        .end()
        .kv("PrivateIpAddress", ip)
        .ka("ProductCodes")
        .end()
        .ko("State")
        .kn("Code", stopped ? 80 : 16)
        .kv("Name", stopped ? "stopped" : "running")
        .end()
        .kv("StateTransitionReason",
            stopped ? "User initiated (" + ago(1, 300).substr(0, 10) + " 10:00:00 GMT)" : "")
        .kv("SubnetId", in.subnet)
        .kv("VpcId", vpc)
        .kv("Architecture", "x86_64")
        .ka("BlockDeviceMappings");
    for (size_t v = 0; v < in.volumes.size(); ++v)
      w_.obj().kv("DeviceName", v == 0 ? "/dev/xvda" : "/dev/xvd" + std::string(1, static_cast<char>('f' + v)))
          .ko("Ebs").kv("AttachTime", in.launched).kb("DeleteOnTermination", v == 0).kv("Status", "attached")
          .kv("VolumeId", in.volumes[v]).end().end();
    w_.end().ka("NetworkInterfaces").obj().kv("NetworkInterfaceId", in.eni).kv("PrivateIpAddress", ip)
        .kv("Status", "in-use").kv("SubnetId", in.subnet).kv("VpcId", vpc).end().end().ka("SecurityGroups");
    for (const std::string& g : in.groups) w_.obj().kv("GroupId", g).end();
    w_.end();
    tags("Tags", "app-" + in.id.substr(2, 6));
    w_.ko("MetadataOptions").kv("State", "applied").kv("HttpTokens", rng_.chance(0.3) ? "optional" : "required")
        .kv("HttpEndpoint", "enabled").end().end().end().kv("OwnerId", acct).kv("ReservationId", id("r-")).end();
    enis.obj().ko("Attachment").kv("AttachTime", in.launched).kv("AttachmentId", id("eni-attach-"))
        .kb("DeleteOnTermination", true).kn("DeviceIndex", 0).kv("InstanceId", in.id).kv("InstanceOwnerId", acct)
        .kv("Status", "attached").end().kv("AvailabilityZone", in.az).kv("Description", "").ka("Groups");
    for (const std::string& g : in.groups) enis.obj().kv("GroupId", g).end();
    enis.end().kv("InterfaceType", "interface").kv("NetworkInterfaceId", in.eni).kv("OwnerId", acct)
        .kv("PrivateIpAddress", ip).kb("RequesterManaged", false).kb("SourceDestCheck", true).kv("Status", "in-use")
        .kv("SubnetId", in.subnet).ka("TagSet").end().kv("VpcId", vpc).end();
  }
  w_.end().end();
  sink_.put(acct, region, "ec2", "DescribeInstances", w_);
  enis.end().end();
  sink_.put(acct, region, "ec2", "DescribeNetworkInterfaces", enis);

  w_.obj().ka("Volumes");
  auto volume = [&](const std::string& vid, const Instance* in, size_t index) {
    bool encrypted = rng_.chance(0.75);
    w_.obj().ka("Attachments");
    if (in)
      w_.obj().kv("AttachTime", in->launched).kv("Device", index == 0 ? "/dev/xvda" : "/dev/xvdf")
          .kv("InstanceId", in->id).kv("State", "attached").kv("VolumeId", vid).kb("DeleteOnTermination", index == 0)
          .end();
    w_.end().kv("AvailabilityZone", in ? in->az : azs[0]).kv("CreateTime", in ? in->launched : ago(1, 900))
        .kb("Encrypted", encrypted);
    if (encrypted) w_.kv("KmsKeyId", "arn:aws:kms:" + reg + ":" + acct + ":key/" + id("", 32));
    w_.kn("Size", rng_.range(8, 500)).kv("SnapshotId", "").kv("State", in ? "in-use" : "available").kv("VolumeId", vid)
        .kn("Iops", 3000).kv("VolumeType", "gp3").kb("MultiAttachEnabled", false);
    if (!rng_.chance(0.15)) tags("Tags", {});
    w_.end();
  };
  for (const Instance& in : instances)
    for (size_t v = 0; v < in.volumes.size(); ++v) volume(in.volumes[v], &in, v);
  for (size_t i = 0; i < lone; ++i) volume(id("vol-"), nullptr, 0);
  w_.end().end();
  sink_.put(acct, region, "ec2", "DescribeVolumes", w_);
  written += lone;

  for (auto [op, member] : {std::pair{"DescribeSnapshots", "Snapshots"}, {"DescribeAddresses", "Addresses"},
                            {"DescribeImages", "Images"}, {"DescribeFlowLogs", "FlowLogs"}}) {
    w_.obj().ka(member).end().end();
    sink_.put(acct, region, "ec2", op, w_);
  }
  return written;
}

size_t CaptureGen::cloudtrail(const std::string& acct, const std::vector<std::string_view>& regions) {
  std::string home(regions.front()), name = "trail-" + id("", 6);
  std::string arn = "arn:aws:cloudtrail:" + home + ":" + acct + ":trail/" + name;
  bool multi = rng_.chance(0.7), validation = rng_.chance(0.6);
  for (std::string_view region : regions) {
    w_.obj().ka("trailList");
    if (multi || region == home)
      w_.obj().kv("Name", name).kv("S3BucketName", "cloudtrail-" + acct).kb("IncludeGlobalServiceEvents", multi)
          .kb("IsMultiRegionTrail", multi).kv("HomeRegion", home).kv("TrailARN", arn)
          .kb("LogFileValidationEnabled", validation).kb("HasCustomEventSelectors", false)
          .kb("HasInsightSelectors", false).kb("IsOrganizationTrail", false).end();
    w_.end().end();
    sink_.put(acct, region, "cloudtrail", "DescribeTrails", w_);
  }
  w_.obj().kb("IsLogging", rng_.chance(0.9)).kv("LatestDeliveryTime", ago(0, 1)).kv("StartLoggingTime", ago(100, 900))
      .end();
  sink_.put(acct, home, "cloudtrail", "GetTrailStatus", w_, arn);
  w_.obj().kv("TrailARN", arn).ka("EventSelectors").obj().kv("ReadWriteType", rng_.chance(0.9) ? "All" : "WriteOnly")
      .kb("IncludeManagementEvents", true).ka("DataResources").end().ka("ExcludeManagementEventSources").end().end()
      .end().end();
  sink_.put(acct, home, "cloudtrail", "GetEventSelectors", w_, arn);
  w_.obj().ka("ResourceTagList").obj().kv("ResourceId", arn);
  tags("TagsList", {});
  w_.end().end().end();
  sink_.put(acct, home, "cloudtrail", "ListTags", w_, arn);
  return 1;
}

}  // namespace vigil::bench
