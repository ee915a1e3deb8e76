// server/router.h
//
// Router: one DynamoDB call, start to finish, without any HTTP: find the
// operation named by X-Amz-Target, decode the body, run it on the engine,
// encode the response. The one place where an Error becomes a status code
// and an error body.
//
// Thread-safety: Handle may be called concurrently (Engine is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"

namespace ddb::server {

struct Call {
  std::string_view target;         // X-Amz-Target
  std::string_view body;
  std::string_view authorization;  // the Authorization header, or the
                                   // X-Amz-Credential query parameter
};

struct Reply {
  int status = 200;
  std::string body;
};

class Router {
 public:
  // `engine` must outlive the router. With shared_db every caller uses one
  // database; otherwise each access key id + region has its own, as in
  // DynamoDB Local.
  Router(Engine& engine, bool shared_db) : engine_(engine), shared_db_(shared_db) {}

  Reply Handle(const Call& call) const;

 private:
  Engine& engine_;
  bool shared_db_;
};

// An error as DynamoDB answers it: its status code and JSON body.
Reply ErrorReply(const Error& error);

// The access key id and region of a SigV4 Authorization header or
// X-Amz-Credential value ("AKID/20240101/us-east-1/dynamodb/aws4_request").
struct Credential {
  std::string access_key_id;
  std::string region;
};
Credential ParseCredential(std::string_view authorization);

}  // namespace ddb::server
