// libFuzzer target: request decoding. Any body, decoded as each operation's
// request, must give a request or a DynamoDB error -- never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/operations.h"
#include "protocol/policy_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)ddb::protocol::DecodePutItem(body);
  (void)ddb::protocol::DecodeGetItem(body);
  (void)ddb::protocol::DecodeUpdateItem(body);
  (void)ddb::protocol::DecodeDeleteItem(body);
  (void)ddb::protocol::DecodeCreateTable(body);
  (void)ddb::protocol::DecodeUpdateTable(body);
  (void)ddb::protocol::DecodeListTables(body);
  (void)ddb::protocol::DecodeExportTableToPointInTime(body);
  (void)ddb::protocol::DecodeImportTable(body);
  (void)ddb::protocol::DecodePutResourcePolicy(body);
  (void)ddb::protocol::CheckPolicyDocument(body);
  (void)ddb::protocol::DecodeUpdateGlobalTable(body);
  (void)ddb::protocol::DecodeReplicaAutoScaling(body);
  (void)ddb::protocol::PolicyDenies(body, "dynamodb:GetItem", {"*"}, "arn:aws:dynamodb:x");
  std::vector<std::string> statements;
  (void)ddb::protocol::TablesOf(body, &statements);
  return 0;
}
