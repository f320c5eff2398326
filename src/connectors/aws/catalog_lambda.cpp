// Lambda functions (catalog.h). GetPolicy answers ResourceNotFoundException
// for a function without a resource-based policy: absence.
#include "connectors/aws/catalog.h"

namespace vigil::aws {

void add_lambda_types(std::vector<ResourceType>& out) {
  out.push_back({
      .type = "aws.lambda.function",
      .service = "lambda",
      .list_operation = "ListFunctions",
      .items = "Functions",
      .arn_field = "FunctionArn",
      .arn_template = "arn:{partition}:lambda:{region}:{account}:function:{FunctionName}",
      .name = {"FunctionName"},
      // config.Policy{Policy (decoded), RevisionId}, config.Tags{Tags}.
      .tags = "Tags.Tags",
      .calls = {{.operation = "GetPolicy",
                 .key = "FunctionName",
                 .parameter = "--function-name",
                 .absent_codes = {"ResourceNotFoundException"}},
                {.operation = "ListTags",
                 .key = "FunctionArn",
                 .parameter = "--resource",
                 .absent_codes = {}}},
      .json_strings = {{"Policy.Policy"}},
      .relations = {{"role", "Role", "", false, "aws.iam.role"},
                    {"security_groups", "VpcConfig.SecurityGroupIds[]",
                     "arn:{partition}:ec2:{region}:{account}:security-group/{}"},
                    {"subnets", "VpcConfig.SubnetIds[]",
                     "arn:{partition}:ec2:{region}:{account}:subnet/{}"},
                    {"vpc", "VpcConfig.VpcId", "arn:{partition}:ec2:{region}:{account}:vpc/{}"},
                    {"kms_key", "KMSKeyArn", ""}},
  });
}

}  // namespace vigil::aws
