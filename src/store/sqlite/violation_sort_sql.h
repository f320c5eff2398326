// The SQL of each violation sort key over `violations v`, shared by the
// violation reads and the test that checks their query plan.
//
// Contract: the text of each key parses to the expression its index of
// migration 11 is built on (SQLite uses an expression index only for an
// equal expression); ViolationSort::Id is the rowid.
#pragma once

#include <string>

#include "store/store.h"

namespace vigil::store::sqlite {

std::string violation_sort_key_sql(ViolationSort sort);

}  // namespace vigil::store::sqlite
