// SigV4 behaviour beyond the published suites: S3's single encoding and
// unnormalized paths, double encoding of already-encoded paths, re-signing a
// retried request, presign parameters, the signing-key cache, and errors.
#include <gtest/gtest.h>

#include "aws_client/signing/canonical.h"
#include "aws_client/signing/sigv4.h"
#include "core/crypto.h"

namespace vigil::aws {
namespace {

Credentials example_credentials() {
  return Credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt,
                     "test"};
}

std::chrono::system_clock::time_point suite_time() {
  return std::chrono::system_clock::from_time_t(1440938160);  // 2015-08-30T12:36:00Z
}

std::string line(const std::string& text, int index) {
  size_t start = 0;
  for (int i = 0; i < index; ++i) start = text.find('\n', start) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

TEST(SigV4Signer, AmzDateIsUtc) { EXPECT_EQ(amz_date(suite_time()), "20150830T123600Z"); }

TEST(SigV4Signer, S3SignsEncodedPathAsIsWithContentSha) {
  HttpRequest request;
  request.url = "https://bucket.s3.us-east-1.amazonaws.com/a//b/../my%20key.txt";
  SigV4Signer signer;
  auto params = SigningParams::for_service("s3", "us-east-1", suite_time());
  auto details = signer.sign(request, example_credentials(), params);
  ASSERT_TRUE(details.ok()) << details.error().message;
  EXPECT_EQ(line(details->canonical_request, 1), "/a//b/../my%20key.txt");
  EXPECT_EQ(header_value(request.headers, "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_NE(details->signed_headers.find("x-amz-content-sha256"), std::string::npos);
}

TEST(SigV4Signer, OtherServicesEncodeThePathAgain) {
  HttpRequest request;
  request.url = "https://ec2.us-east-1.amazonaws.com/my%20key";
  SigV4Signer signer;
  auto details = signer.sign(request, example_credentials(),
                             SigningParams::for_service("ec2", "us-east-1", suite_time()));
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(line(details->canonical_request, 1), "/my%2520key");
  EXPECT_EQ(header_value(request.headers, "x-amz-content-sha256"), "");
}

TEST(SigV4Signer, HostIncludesNonDefaultPort) {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/?Action=GetCallerIdentity";
  SigV4Signer signer;
  auto details = signer.sign(request, example_credentials(),
                             SigningParams::for_service("sts", "us-east-1", suite_time()));
  ASSERT_TRUE(details.ok());
  EXPECT_NE(details->canonical_request.find("\nhost:127.0.0.1:8080\n"), std::string::npos);
}

TEST(SigV4Signer, ResigningReplacesHeadersInPlace) {
  HttpRequest request;
  request.url = "https://sts.amazonaws.com/";
  Credentials credentials = example_credentials();
  credentials.session_token = "token-1";
  SigV4Signer signer;
  SigningParams params = SigningParams::for_service("sts", "us-east-1", suite_time());
  ASSERT_TRUE(signer.sign(request, credentials, params).ok());
  credentials.session_token = "token-2";
  params.time += std::chrono::seconds(5);
  auto second = signer.sign(request, credentials, params);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(request.headers.size(), 3u);  // token, date, authorization
  EXPECT_EQ(header_value(request.headers, "X-Amz-Security-Token"), "token-2");
  EXPECT_EQ(header_value(request.headers, "X-Amz-Date"), "20150830T123605Z");
  EXPECT_EQ(header_value(request.headers, "Authorization"), second->authorization);
  EXPECT_EQ(second->signed_headers, "host;x-amz-date;x-amz-security-token");
}

TEST(SigV4Signer, PresignUnsignedPayloadAndRepresign) {
  HttpRequest request;
  request.url = "https://bucket.s3.amazonaws.com/key?versionId=3";
  SigV4Signer signer;
  SigningParams params = SigningParams::for_service("s3", "us-east-1", suite_time());
  params.payload_hash = "UNSIGNED-PAYLOAD";
  params.expires = std::chrono::seconds(60);
  auto first = signer.presign(request, example_credentials(), params);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->canonical_request.substr(first->canonical_request.rfind('\n') + 1),
            "UNSIGNED-PAYLOAD");
  EXPECT_NE(request.url.find("?versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256&"), std::string::npos);
  EXPECT_NE(request.url.find("&X-Amz-Expires=60&"), std::string::npos);
  const std::string url = request.url;
  auto second = signer.presign(request, example_credentials(), params);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(request.url, url);  // earlier X-Amz-* parameters replaced, not duplicated
}

TEST(SigV4Signer, PresignRejectsExpiryBeyondSevenDays) {
  HttpRequest request;
  request.url = "https://bucket.s3.amazonaws.com/key";
  SigningParams params = SigningParams::for_service("s3", "us-east-1", suite_time());
  params.expires = std::chrono::seconds(604801);
  auto result = SigV4Signer().presign(request, example_credentials(), params);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("604800"), std::string::npos);
}

TEST(SigV4Signer, MissingKeysAndBadUrlAreErrors) {
  HttpRequest request;
  request.url = "https://sts.amazonaws.com/";
  Credentials empty;
  empty.source = "profile broken";
  auto no_keys = SigV4Signer().sign(request, empty,
                                    SigningParams::for_service("sts", "us-east-1", suite_time()));
  ASSERT_FALSE(no_keys.ok());
  EXPECT_NE(no_keys.error().message.find("profile broken"), std::string::npos);
  request.url = "/relative";
  auto bad_url = SigV4Signer().sign(request, example_credentials(),
                                    SigningParams::for_service("sts", "us-east-1", suite_time()));
  ASSERT_FALSE(bad_url.ok());
  EXPECT_NE(bad_url.error().message.find("/relative"), std::string::npos);
}

TEST(SigV4Signer, SigningKeyIsCachedPerSecretDateRegionService) {
  SigV4Signer signer;
  // AWS documentation example: secret, 20120215, us-east-1, iam.
  const std::string key = signer.signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                             "us-east-1", "iam");
  EXPECT_EQ(hex(key), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  EXPECT_EQ(signer.cached_keys(), 1u);
  EXPECT_EQ(signer.signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1",
                               "iam"),
            key);
  EXPECT_EQ(signer.cached_keys(), 1u);
  signer.signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "eu-west-1", "iam");
  signer.signing_key("other-secret", "20120215", "us-east-1", "iam");
  EXPECT_EQ(signer.cached_keys(), 3u);
}

