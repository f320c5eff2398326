// Witnesses: a small set of request values that reaches every way a set of
// condition values can match or not match, so that "is there a request that
// ..." can be answered by evaluating the real operators on each witness.
//
// Contract
// - string_witnesses: for each value, the value itself, its lower- and
//   upper-case forms, and for a pattern: wildcards filled with nothing, with
//   one fresh character (one that occurs in no value), and with a fresh run
//   longer than any value; plus one fresh string; and for every two of up to
//   24 patterns, one filled with the other's literal pieces at its first and
//   last star (so "https://*" and "*.example.com/*" meet). A region of the patterns
//   (matched by some and not by others) that none of these reaches needs
//   patterns built against each other ("s3:*" next to "s3:" and "s3:?");
//   the property tests compare with brute force over generated texts.
// - number_witnesses / date_witnesses: each bound, just below and just above
//   it (numbers +-0.5 and +-1, dates +-1 s and +-1 day); dates as epoch seconds.
// - address_witnesses: for each block its first and last address and their
//   outside neighbours, plus the extremes of both families: every cell of
//   the blocks' arrangement holds one.
// Values holding a policy variable contribute after substitution by `fill`.
#pragma once

#include <string>
#include <vector>

namespace vigil::iam {

std::vector<std::string> string_witnesses(const std::vector<std::string>& values);
std::vector<std::string> number_witnesses(const std::vector<std::string>& values);
std::vector<std::string> date_witnesses(const std::vector<std::string>& values);
std::vector<std::string> address_witnesses(const std::vector<std::string>& values);

}  // namespace vigil::iam
