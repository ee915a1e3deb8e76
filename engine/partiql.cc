// ExecuteStatement, BatchExecuteStatement, ExecuteTransaction: each
// statement is parsed (engine/partiql/parser.h), compiled for its table
// (engine/partiql/compile.h) and run as the ordinary operation it stands for.
#include <functional>
#include <set>

#include "engine/engine.h"
#include "engine/item_io.h"
#include "engine/partiql/compile.h"
#include "engine/partiql/parser.h"
#include "model/item_codec.h"

namespace ddb {
namespace {

using partiql::Statement;

struct Prepared {
  Statement statement;
  partiql::Parameters parameters;
};

Result<Prepared> Prepare(const ParameterizedStatement& p) {
  auto statement = partiql::Parse(p.statement);
  if (!statement) return std::move(statement).error();
  partiql::Parameters parameters = p.parameters.value_or(partiql::Parameters{});
  if (static_cast<std::size_t>(statement->parameter_count) != parameters.size()) {
    return Error::Validation("Number of parameters in request and statement don't match.");
  }
  return Prepared{*std::move(statement), std::move(parameters)};
}

bool IsRead(const Statement& s) { return s.kind == Statement::Kind::kSelect; }

Error DuplicateItem() {
  return {ErrorCode::kDuplicateItemException, "Duplicate primary key exists in table", {}, {}};
}

// --- NextToken ----------------------------------------------------------------------------
//
//   token := hex(fingerprint:u64) '.' query_index:decimal '.' hex(stored key)?
//
// The fingerprint is a hash of the statement and its parameters: a token
// is good only for the request that produced it.

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

uint64_t Fingerprint(const ParameterizedStatement& p) {
  Item parameters;
  if (p.parameters) {
    for (std::size_t i = 0; i < p.parameters->size(); ++i) {
      parameters.emplace(std::to_string(i), (*p.parameters)[i]);
    }
  }
  return std::hash<std::string>{}(p.statement + '\0' + EncodeItem(parameters));
}

struct Position {
  std::size_t query = 0;
  std::optional<Item> key;
};

std::string MakeToken(uint64_t fingerprint, std::size_t query, const std::optional<Item>& key) {
  char head[32];
  std::snprintf(head, sizeof head, "%016llx.%zu.", static_cast<unsigned long long>(fingerprint),
                query);
  return head + (key ? Hex(EncodeItem(*key)) : std::string());
}

Result<Position> ReadToken(const std::string& token, uint64_t fingerprint, std::size_t queries) {
  Error invalid = Error::Validation("Invalid NextToken");
  std::size_t dot = token.find('.');
  std::size_t second = dot == std::string::npos ? dot : token.find('.', dot + 1);
  if (second == std::string::npos || dot != 16) return invalid;
  if (token.substr(0, 16) != MakeToken(fingerprint, 0, std::nullopt).substr(0, 16)) {
    return Error::Validation("NextToken does not match request");
  }
  Position out;
  std::string index = token.substr(dot + 1, second - dot - 1);
  if (index.empty() || index.size() > 6 || index.find_first_not_of("0123456789") != std::string::npos) {
    return invalid;
  }
  out.query = std::stoul(index);
  if (out.query >= std::max<std::size_t>(queries, 1)) return invalid;
  std::string key_hex = token.substr(second + 1);
  if (!key_hex.empty()) {
    auto bytes = Unhex(key_hex);
    if (!bytes) return invalid;
    out.key = DecodeItem(*bytes);
    if (!out.key) return invalid;
  }
  return out;
}

// --- running compiled statements ----------------------------------------------------------

void AddCapacity(const std::optional<ConsumedCapacity>& part,
                 std::optional<ConsumedCapacity>& total) {
  if (!part) return;
  if (!total) {
    total = part;
    return;
  }
  total->capacity_units += part->capacity_units;
  total->table_units += part->table_units;
  for (const auto& [name, units] : part->global_indexes) total->global_indexes[name] += units;
  for (const auto& [name, units] : part->local_indexes) total->local_indexes[name] += units;
  for (const auto& [name, bytes] : part->vector_indexes) total->vector_indexes[name] += bytes;
}

// The items of a page, decoded and presented as the SELECT asks.
void Collect(const ReadResponse& page, const std::vector<partiql::Path>& paths,
             std::vector<Item>& out) {
  for (const Item& item : page.items) out.push_back(partiql::Present(item, paths));
  for (std::string_view stored : page.stored_items) {
    if (auto item = DecodeItem(stored)) out.push_back(partiql::Present(*item, paths));
  }
}

Result<ExecuteStatementResponse> RunRead(Engine& engine, const RequestContext& context,
                                         const partiql::CompiledRead& read,
                                         const ExecuteStatementRequest& request) {
  const uint64_t fingerprint = Fingerprint(request.statement);
  Position start;
  if (request.next_token) {
    auto position = ReadToken(*request.next_token, fingerprint, read.queries.size());
    if (!position) return std::move(position).error();
    start = *std::move(position);
  }
  ExecuteStatementResponse out;
  if (read.scan) {
    ScanRequest scan = read.scan_request;
    scan.limit = request.limit;
    scan.consistent_read = request.statement.consistent_read;
    scan.exclusive_start_key = start.key;
    scan.return_consumed_capacity = request.return_consumed_capacity;
    auto page = engine.Scan(context, scan);
    if (!page) return std::move(page).error();
    Collect(*page, read.paths, out.items);
    out.consumed_capacity = page->consumed_capacity;
    if (page->last_evaluated_key) out.next_token = MakeToken(fingerprint, 0, page->last_evaluated_key);
    return out;
  }
  std::optional<int64_t> remaining = request.limit;
  for (std::size_t i = start.query; i < read.queries.size(); ++i) {
    QueryRequest query = read.queries[i];
    query.limit = remaining;
    query.consistent_read = request.statement.consistent_read;
    if (i == start.query) query.exclusive_start_key = start.key;
    query.return_consumed_capacity = request.return_consumed_capacity;
    auto page = engine.Query(context, query);
    if (!page) return std::move(page).error();
    Collect(*page, read.paths, out.items);
    AddCapacity(page->consumed_capacity, out.consumed_capacity);
    if (page->last_evaluated_key) {
      out.next_token = MakeToken(fingerprint, i, page->last_evaluated_key);
      break;
    }
    if (remaining) {
      *remaining -= page->scanned_count;
      if (*remaining <= 0) {
        if (i + 1 < read.queries.size()) out.next_token = MakeToken(fingerprint, i + 1, std::nullopt);
        break;
      }
    }
  }
  return out;
}

// One INSERT, UPDATE or DELETE as PutItem, UpdateItem or DeleteItem.
Result<WriteItemResponse> RunWrite(Engine& engine, const RequestContext& context,
                                   const partiql::CompiledWrite& write,
                                   ReturnConsumedCapacity capacity, bool old_on_failure) {
  const TransactWriteAction& action = write.action;
  switch (action.kind) {
    case TransactWriteAction::Kind::kPut: {
      PutItemRequest put;
      put.table_name = action.table_name;
      put.item = action.item;
      put.expressions = action.expressions;
      put.return_consumed_capacity = capacity;
      auto response = engine.PutItem(context, put);
      if (!response && response.error().code == ErrorCode::kConditionalCheckFailedException) {
        return DuplicateItem();
      }
      return response;
    }
    case TransactWriteAction::Kind::kUpdate: {
      UpdateItemRequest update;
      update.table_name = action.table_name;
      update.key = action.item;
      update.expressions = action.expressions;
      update.return_values = write.returning;
      update.return_consumed_capacity = capacity;
      update.return_old_item_on_condition_failure = old_on_failure;
      return engine.UpdateItem(context, update);
    }
    case TransactWriteAction::Kind::kDelete: {
      DeleteItemRequest del;
      del.table_name = action.table_name;
      del.key = action.item;
      del.expressions = action.expressions;
      del.return_values = write.returning;
      del.return_consumed_capacity = capacity;
      del.return_old_item_on_condition_failure = old_on_failure;
      return engine.DeleteItem(context, del);
    }
    case TransactWriteAction::Kind::kConditionCheck:
      break;
  }
  return Error::Validation("EXISTS can only be used in ExecuteTransaction write requests.");
}

// BatchStatementError's Code for an error of one statement.
std::string BatchCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kConditionalCheckFailedException: return "ConditionalCheckFailed";
    case ErrorCode::kDuplicateItemException: return "DuplicateItem";
    case ErrorCode::kResourceNotFoundException: return "ResourceNotFound";
    case ErrorCode::kTransactionConflictException: return "TransactionConflict";
    case ErrorCode::kItemCollectionSizeLimitExceededException:
      return "ItemCollectionSizeLimitExceeded";
    case ErrorCode::kInternalServerError: return "InternalServerError";
    default: return "ValidationError";
  }
}

