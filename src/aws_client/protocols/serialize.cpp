// serialize_request(): validates the params against the input shape, then
// hands them to the protocol's serializer; adds the json protocol's
// X-Amz-Target, the hostPrefix, Content-MD5 and gzip request compression.
#include <openssl/evp.h>
#include <strings.h>
#include <zlib.h>

#include <fmt/format.h>

#include "aws_client/protocols/protocol.h"
#include "aws_client/protocols/serialize_internal.h"
#include "aws_client/protocols/wire_format.h"

namespace vigil::aws {

namespace {

using detail::fail;
using detail::Params;

// botocore's default request_min_compression_size_bytes.
constexpr size_t kMinCompressionBytes = 10240;

std::string md5_base64(const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(body.data(), body.size(), digest, &len, EVP_md5(), nullptr);
  return wire::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

Result<std::string> gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return fail("gzip: deflateInit2 failed");
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return fail("gzip: deflate did not finish");
  out.resize(zs.total_out);
  return out;
}

Result<std::string> host_prefix(const OperationDef& op, const Params& params) {
  std::string out;
  const std::string& tpl = op.host_prefix;
  for (size_t i = 0; i < tpl.size();) {
    if (tpl[i] != '{') {
      out += tpl[i++];
      continue;
    }
    size_t close = tpl.find('}', i);
    if (close == std::string::npos)
      return fail(fmt::format("operation {}: malformed hostPrefix '{}'", op.name, tpl));
    std::string label = tpl.substr(i + 1, close - i - 1);
    auto it = params.find(label);
    if (it == params.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
      return fail(fmt::format("parameter {}.{}: needed for the endpoint host prefix but missing",
                              op.name, label));
    out += it->get<std::string>();
    i = close + 1;
  }
  return out;
}

}  // namespace

Result<WireRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                      const nlohmann::json& params) {
  return serialize_request(model, operation, nlohmann::ordered_json(params), SerializeOptions{});
}

Result<WireRequest> serialize_request(const ServiceModel& model, std::string_view operation,
                                      const nlohmann::ordered_json& given,
                                      const SerializeOptions& options) {
  const OperationDef* op = model.compiled_operation(operation);
  if (!op)
    return fail(fmt::format("operation '{}' is not in the {} model ({})", operation,
                            model.metadata().service_id, model.origin()));
  Params params = given.is_null() ? Params::object() : given;
  if (!params.is_object())
    return fail(fmt::format("parameters of {}: expected a JSON object", operation));
  if (op->input) {
    detail::fill_idempotency_tokens(*op->input, params, options);
    if (Status st = detail::validate_params(*op->input, params, std::string(operation)); !st.ok())
      return st.error();
  } else if (!params.empty()) {
    return fail(fmt::format("parameters of {}: the operation takes no input", operation));
  }

  WireRequest request;
  const ServiceMetadata& md = model.metadata();
  const std::string& protocol = md.protocol;
  if (protocol == "ec2" || protocol == "query") {
    request.method = "POST";
    request.path = "/";
    request.body = fmt::format("Action={}&Version={}", percent_encode(op->name),
                               percent_encode(md.api_version));
    std::string fields;
    if (op->input) detail::serialize_query_fields(*op->input, params, protocol == "ec2", fields);
    if (!fields.empty()) request.body += "&" + fields;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  } else if (protocol == "json") {
    request.method = "POST";
    request.path = "/";
    request.body = op->input ? detail::structure_to_json(*op->input, params, false).dump() : "{}";
    request.headers.emplace_back(
        "Content-Type", "application/x-amz-json-" +
                            (md.json_version.empty() ? std::string("1.0") : md.json_version));
    request.headers.emplace_back("X-Amz-Target", md.target_prefix + "." + op->name);
  } else if (protocol == "rest-json" || protocol == "rest-xml") {
    if (Status st = detail::serialize_rest(*op, params, protocol == "rest-xml", request); !st.ok())
      return st.error();
  } else {
    return fail(fmt::format(
        "{}: protocol '{}' is not supported (ec2, query, json, rest-json, rest-xml are)",
        model.origin(), protocol));
  }

  if (!op->host_prefix.empty()) {
    Result<std::string> prefix = host_prefix(*op, params);
    if (!prefix.ok()) return prefix.error();
    request.host_prefix = std::move(*prefix);
  }
  if (op->checksum_required) request.headers.emplace_back("Content-MD5", md5_base64(request.body));
  if (op->gzip_request && request.body.size() >= kMinCompressionBytes) {
    Result<std::string> zipped = gzip(request.body);
    if (!zipped.ok()) return zipped.error();
    request.body = std::move(*zipped);
    bool appended = false;
    for (auto& [name, value] : request.headers) {
      if (name.size() == 16 && strncasecmp(name.c_str(), "Content-Encoding", 16) == 0) {
        value += ", gzip";
        appended = true;
      }
    }
    if (!appended) request.headers.emplace_back("Content-Encoding", "gzip");
  }
  return request;
}

}  // namespace vigil::aws
