// engine/expr/reserved_words.h
#pragma once

#include <string_view>

namespace ddb::expr {

// True when `word` is one of DynamoDB's reserved words (case-insensitive).
bool IsReservedWord(std::string_view word);

}  // namespace ddb::expr
