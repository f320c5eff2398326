// Elastic Load Balancing: classic (`aws elb`) and v2 (`aws elbv2`:
// application, network, gateway). Attributes, listeners and tags come
// from per-resource calls keyed by the load balancer's name (classic) or
// ARN (v2): config.LoadBalancerAttributes{LoadBalancerAttributes} (classic)
// or {Attributes} (v2), config.Listeners{Listeners}, config.Tags{TagDescriptions}.
#include "connectors/aws/catalog.h"
#include "connectors/aws/catalog_arns.h"

namespace vigil::aws {

void add_elb_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.elb.load-balancer",
      .service = "elb",
      .list_operation = "DescribeLoadBalancers",
      .items = "LoadBalancerDescriptions",
      .arn_template =
          "arn:{partition}:elasticloadbalancing:{region}:{account}:loadbalancer/{LoadBalancerName}",
      .name = {"LoadBalancerName"},
      .tags = "Tags.TagDescriptions[].Tags[]",
      .calls = {{.operation = "DescribeLoadBalancerAttributes",
                 .key = "LoadBalancerName",
                 .parameter = "--load-balancer-name",
                 .absent_codes = {}},
                {.operation = "DescribeTags",
                 .key = "LoadBalancerName",
                 .parameter = "--load-balancer-names",
                 .absent_codes = {}}},
      .relations = {{"security_groups", "SecurityGroups[]", kSecurityGroupArn},
                    {"vpc", "VPCId", kVpcArn},
                    {"instances", "Instances[].InstanceId",
                     "arn:{partition}:ec2:{region}:{account}:instance/{}"}},
  });
  out.push_back({
      .type = "aws.elbv2.load-balancer",
      .service = "elbv2",
      .list_operation = "DescribeLoadBalancers",
      .items = "LoadBalancers",
      .arn_field = "LoadBalancerArn",
      .name = {"LoadBalancerName"},
      .tags = "Tags.TagDescriptions[].Tags[]",
      .calls = {{.operation = "DescribeLoadBalancerAttributes",
                 .key = "LoadBalancerArn",
                 .parameter = "--load-balancer-arn",
                 .absent_codes = {}},
                {.operation = "DescribeListeners",
                 .key = "LoadBalancerArn",
                 .parameter = "--load-balancer-arn",
                 .absent_codes = {}},
                {.operation = "DescribeTags",
                 .key = "LoadBalancerArn",
                 .parameter = "--resource-arns",
                 .absent_codes = {}}},
      .relations = {{"security_groups", "SecurityGroups[]", kSecurityGroupArn},
                    {"vpc", "VpcId", kVpcArn}},
  });
  out.push_back({
      // Target groups and their registered targets:
      // config.TargetHealth{TargetHealthDescriptions: [{Target, TargetHealth}]}.
      // Each v2 load balancer gets `target_groups` in reverse (empty: none).
      .type = "aws.elbv2.target-group",
      .service = "elbv2",
      .list_operation = "DescribeTargetGroups",
      .items = "TargetGroups",
      .arn_field = "TargetGroupArn",
      .name = {"TargetGroupName"},
      .calls = {{.operation = "DescribeTargetHealth",
                 .key = "TargetGroupArn",
                 .parameter = "--target-group-arn",
                 .absent_codes = {}}},
      .relations = {{"load_balancers", "LoadBalancerArns[]", ""},
                    {"target_groups", "LoadBalancerArns[]", "", /*reverse=*/true,
                     "aws.elbv2.load-balancer"},
                    {"vpc", "VpcId", kVpcArn}},
  });
}

}  // namespace vigil::aws