BatchStatementResult Failed(const Error& error, std::optional<std::string> table = {}) {
  BatchStatementResult r;
  r.error_code = BatchCode(error.code);
  r.error_message = error.message;
  r.error_item = error.item;
  r.table_name = std::move(table);
  return r;
}

}  // namespace

Result<ExecuteStatementResponse> Engine::ExecuteStatement(const RequestContext& context,
                                                          const ExecuteStatementRequest& request) {
  auto prepared = Prepare(request.statement);
  if (!prepared) return std::move(prepared).error();
  const Statement& statement = prepared->statement;
  if (statement.kind == Statement::Kind::kExists) {
    return Error::Validation("EXISTS can only be used in ExecuteTransaction write requests.");
  }
  auto table = FindTable(context, statement.table);
  if (!table) return std::move(table).error();
  if (IsRead(statement)) {
    auto read = partiql::CompileRead(statement, prepared->parameters, **table);
    if (!read) return std::move(read).error();
    return RunRead(*this, context, *read, request);
  }
  if (request.next_token) return Error::Validation("Invalid NextToken");
  auto write = partiql::CompileWrite(statement, prepared->parameters, **table);
  if (!write) return std::move(write).error();
  auto response = RunWrite(*this, context, *write, request.return_consumed_capacity,
                           request.statement.return_old_item_on_condition_failure);
  if (!response) return std::move(response).error();
  ExecuteStatementResponse out;
  if (write->returning != ReturnValues::kNone && response->attributes) {
    out.items.push_back(*response->attributes);
  }
  out.consumed_capacity = response->consumed_capacity;
  return out;
}

