// server/triggers.h
//
// Triggers: local triggers (server/trigger_spec.h) at work. One thread per
// trigger polls the stream of every table with the trigger's name (in every
// database), gathers records into batches as a Lambda event source mapping
// does (batch size, batching window, starting position), and hands each
// batch, as a Lambda DynamoDB event, to the handler, in stream order.
//
// After a batch is delivered (or skipped once its retries are spent) the
// trigger's position in that stream is saved in the store, in the same place
// for the life of the data: a restart resumes right after the last delivered
// record, so nothing is delivered twice after a clean stop, and nothing
// written meanwhile is skipped. A mapping starting at LATEST saves its
// starting position when it first sees a stream.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "server/sigv4.h"
#include "server/trigger_spec.h"

namespace ddb::server {

class Triggers {
 public:
  // `engine` must outlive this. Starts one thread per spec. `endpoint` is
  // this server's URL, given to command handlers (with the credentials of
  // the table's database) so that an unchanged SDK client reaches it.
  // With `--auth`, `secrets` holds the known keys: a handler is given the
  // secret of its database's access key.
  Triggers(Engine& engine, std::vector<TriggerSpec> specs, std::string endpoint,
           SecretKeys secrets = {});
  // Stops the threads: a delivery in progress has a few seconds to finish
  // (its position is then saved, so it is not made again after a restart);
  // one still failing, or waiting to retry, is made again after a restart.
  // Call while the server still answers; the destructor calls it too.
  void Stop();
  ~Triggers();
  Triggers(const Triggers&) = delete;
  Triggers& operator=(const Triggers&) = delete;

 private:
  void Run(const TriggerSpec& spec, std::stop_token stop);
  // What a command handler finds in its environment besides dynarock's.
  std::vector<std::string> CommandEnvironment(const RequestContext& context) const;
  // Waits `duration` or until a stop is requested; false when stopping.
  bool Pause(std::chrono::milliseconds duration, std::stop_token stop);

  Engine& engine_;
  std::vector<TriggerSpec> specs_;
  std::string endpoint_;
  SecretKeys secrets_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  std::vector<std::jthread> threads_;  // last: started after the rest exists
};

}  // namespace ddb::server