TEST(SigV4Canonical, AuthorityEndsAtAFragment) {
  // RFC 3986: '#' ends the authority, so "@127.0.0.1" after it is fragment,
  // not userinfo; the HTTP client connects to evil.example, so that is the
  // host to sign and to vet.
  auto url = split_url("http://evil.example#@127.0.0.1/creds");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "evil.example");
  EXPECT_EQ(url->path, "/");
  auto with_query = split_url("https://h.example/p/a?x=1#frag?y=2");
  ASSERT_TRUE(with_query.ok());
  EXPECT_EQ(with_query->path, "/p/a");
  EXPECT_EQ(with_query->query, "x=1");
  auto path_fragment = split_url("https://h.example/p#q?z");
  ASSERT_TRUE(path_fragment.ok());
  EXPECT_EQ(path_fragment->path, "/p");
  EXPECT_EQ(path_fragment->query, "");
}

TEST(SigV4Canonical, QueryIsDecodedReencodedAndSorted) {
  EXPECT_EQ(canonical_query(parse_query("b=2&a=x%2fy&a=1&flag&c=a+b")),
            "a=1&a=x%2Fy&b=2&c=a%2Bb&flag=");
}

TEST(SigV4Canonical, HeadersFoldAndJoinDuplicates) {
  HttpHeaders headers = {{"X-Thing", "  a \t b "}, {"x-thing", "c"}, {"User-Agent", "vigil"}};
  CanonicalHeaders canonical = canonical_headers(headers, "example.com");
  EXPECT_EQ(canonical.block, "host:example.com\nx-thing:a b,c\n");
  EXPECT_EQ(canonical.signed_headers, "host;x-thing");
}

}  // namespace
}  // namespace vigil::aws