Result<BatchExecuteStatementResponse> Engine::BatchExecuteStatement(
    const RequestContext& context, const BatchExecuteStatementRequest& request) {
  const std::size_t n = request.statements.size();
  std::vector<std::optional<Prepared>> prepared(n);
  BatchExecuteStatementResponse out;
  out.responses.resize(n);
  bool reads = false, writes = false;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = Prepare(request.statements[i]);
    if (!p) {
      out.responses[i] = Failed(p.error());
      continue;
    }
    if (p->statement.kind == Statement::Kind::kExists) {
      out.responses[i] = Failed(
          Error::Validation("EXISTS can only be used in ExecuteTransaction write requests."));
      continue;
    }
    (IsRead(p->statement) ? reads : writes) = true;
    prepared[i] = *std::move(p);
  }
  if (reads && writes) {
    return Error::Validation("Read and write requests together in the same batch is not supported.");
  }
  // Compile every statement first: the same item twice refuses the batch
  // before anything is written.
  std::vector<std::optional<partiql::CompiledRead>> read_plans(n);
  std::vector<std::optional<partiql::CompiledWrite>> write_plans(n);
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < n; ++i) {
    if (!prepared[i]) continue;
    const Statement& st = prepared[i]->statement;
    auto table = FindTable(context, st.table);
    if (!table) {
      out.responses[i] = Failed(table.error(), st.table);
      continue;
    }
    Item key;
    if (IsRead(st)) {
      auto read = partiql::CompileRead(st, prepared[i]->parameters, **table);
      if (read && !read->key) read = Error::Validation("Only single item select is supported");
      if (!read) {
        out.responses[i] = Failed(read.error(), st.table);
        continue;
      }
      key = *read->key;
      read_plans[i] = *std::move(read);
    } else {
      auto write = partiql::CompileWrite(st, prepared[i]->parameters, **table);
      if (!write) {
        out.responses[i] = Failed(write.error(), st.table);
        continue;
      }
      for (const auto& k : (*table)->key_schema) {
        if (auto v = write->action.item.find(k.attribute_name); v != write->action.item.end()) {
          key.insert(*v);
        }
      }
      write_plans[i] = *std::move(write);
    }
    if (!seen.emplace(st.table, EncodeItem(key)).second) {
      return Error::Validation("Provided list of item keys contains duplicates");
    }
  }
  std::map<std::string, ConsumedCapacity> capacity;
  auto count = [&](const std::optional<ConsumedCapacity>& c) {
    if (!c) return;
    std::optional<ConsumedCapacity> total;
    if (auto it = capacity.find(c->table_name); it != capacity.end()) total = it->second;
    AddCapacity(c, total);
    capacity[c->table_name] = *total;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const ParameterizedStatement& given = request.statements[i];
    if (read_plans[i]) {
      const auto& read = *read_plans[i];
      GetItemRequest get;
      get.table_name = prepared[i]->statement.table;
      get.key = *read.key;
      get.consistent_read = given.consistent_read;
      get.expressions = read.projection;
      get.return_consumed_capacity = request.return_consumed_capacity;
      auto response = GetItem(context, get);
      if (!response) {
        out.responses[i] = Failed(response.error(), get.table_name);
        continue;
      }
      count(response->consumed_capacity);
      out.responses[i].table_name = get.table_name;
      if (std::optional<Item> found = FoundItem(*response)) {
        out.responses[i].item = partiql::Present(*found, read.paths);
      }
    } else if (write_plans[i]) {
      const auto& write = *write_plans[i];
      auto response = RunWrite(*this, context, write, request.return_consumed_capacity,
                               given.return_old_item_on_condition_failure);
      if (!response) {
        out.responses[i] = Failed(response.error(), write.action.table_name);
        continue;
      }
      count(response->consumed_capacity);
      out.responses[i].table_name = write.action.table_name;
      if (write.returning != ReturnValues::kNone && response->attributes) {
        out.responses[i].item = *response->attributes;
      }
    }
  }
  for (auto& [name, c] : capacity) out.consumed_capacity.push_back(std::move(c));
  return out;
}

