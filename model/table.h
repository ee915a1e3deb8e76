// model/table.h
//
// What a table is: its key schema, attribute definitions, indexes, billing,
// stream and other settings -- everything CreateTable declares and
// DescribeTable reports. Plain data; engine/catalog.h stores it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace ddb {

enum class KeyType : uint8_t { kHash, kRange };

struct KeySchemaElement {
  std::string attribute_name;
  KeyType key_type = KeyType::kHash;
  friend bool operator==(const KeySchemaElement&, const KeySchemaElement&) = default;
};
using KeySchema = std::vector<KeySchemaElement>;

struct AttributeDefinition {
  std::string attribute_name;
  Type attribute_type = Type::kS;  // kS, kN or kB
  friend bool operator==(const AttributeDefinition&, const AttributeDefinition&) = default;
};

struct Projection {
  std::string projection_type;  // "ALL", "KEYS_ONLY" or "INCLUDE"
  std::vector<std::string> non_key_attributes;
};

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

struct SecondaryIndex {
  std::string index_name;
  uint32_t index_id = 0;  // storage prefix within the table; unique among its indexes
  KeySchema key_schema;
  Projection projection;
  std::optional<ProvisionedThroughput> provisioned_throughput;  // GSIs of PROVISIONED tables
};

// One attribute of a vector index's SearchSchema: its partition key (HASH),
// which every search must name, or an attribute it may filter on
// (INLINE_FILTER). Either must be in the table's AttributeDefinitions.
struct SearchSchemaElement {
  std::string attribute_name;
  std::string element_type;  // "HASH" or "INLINE_FILTER"
  friend bool operator==(const SearchSchemaElement&, const SearchSchemaElement&) = default;
};

// A vector index (CreateTable's VectorIndexes, UpdateTable's
// VectorIndexUpdates): similarity search by SearchVectors over the items
// whose `vector_attribute` holds a list of `dimensions` numbers. Fixed once
// created.
struct VectorIndex {
  std::string index_name;
  std::string vector_attribute;
  int64_t dimensions = 0;
  std::string distance_function;  // "COSINE", "EUCLIDEAN" or "DOT_PRODUCT"
  std::vector<SearchSchemaElement> search_schema;
  Projection projection;
  // The HASH element's attribute, or nullptr.
  const SearchSchemaElement* Hash() const {
    for (const auto& e : search_schema) {
      if (e.element_type == "HASH") return &e;
    }
    return nullptr;
  }
};

struct StreamSpecification {
  bool stream_enabled = false;
  std::string stream_view_type;  // when enabled
};

// One stream of a table, from when it was enabled until its records age out
// after it was disabled. Its records are those of the table whose sequence
// numbers fall in [first_sequence, end_sequence).
struct TableStream {
  std::string label;          // StreamLabel: the time it was enabled
  std::string view_type;      // StreamViewType
  double created = 0;         // epoch seconds: CreationRequestDateTime
  uint64_t first_sequence = 0;
  uint64_t end_sequence = 0;  // 0 while enabled
  double disabled_at = 0;     // epoch seconds; 0 while enabled

  bool open() const { return end_sequence == 0; }
  // Still readable: enabled, or disabled (or its table deleted) less than 24
  // hours ago, as DynamoDB keeps it.
  bool KeptAt(double now) const { return open() || now - disabled_at < 24 * 3600; }
};

struct SseSpecification {
  bool enabled = false;
  std::string sse_type;  // "AES256" or "KMS"
  std::string kms_master_key_id;
};

struct Tag {
  std::string key;
  std::string value;
};

