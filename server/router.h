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

// The access key id and region of a SigV4 Authorization header or
// X-Amz-Credential value ("AKID/20240101/us-east-1/dynamodb/aws4_request").
struct Credential {
  std::string access_key_id;
  std::string region;
};
Credential ParseCredential(std::string_view authorization);

class Router {
 public:
  // `engine` must outlive the router. With shared_db every caller uses one
  // database; otherwise each access key id + region has its own, as in
  // DynamoDB Local.
  // With enforce_policies (--auth), tables' resource-based policies are
  // enforced: an explicit Deny for the caller refuses the call.
  Router(Engine& engine, bool shared_db, bool enforce_policies = false)
      : engine_(engine), shared_db_(shared_db), enforce_policies_(enforce_policies) {}

  Reply Handle(const Call& call) const;

  // Engine::WriteLog and LogPending: the server calls them before it
  // answers (http_server.cc).
  Status WriteLog() const { return engine_.WriteLog(); }
  bool LogPending() const { return engine_.LogPending(); }

 private:
  // AccessDeniedException when a policy of a table the call names denies
  // it to the caller (and for a PutResourcePolicy that would lock the
  // caller out, unless confirmed).
  Status CheckPolicies(const RequestContext& context, const Credential& credential,
                       const Call& call) const;

  Engine& engine_;
  bool shared_db_;
  bool enforce_policies_;
};

// An error as DynamoDB answers it: its status code and JSON body.
Reply ErrorReply(const Error& error);



}  // namespace ddb::server