Result<ExecuteTransactionResponse> Engine::ExecuteTransaction(
    const RequestContext& context, const ExecuteTransactionRequest& request) {
  std::vector<Prepared> prepared;
  bool reads = false, writes = false;
  for (const ParameterizedStatement& given : request.statements) {
    auto p = Prepare(given);
    if (!p) return std::move(p).error();
    if (p->statement.returning != ReturnValues::kNone) {
      return Error::Validation("RETURNING clause is not supported in ExecuteTransaction.");
    }
    (IsRead(p->statement) ? reads : writes) = true;
    prepared.push_back(*std::move(p));
  }
  if (reads && writes) {
    return Error::Validation(
        "ExecuteTransaction API does not support both read and write operations in the same "
        "request.");
  }
  ExecuteTransactionResponse out;
  out.reads = reads;
  if (reads) {
    TransactGetItemsRequest get;
    get.return_consumed_capacity = request.return_consumed_capacity;
    std::vector<std::vector<partiql::Path>> paths;
    for (const Prepared& p : prepared) {
      if (p.statement.index) {
        return Error::Validation("Reads on indices are not supported within transactions.");
      }
      auto table = FindTable(context, p.statement.table);
      if (!table) return std::move(table).error();
      auto read = partiql::CompileRead(p.statement, p.parameters, **table);
      if (!read) return std::move(read).error();
      if (!read->key) {
        return Error::Validation(
            "Select statements within ExecuteTransaction must specify the primary key in the "
            "where clause.");
      }
      TransactGetAction action;
      action.table_name = p.statement.table;
      action.key = *read->key;
      action.expressions = read->projection;
      get.actions.push_back(std::move(action));
      paths.push_back(read->paths);
    }
    auto response = TransactGetItems(context, get);
    if (!response) return std::move(response).error();
    for (std::size_t i = 0; i < response->responses.size(); ++i) {
      const auto& item = response->responses[i];
      out.responses.push_back(item ? std::optional<Item>(partiql::Present(*item, paths[i]))
                                   : std::nullopt);
    }
    out.consumed_capacity = std::move(response->consumed_capacity);
    return out;
  }
  TransactWriteItemsRequest write;
  write.client_request_token = request.client_request_token;
  write.return_consumed_capacity = request.return_consumed_capacity;
  write.fingerprint = "PartiQL:" + request.fingerprint;
  std::vector<bool> inserts;
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const Prepared& p = prepared[i];
    auto table = FindTable(context, p.statement.table);
    if (!table) return std::move(table).error();
    auto compiled = partiql::CompileWrite(p.statement, p.parameters, **table);
    if (!compiled) return std::move(compiled).error();
    compiled->action.return_old_item_on_condition_failure =
        request.statements[i].return_old_item_on_condition_failure;
    write.actions.push_back(std::move(compiled->action));
    inserts.push_back(compiled->insert);
  }
  auto response = TransactWriteItems(context, write);
  if (!response) {
    Error error = std::move(response).error();
    if (error.code != ErrorCode::kTransactionCanceledException) return error;
    // An INSERT's failed condition means its item exists.
    std::string codes;
    for (std::size_t i = 0; i < error.reasons.size(); ++i) {
      CancellationReason& reason = error.reasons[i];
      if (i < inserts.size() && inserts[i] && reason.code == "ConditionalCheckFailed") {
        reason.code = "DuplicateItem";
        reason.message = "Duplicate primary key exists in table";
      }
      codes += (i ? ", " : "") + reason.code;
    }
    error.message =
        "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes +
        "]";
    return error;
  }
  out.consumed_capacity = std::move(response->consumed_capacity);
  return out;
}

}  // namespace ddb