// A table as the catalog keeps it.
struct TableDefinition {
  std::string table_name;
  uint64_t table_id = 0;    // storage prefix; never reused
  std::string table_uuid;   // DescribeTable's TableId
  std::string region;
  KeySchema key_schema;
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<SecondaryIndex> global_secondary_indexes;
  std::vector<SecondaryIndex> local_secondary_indexes;
  std::vector<VectorIndex> vector_indexes;
  std::string billing_mode = "PROVISIONED";
  ProvisionedThroughput provisioned_throughput;
  double billing_mode_updated = 0;  // epoch seconds of a switch to PAY_PER_REQUEST
  double last_increase = 0;         // epoch seconds; 0 when never
  double last_decrease = 0;
  std::optional<StreamSpecification> stream_specification;
  std::string latest_stream_label;  // empty when no stream was ever enabled
  std::vector<TableStream> streams;  // oldest first; the last is the latest
  std::optional<SseSpecification> sse_specification;
  std::string table_class = "STANDARD";
  bool deletion_protection_enabled = false;
  std::vector<Tag> tags;
  std::string ttl_attribute;  // UpdateTimeToLive: empty when disabled
  double creation_date_time = 0;    // epoch seconds
  std::string table_status = "ACTIVE";
  // UpdateContinuousBackups: point-in-time recovery, and since when.
  bool point_in_time_recovery = false;
  int64_t recovery_period_in_days = 35;
  double point_in_time_recovery_since = 0;  // epoch seconds
  // With point-in-time recovery on: the items as they were when it was
  // turned on (kItems under this id), and every change since (kStreams
  // under history id; engine/point_in_time.cc has the grammar).
  uint64_t point_in_time_base_id = 0;
  uint64_t point_in_time_history_id = 0;
  // Contributor Insights, emulated (the setting only): index name ("" for
  // the table) -> ContributorInsightsMode, for each one enabled.
  std::map<std::string, std::string> contributor_insights;
  double contributor_insights_updated = 0;  // epoch seconds
  // Kinesis streaming destinations, emulated (nothing is sent anywhere).
  struct KinesisDestination {
    std::string stream_arn;
    std::string status;     // ACTIVE or DISABLED
    std::string precision;  // ApproximateCreationDateTimePrecision
  };
  std::vector<KinesisDestination> kinesis_destinations;
  // Resource-based policies (PutResourcePolicy): "" for the table's own, a
  // stream label for that stream's -> the document and its RevisionId.
  struct ResourcePolicy {
    std::string document;     // as given, minified
    std::string revision_id;  // epoch milliseconds of the change, 13 digits
    friend bool operator==(const ResourcePolicy&, const ResourcePolicy&) = default;
  };
  std::map<std::string, ResourcePolicy> resource_policies;
  // Replicas in other regions (global tables version 2019.11.21, emulated:
  // kept and described, nothing is replicated).
  struct Replica {
    std::string region_name;
    std::string status = "ACTIVE";
    friend bool operator==(const Replica&, const Replica&) = default;
  };
  std::vector<Replica> replicas;
  // RestoreTableFromBackup / RestoreTableToPointInTime: where the table came
  // from (RestoreSummary).
  std::string restored_from_backup_arn;     // empty unless from a backup
  std::string restored_from_table_arn;      // empty when not restored
  double restore_date_time = 0;
  // Every index, global and local, for code that treats them alike.
  std::vector<const SecondaryIndex*> AllIndexes() const {
    std::vector<const SecondaryIndex*> all;
    for (const auto& i : global_secondary_indexes) all.push_back(&i);
    for (const auto& i : local_secondary_indexes) all.push_back(&i);
    return all;
  }
  double status_until = 0;  // with -delayTransientStatuses: when CREATING ends

  // Whether changes are recorded in a stream now.
  bool HasOpenStream() const { return !streams.empty() && streams.back().end_sequence == 0; }
  // The key attribute of the given role, or nullptr.
  const KeySchemaElement* Key(KeyType type) const {
    for (const auto& k : key_schema) {
      if (k.key_type == type) return &k;
    }
    return nullptr;
  }
  const VectorIndex* FindVectorIndex(std::string_view name) const {
    for (const auto& v : vector_indexes) {
      if (v.index_name == name) return &v;
    }
    return nullptr;
  }
  // The declared type of an attribute, or nullopt.
  std::optional<Type> AttributeType(const std::string& name) const {
    for (const auto& d : attribute_definitions) {
      if (d.attribute_name == name) return d.attribute_type;
    }
    return std::nullopt;
  }
};

// TableDefinition plus what DescribeTable computes when asked.
struct TableDescription {
  TableDefinition definition;
  int64_t item_count = 0;
  int64_t table_size_bytes = 0;
  struct IndexStats {
    int64_t item_count = 0;
    int64_t size_bytes = 0;
  };
  std::map<std::string, IndexStats> index_stats;  // by index name
  // UpdateTable's answer about the global indexes it changed: those it
  // created (CREATING, not backfilling), and those it deleted (DELETING).
  std::vector<std::string> creating_indexes;
  std::vector<SecondaryIndex> deleting_indexes;
  // The same for vector indexes (VectorIndexUpdates).
  std::vector<VectorIndex> deleting_vector_indexes;
  std::string table_arn;
  std::string latest_stream_arn;
  bool restore_in_progress = false;  // RestoreSummary of RestoreTableFromBackup's answer
};

}  // namespace ddb
