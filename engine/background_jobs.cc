#include "engine/background_jobs.h"

#include <exception>

namespace ddb {

BackgroundJobs::~BackgroundJobs() { Stop(); }

void BackgroundJobs::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundJobs::Add(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(job));
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  }
  changed_.notify_all();
}

void BackgroundJobs::Drain() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return queue_.empty() && !running_job_; });
}

void BackgroundJobs::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    running_job_ = true;
    lock.unlock();
    // A job reports its own failures; an exception must not end the process.
    try {
      job();
    } catch (const std::exception&) {
    }
    lock.lock();
    running_job_ = false;
    changed_.notify_all();
  }
}

}  // namespace ddb
