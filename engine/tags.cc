// TagResource, UntagResource, ListTagsOfResource. A table's tags are part of
// its catalog record, so they survive restarts and go with the table.
// ListTagsOfResource answers every tag at once and never a NextToken: with
// at most 50 tags DynamoDB does not page them either (its service team says
// so in aws/aws-sdk#583), though the parameter exists.
#include <algorithm>
#include <cctype>

#include "engine/engine.h"
#include "engine/table_validation.h"

namespace ddb {
namespace {

// DynamoDB's limits on tags (developer guide, "Tagging restrictions").
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTagKey = 128;
constexpr std::size_t kMaxTagValue = 256;

// Keys beginning "aws:" (in any case) belong to AWS: they can be neither set
// nor removed by a caller.
bool Reserved(std::string_view key) {
  constexpr std::string_view kPrefix = "aws:";
  if (key.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(key[i])) != kPrefix[i]) return false;
  }
  return true;
}

Error ReservedKey(std::string_view key) {
  return Error::InvalidParameter("Tag key '" + std::string(key) +
                                 "' uses the prefix 'aws:', which is reserved for AWS use");
}

Error TooManyTags() {
  return Error::Validation("One or more parameter values were invalid: The number of tags "
                           "exceeds the limit of 50");
}

Status CheckTag(const Tag& tag) {
  if (tag.key.empty() || tag.key.size() > kMaxTagKey) {
    return Error::InvalidParameter("Tag key must be between 1 and 128 characters");
  }
  if (tag.value.size() > kMaxTagValue) {
    return Error::InvalidParameter("Tag value must be between 0 and 256 characters");
  }
  if (Reserved(tag.key)) return ReservedKey(tag.key);
  return {};
}

// A table ARN: arn:aws:dynamodb:<region>:<account>:table/<name>[/...].
Status CheckArn(const std::string& arn) {
  const Error invalid =
      Error::Validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (!arn.starts_with(kPrefix)) return invalid;
  std::string_view rest = std::string_view(arn).substr(kPrefix.size());
  for (int colon = 0; colon < 2; ++colon) {
    std::size_t at = rest.find(':');
    if (at == std::string_view::npos) return invalid;
    rest.remove_prefix(at + 1);
  }
  if (!rest.starts_with("table/")) return invalid;
  std::string_view name = rest.substr(6, rest.find('/', 6) - 6);
  bool valid = name.size() >= 3 && name.size() <= 255 &&
               std::all_of(name.begin(), name.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                        c == '.';
               });
  if (!valid) return invalid;
  return {};
}

Error NotFound(const std::string& arn) {
  return Error::ResourceNotFound("Requested resource not found: ResourcArn: " + arn +
                                 " not found");
}

}  // namespace

Status ValidateTags(const std::vector<Tag>& tags) {
  for (const Tag& tag : tags) {
    if (auto s = CheckTag(tag); !s) return s;
  }
  if (tags.size() > kMaxTags) return TooManyTags();
  return {};
}

Result<EmptyResponse> Engine::TagResource(const RequestContext& context,
                                          const TagResourceRequest& request) {
  if (auto s = CheckArn(request.resource_arn); !s) return std::move(s).error();
  if (request.tags.empty()) {
    return Error::Validation("Atleast one Tag needs to be provided as Input.");
  }
  for (const Tag& tag : request.tags) {
    if (auto s = CheckTag(tag); !s) return std::move(s).error();
  }
  std::lock_guard lock(write_mu_);
  TablePtr found = catalog_.Find(context.database, request.resource_arn);
  if (!found || found->table_status == "DELETING") return NotFound(request.resource_arn);
  TableDefinition table = *found;
  for (const Tag& tag : request.tags) {
    auto it = std::find_if(table.tags.begin(), table.tags.end(),
                           [&](const Tag& t) { return t.key == tag.key; });
    if (it != table.tags.end()) {
      it->value = tag.value;
    } else {
      table.tags.push_back(tag);
    }
  }
  if (table.tags.size() > kMaxTags) return TooManyTags();
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, table, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, std::move(table));
  return EmptyResponse{};
}

Result<EmptyResponse> Engine::UntagResource(const RequestContext& context,
                                            const UntagResourceRequest& request) {
  if (auto s = CheckArn(request.resource_arn); !s) return std::move(s).error();
  if (request.tag_keys.empty()) {
    return Error::Validation("Atleast one Tag Key needs to be provided as Input.");
  }
  for (const std::string& key : request.tag_keys) {
    if (Reserved(key)) return ReservedKey(key);
  }
  std::lock_guard lock(write_mu_);
  TablePtr found = catalog_.Find(context.database, request.resource_arn);
  if (!found || found->table_status == "DELETING") {
    return Error::ResourceNotFound("Requested resource not found");
  }
  TableDefinition table = *found;
  std::erase_if(table.tags, [&](const Tag& t) {
    return std::find(request.tag_keys.begin(), request.tag_keys.end(), t.key) !=
           request.tag_keys.end();
  });
  storage::WriteBatch batch;
  catalog_.StagePut(context.database, table, batch);
  if (auto s = Commit(batch); !s) return std::move(s).error();
  catalog_.CommitPut(context.database, std::move(table));
  return EmptyResponse{};
}

Result<ListTagsOfResourceResponse> Engine::ListTagsOfResource(
    const RequestContext& context, const ListTagsOfResourceRequest& request) {
  if (auto s = CheckArn(request.resource_arn); !s) return std::move(s).error();
  TablePtr found = catalog_.Find(context.database, request.resource_arn);
  if (!found) {
    // DynamoDB answers an ARN it does not know as a permission problem.
    return Error{ErrorCode::kAccessDeniedException,
                 "User: arn:aws:iam::000000000000:root is not authorized to perform: "
                 "dynamodb:ListTagsOfResource on resource: " + request.resource_arn,
                 {}, {}};
  }
  return ListTagsOfResourceResponse{found->tags, std::nullopt};
}

}  // namespace ddb
