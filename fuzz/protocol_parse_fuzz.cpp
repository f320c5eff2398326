// libFuzzer target for the AWS protocol parsers: byte 0 picks an operation
// from a fixed list covering the five protocols (ec2, query, json, rest-json,
// rest-xml), byte 1 the HTTP status class; the rest is the response body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws_client/model/service_model.h"
#include "aws_client/protocols/protocol.h"

namespace {

struct Target {
  const char* service;
  const char* operation;
};
constexpr Target kTargets[] = {{"ec2", "DescribeInstances"},
                               {"ec2", "DescribeSecurityGroups"},
                               {"iam", "ListUsers"},
                               {"iam", "GetAccountAuthorizationDetails"},
                               {"sqs", "GetQueueAttributes"},
                               {"kms", "ListKeys"},
                               {"dynamodb", "DescribeTable"},
                               {"lambda", "ListFunctions"},
                               {"s3", "GetBucketPolicy"},
                               {"s3", "ListBuckets"},
                               {"cloudfront", "ListDistributions"},
                               {"elbv2", "DescribeLoadBalancers"}};

vigil::aws::ModelRepository& models() {
  static vigil::aws::ModelRepository repository;
  return repository;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 256 * 1024) return 0;
  const Target& t = kTargets[data[0] % (sizeof kTargets / sizeof kTargets[0])];
  auto model = models().service(t.service);
  if (!model.ok()) return 0;
  vigil::aws::HttpResponse response;
  response.status = (data[1] & 1) ? 400 : 200;
  response.body.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  auto parsed = vigil::aws::parse_response(**model, t.operation, response);
  return parsed.index() == 7 ? 1 : 0;
}
