#include "server/triggers.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>

#include "protocol/operations.h"
#include "server/trigger_delivery.h"

namespace ddb::server {
namespace {

using Clock = std::chrono::steady_clock;

// How often a trigger looks for new records (Lambda polls about 4 times a second).
constexpr std::chrono::milliseconds kPollInterval{100};
constexpr std::chrono::milliseconds kFirstRetryDelay{100};
constexpr std::chrono::milliseconds kMaxRetryDelay{2000};

// One stream a trigger reads.
struct Source {
  RequestContext context;
  std::string stream_arn;
  std::string consumer;  // the name of its saved position
  uint64_t position = 0;  // the next record to read
  std::vector<StreamRecord> pending;
  Clock::time_point first_pending;
};

}  // namespace

Triggers::Triggers(Engine& engine, std::vector<TriggerSpec> specs, std::string endpoint,
                   SecretKeys secrets)
    : engine_(engine),
      specs_(std::move(specs)),
      endpoint_(std::move(endpoint)),
      secrets_(std::move(secrets)) {
  for (const TriggerSpec& spec : specs_) {
    threads_.emplace_back([this, &spec](std::stop_token stop) { Run(spec, stop); });
  }
}

void Triggers::Stop() {
  for (auto& thread : threads_) thread.request_stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

Triggers::~Triggers() { Stop(); }

bool Triggers::Pause(std::chrono::milliseconds duration, std::stop_token stop) {
  std::unique_lock lock(mu_);
  wake_.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

std::vector<std::string> Triggers::CommandEnvironment(const RequestContext& context) const {
  std::vector<std::string> env = {"AWS_ENDPOINT_URL_DYNAMODB=" + endpoint_,
                                  "AWS_ENDPOINT_URL_DYNAMODB_STREAMS=" + endpoint_};
  const std::string suffix = "_" + context.region;
  if (context.database.ends_with(suffix)) {
    // A database per access key and region (no -sharedDb): the handler's
    // writes must land in the table's own.
    std::string key = context.database.substr(0, context.database.size() - suffix.size());
    if (auto secret = secrets_.find(key); secret != secrets_.end()) {
      env.push_back("AWS_SECRET_ACCESS_KEY=" + secret->second);
    }
    env.push_back("AWS_ACCESS_KEY_ID=" + key);
    env.push_back("AWS_REGION=" + context.region);
    env.push_back("AWS_DEFAULT_REGION=" + context.region);
  }
  // An SDK needs some credentials and a region, which any value satisfies
  // (with --auth: any known key pair).
  const bool known = !secrets_.empty();
  const std::pair<std::string, std::string> defaults[] = {
      {"AWS_ACCESS_KEY_ID", known ? secrets_.begin()->first : "local"},
      {"AWS_SECRET_ACCESS_KEY", known ? secrets_.begin()->second : "local"},
      {"AWS_DEFAULT_REGION", context.region}};
  for (const auto& [name, value] : defaults) {
    bool given = std::getenv(name.c_str()) != nullptr;
    for (const std::string& e : env) given = given || e.starts_with(name + "=");
    if (!given) env.push_back(name + "=" + value);
  }
  return env;
}

void Triggers::Run(const TriggerSpec& spec, std::stop_token stop) {
  std::map<std::string, Source> sources;  // by database and stream ARN
  const auto window = std::chrono::milliseconds(static_cast<int64_t>(spec.window_seconds * 1000));
  auto log = [&](const std::string& what) {
    std::cerr << "dynarock: trigger on " << spec.table << ": " << what << std::endl;
  };
  // Delivers a batch, retrying; false only when stopping first.
  auto deliver = [&](const Source& source) {
    std::string event = protocol::EncodeLambdaEvent(source.pending, source.stream_arn);
    std::string error;
    auto delay = kFirstRetryDelay;
    for (int attempt = 0; attempt <= spec.retries; ++attempt) {
      bool ok = spec.url.empty() ? RunEventCommand(spec.command, CommandEnvironment(source.context),
                                                   event, stop, error)
                                 : PostEvent(spec.url, event, stop, error);
      if (ok) return true;
      if (stop.stop_requested()) return false;  // delivered again after a restart
      if (attempt == spec.retries) break;
      if (!Pause(delay, stop)) return false;
      delay = std::min(delay * 2, kMaxRetryDelay);
    }
    log("skipped " + std::to_string(source.pending.size()) + " records after " +
        std::to_string(spec.retries + 1) + " attempts: " + error);
    return true;
  };

  while (Pause(kPollInterval, stop)) {
    for (auto& [context, arn] : engine_.OpenStreams(spec.table)) {
      std::string key = context.database + '\n' + arn;
      if (sources.contains(key)) continue;
      Source source;
      source.context = context;
      source.stream_arn = arn;
      source.consumer = (spec.name.empty() ? spec.text : "name=" + spec.name) + '\n' + key;
      auto saved = engine_.LoadPosition(source.consumer);
      if (!saved) continue;
      if (*saved) {
        source.position = **saved;
      } else {
        auto start = engine_.StreamStart(context, arn, /*latest=*/!spec.trim_horizon);
        if (!start || !engine_.SavePosition(source.consumer, *start)) continue;
        source.position = *start;
      }
      sources.emplace(key, std::move(source));
    }
    for (auto it = sources.begin(); it != sources.end();) {
      Source& source = it->second;
      const auto room = static_cast<int64_t>(spec.batch_size - source.pending.size());
      auto page = engine_.ReadStream(source.context, source.stream_arn, source.position, room);
      if (!page && page.error().code == ErrorCode::kTrimmedDataAccessException) {
        // Records older than 24 hours are gone: go on from the oldest kept,
        // as Lambda does with records that age out.
        auto oldest = engine_.StreamStart(source.context, source.stream_arn, /*latest=*/false);
        if (oldest && engine_.SavePosition(source.consumer, *oldest)) {
          log("records aged out before delivery; resuming at the oldest kept");
          source.position = *oldest;
          source.pending.clear();
        }
        ++it;
        continue;
      }
      if (!page) {  // the stream is gone (its table deleted, or aged out)
        it = sources.erase(it);
        continue;
      }
      if (source.pending.empty() && !page->records.empty()) source.first_pending = Clock::now();
      for (auto& r : page->records) source.pending.push_back(std::move(r));
      source.position = page->next_position;
      const bool full = static_cast<int>(source.pending.size()) >= spec.batch_size;
      const bool due = Clock::now() - source.first_pending >= window;
      if (!source.pending.empty() && (full || due || page->ended)) {
        if (!deliver(source)) return;  // stopping: delivered again after a restart
        source.pending.clear();
        if (auto s = engine_.SavePosition(source.consumer, source.position); !s) {
          log("cannot save its position: " + s.error().message);
        }
      }
      if (page->ended && source.pending.empty()) {
        it = sources.erase(it);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace ddb::server
