// The SQL of each violation sort key over `violations v`, the same text in
// both backends (SQLite and PostgreSQL), shared by their violation reads and
// the test that checks SQLite's query plan.
//
// Contract: the text of each key is the expression its index is built on
// (SQLite's migration 11, PostgreSQL's migration 2): both use an expression
// index only for an equal expression. ViolationSort::Id is the key.
#pragma once

#include <string>

#include "store/store.h"

namespace vigil::store {

std::string violation_sort_key_sql(ViolationSort sort);

}  // namespace vigil::store
