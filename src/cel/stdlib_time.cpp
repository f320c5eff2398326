// Timestamp and duration accessors (receiver style):
//   timestamp.getFullYear/getMonth/getDayOfYear/getDate/getDayOfMonth/
//   getDayOfWeek/getHours/getMinutes/getSeconds/getMilliseconds([zone])
//   duration.getHours/getMinutes/getSeconds (whole units, truncated) and
//   duration.getMilliseconds (the millisecond part, as CEL defines it).
// The optional zone is "UTC", a fixed offset ("+05:30") or an IANA name.
#include <string>

#include "cel/stdlib_common.h"
#include "cel/time_zone.h"
#include "core/time_text.h"

namespace vigil::cel::stdlib {
namespace {

namespace tu = timeutil;
using Args = std::span<const Value>;
using Field = int64_t (*)(const tu::CivilTime&);

// Total whole units of a duration; nullptr for timestamp-only accessors.
using DurationField = int64_t (*)(const Value&);

FunctionImpl accessor(const char* name, Field field, DurationField duration_field) {
  return [name, field, duration_field](Args args, const CallContext&) -> Value {
    const Value& v = args[0];
    if (v.kind() == Kind::Duration && duration_field != nullptr && args.size() == 1) {
      return Value::integer(duration_field(v));
    }
    if (v.kind() != Kind::Timestamp || (args.size() == 2 && args[1].kind() != Kind::String)) {
      return no_overload(name, args);
    }
    int64_t offset = 0;
    if (args.size() == 2) {
      auto r = tz::utc_offset(args[1].as_string(), v.seconds());
      if (!r.ok()) return Value::error(std::string(name) + ": " + r.error().message);
      offset = *r;
    }
    return Value::integer(field(tu::to_civil(v.seconds(), v.nanos(), offset)));
  };
}

void add_accessor(FunctionRegistry& r, const char* name, Field field,
                  DurationField duration_field = nullptr) {
  r.add(name, CallStyle::Receiver, 1, accessor(name, field, duration_field));
  r.add(name, CallStyle::Receiver, 2, accessor(name, field, duration_field));
}

}  // namespace

void register_time(FunctionRegistry& r) {
  add_accessor(r, "getFullYear", [](const tu::CivilTime& t) { return t.year; });
  add_accessor(r, "getMonth", [](const tu::CivilTime& t) { return int64_t{t.month - 1}; });
  add_accessor(r, "getDayOfYear", [](const tu::CivilTime& t) { return int64_t{t.day_of_year}; });
  add_accessor(r, "getDate", [](const tu::CivilTime& t) { return int64_t{t.day}; });
  add_accessor(r, "getDayOfMonth", [](const tu::CivilTime& t) { return int64_t{t.day - 1}; });
  add_accessor(r, "getDayOfWeek", [](const tu::CivilTime& t) { return int64_t{t.day_of_week}; });
  add_accessor(
      r, "getHours", [](const tu::CivilTime& t) { return int64_t{t.hour}; },
      [](const Value& d) { return d.seconds() / 3600; });
  add_accessor(
      r, "getMinutes", [](const tu::CivilTime& t) { return int64_t{t.minute}; },
      [](const Value& d) { return d.seconds() / 60; });
  add_accessor(
      r, "getSeconds", [](const tu::CivilTime& t) { return int64_t{t.second}; },
      [](const Value& d) { return d.seconds(); });
  add_accessor(
      r, "getMilliseconds", [](const tu::CivilTime& t) { return int64_t{t.nanos / 1'000'000}; },
      [](const Value& d) { return int64_t{d.nanos() / 1'000'000}; });
}

}  // namespace vigil::cel::stdlib
