// Synthetic AWS inventory: EC2 security groups, instances and EBS volumes.
#include "synthetic_gen.h"

namespace vigil::bench {

namespace {
constexpr int kPorts[] = {22, 80, 443, 3389, 3306, 5432, 1433, 6379, 27017, 9200, 8080, 8443,
                          11211, 23, 21, 445, 5601, 9092, 2379, 25, 53, 123, 5900, 5984};
constexpr std::string_view kTypes[] = {"t3.micro", "t3.large", "m5.xlarge", "m6i.2xlarge", "c6g.large", "r5.4xlarge"};
constexpr std::string_view kVolumeTypes[] = {"gp3", "gp3", "gp2", "io1", "st1"};
constexpr std::string_view kRoles[] = {"web", "api", "worker", "db", "bastion", "batch", "cache"};
}  // namespace

void Generator::ip_permission(bool ingress) {
  w_.obj();
  uint64_t proto = rng_.next() % 100;
  bool all = proto < (ingress ? 7 : 80);
  bool icmp = !all && proto < (ingress ? 12 : 82);
  if (all) {
    w_.kv("IpProtocol", "-1");
  } else if (icmp) {
    w_.kv("IpProtocol", "icmp").kn("FromPort", 8).kn("ToPort", -1);
  } else {
    w_.kv("IpProtocol", proto < 80 ? "tcp" : proto < 90 ? "udp" : "6");
    uint64_t shape = rng_.next() % 100;
    if (shape < 80) {
      int p = rng_.pick(kPorts);
      w_.kn("FromPort", p).kn("ToPort", p);
    } else if (shape < 95) {
      int64_t from = rng_.range(0, 60) * 1000;
      w_.kn("FromPort", from).kn("ToPort", from + rng_.range(1, 1999));
    } else {
      w_.kn("FromPort", 0).kn("ToPort", 65535);
    }
  }
  w_.ka("IpRanges");
  int ranges = static_cast<int>(rng_.range(ingress ? 0 : 1, 3));
  for (int r = 0; r < ranges; ++r) {
    uint64_t src = rng_.next() % 100;
    if (!ingress || src < 14) {
      w_.obj().kv("CidrIp", "0.0.0.0/0").end();
    } else if (src < 50) {
      w_.obj().kv("CidrIp", "10." + std::to_string(rng_.range(0, 255)) + ".0.0/16").kv("Description", "internal").end();
    } else if (src < 80) {
      w_.obj().kv("CidrIp", "192.168." + std::to_string(rng_.range(0, 255)) + ".0/24").end();
    } else {
      w_.obj().kv("CidrIp", "203.0.113." + std::to_string(rng_.range(1, 254)) + "/32").kv("Description", "office").end();
    }
  }
  w_.end().ka("Ipv6Ranges");
  if (rng_.chance(ingress ? 0.05 : 0.3)) w_.obj().kv("CidrIpv6", "::/0").end();
  if (rng_.chance(0.03)) w_.obj().kv("CidrIpv6", "2001:db8::/32").end();
  w_.end().ka("PrefixListIds");
  if (rng_.chance(0.03)) w_.obj().kv("PrefixListId", hex_id("pl-", 8)).end();
  w_.end().ka("UserIdGroupPairs");
  if (ingress && rng_.chance(0.15)) w_.obj().kv("GroupId", hex_id("sg-", 17)).kv("UserId", "111111111111").end();
  w_.end();
  w_.end();
}

void Generator::security_group(Account& a) {
  std::string id = hex_id("sg-", 17);
  std::string_view reg = region();
  bool is_default = rng_.chance(0.1);
  std::string name = is_default ? "default" : std::string(rng_.pick(kRoles)) + "-" + id.substr(3, 6);
  std::string arn = "arn:aws:ec2:" + std::string(reg) + ":" + a.id + ":security-group/" + id;
  begin_asset(arn, "aws.ec2.security-group", a, reg, name);
  tags_map(name);
  std::string vpc = "vpc-" + a.id.substr(4) + "0abcd";
  w_.ko("config").kv("GroupId", id).kv("GroupName", name).kv("Description", is_default ? "default VPC security group" : "managed by terraform");
  w_.kv("VpcId", vpc).kv("OwnerId", a.id);
  w_.ka("IpPermissions");
  if (is_default) {
    if (rng_.chance(0.5)) {
      w_.obj().kv("IpProtocol", "-1").ka("IpRanges").end().ka("Ipv6Ranges").end().ka("PrefixListIds").end();
      w_.ka("UserIdGroupPairs").obj().kv("GroupId", id).kv("UserId", a.id).end().end().end();
    }
  } else {
    // Skewed: most groups have a few rules, some have many.
    int64_t rules = rng_.chance(0.15) ? rng_.range(6, 14) : rng_.range(1, 5);
    for (int64_t r = 0; r < rules; ++r) ip_permission(true);
  }
  w_.end().ka("IpPermissionsEgress");
  ip_permission(false);
  w_.end();
  tags_list(name);
  w_.end();
  end_asset();
  a.sg_ids.push_back(id);
  a.sg_names.push_back(name);
  a.sg_arns.push_back(arn);
  if (a.sg_ids.size() > 32) {  // keep a sliding window of recent groups
    a.sg_ids.erase(a.sg_ids.begin());
    a.sg_names.erase(a.sg_names.begin());
    a.sg_arns.erase(a.sg_arns.begin());
  }
}

void Generator::volume(Account& a, std::string_view reg, std::string_view az, const std::string& id,
                       const std::string& instance_id, const std::string& instance_arn) {
  begin_asset("arn:aws:ec2:" + std::string(reg) + ":" + a.id + ":volume/" + id, "aws.ec2.volume", a, reg, id);
  tags_map("");
  bool encrypted = rng_.chance(0.7);
  std::string_view vtype = rng_.pick(kVolumeTypes);
  w_.ko("config").kv("VolumeId", id).kn("Size", rng_.range(8, 2000)).kv("VolumeType", vtype).kb("Encrypted", encrypted);
  if (encrypted) w_.kv("KmsKeyId", "arn:aws:kms:" + std::string(reg) + ":" + a.id + ":key/" + hex_id("", 12));
  w_.kv("State", instance_id.empty() ? "available" : "in-use").kv("AvailabilityZone", az).kv("CreateTime", ago(1, 1500));
  if (vtype != "st1") w_.kn("Iops", vtype == "io1" ? rng_.range(1000, 20000) : 3000);
  if (rng_.chance(0.4)) w_.kv("SnapshotId", hex_id("snap-", 17));
  w_.kb("MultiAttachEnabled", false).ka("Attachments");
  if (!instance_id.empty())
    w_.obj().kv("InstanceId", instance_id).kv("Device", "/dev/xvda").kv("State", "attached").kb("DeleteOnTermination", rng_.chance(0.6)).end();
  w_.end();
  tags_list("");
  w_.end();
  if (!instance_arn.empty()) w_.ko("relationships").ka("instance").str(instance_arn).end().end();
  end_asset();
}

size_t Generator::instance_with_volumes(Account& a) {
  std::string id = hex_id("i-", 17);
  std::string_view reg = region();
  std::string az = std::string(reg) + static_cast<char>('a' + rng_.range(0, 2));
  std::string arn = "arn:aws:ec2:" + std::string(reg) + ":" + a.id + ":instance/" + id;
  std::string name = std::string(rng_.pick(kRoles)) + "-" + id.substr(2, 6);
  int64_t n_volumes = rng_.chance(0.6) ? 1 : rng_.range(2, 3);
  std::vector<std::string> volume_ids, volume_arns;
  // Volume ids are drawn first so the instance can reference them.
  for (int64_t v = 0; v < n_volumes; ++v) {
    std::string vid = hex_id("vol-", 17);
    volume_ids.push_back(vid);
    volume_arns.push_back("arn:aws:ec2:" + std::string(reg) + ":" + a.id + ":volume/" + vid);
  }
  begin_asset(arn, "aws.ec2.instance", a, reg, name);
  tags_map(name);
  bool running = rng_.chance(0.85);
  w_.ko("config").kv("InstanceId", id).kv("ImageId", hex_id("ami-", 17)).kv("InstanceType", rng_.pick(kTypes));
  w_.ko("State").kn("Code", running ? 16 : 80).kv("Name", running ? "running" : "stopped").end();
  w_.kv("LaunchTime", ago(0, 900)).ko("Placement").kv("AvailabilityZone", az).kv("Tenancy", "default").end();
  w_.kv("PrivateIpAddress", "10." + std::to_string(rng_.range(0, 255)) + "." + std::to_string(rng_.range(0, 255)) + ".12");
  if (rng_.chance(0.3)) w_.kv("PublicIpAddress", "198.51.100." + std::to_string(rng_.range(1, 254)));
  w_.kv("SubnetId", hex_id("subnet-", 17)).kv("VpcId", "vpc-" + a.id.substr(4) + "0abcd");
  bool imdsv2 = rng_.chance(0.6);
  w_.ko("MetadataOptions").kv("State", "applied").kv("HttpTokens", imdsv2 ? "required" : "optional");
  w_.kn("HttpPutResponseHopLimit", rng_.chance(0.8) ? 1 : 2).kv("HttpEndpoint", rng_.chance(0.95) ? "enabled" : "disabled").end();
  w_.ko("Monitoring").kv("State", rng_.chance(0.3) ? "enabled" : "disabled").end();
  if (rng_.chance(0.7)) w_.ko("IamInstanceProfile").kv("Arn", "arn:aws:iam::" + a.id + ":instance-profile/" + name).kv("Id", hex_id("AIPA", 16)).end();
  w_.kb("EbsOptimized", rng_.chance(0.5));
  std::vector<std::string> sg_arns;
  w_.ka("SecurityGroups");
  size_t n_sgs = a.sg_ids.empty() ? 0 : static_cast<size_t>(rng_.range(1, 2));
  for (size_t s = 0; s < n_sgs; ++s) {
    size_t k = rng_.next() % a.sg_ids.size();
    w_.obj().kv("GroupId", a.sg_ids[k]).kv("GroupName", a.sg_names[k]).end();
    sg_arns.push_back(a.sg_arns[k]);
  }
  w_.end().ka("BlockDeviceMappings");
  for (size_t v = 0; v < volume_ids.size(); ++v) {
    w_.obj().kv("DeviceName", v == 0 ? "/dev/xvda" : "/dev/sd" + std::string(1, static_cast<char>('f' + v)));
    w_.ko("Ebs").kv("VolumeId", volume_ids[v]).kv("Status", "attached").kb("DeleteOnTermination", v == 0).end().end();
  }
  w_.end();
  tags_list(name);
  w_.end();
  w_.ko("relationships").ka("volumes");
  for (const std::string& v : volume_arns) w_.str(v);
  w_.end().ka("security_groups");
  for (const std::string& s : sg_arns) w_.str(s);
  w_.end().end();
  end_asset();
  for (const std::string& vid : volume_ids) volume(a, reg, az, vid, id, arn);
  return 1 + volume_ids.size();
}

void Generator::lone_volume(Account& a) {
  std::string_view reg = region();
  std::string az = std::string(reg) + static_cast<char>('a' + rng_.range(0, 2));
  volume(a, reg, az, hex_id("vol-", 17), "", "");
}

}  // namespace vigil::bench
