// engine/background_jobs.h
//
// One thread that runs long work (exports, imports) in the order it was
// queued, so that the request that started it answers at once and no
// other request waits for it. Destruction lets the running job finish and
// drops the queued ones; jobs see stopping() and end early, as failed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace ddb {

class BackgroundJobs {
 public:
  BackgroundJobs() = default;
  ~BackgroundJobs();
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  void Add(std::function<void()> job);
  // Lets the running job finish (it sees stopping()), drops the queued ones
  // and joins the thread. Idempotent; the destructor calls it.
  void Stop();
  // Blocks until every job queued so far has run (tests).
  void Drain();
  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool running_job_ = false;                 // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::thread thread_;  // started by the first Add
};

}  // namespace ddb
