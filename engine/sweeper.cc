#include "engine/sweeper.h"

namespace ddb {

Sweeper::Sweeper(Engine& engine, std::chrono::milliseconds interval)
    : engine_(engine), interval_(interval), thread_([this](std::stop_token stop) {
        std::unique_lock lock(mu_);
        while (true) {
          // Wakes after the interval, or at once when a stop is requested.
          wake_.wait_for(lock, stop, interval_, [] { return false; });
          if (stop.stop_requested()) return;
          lock.unlock();
          engine_.Sweep();
          lock.lock();
        }
      }) {}

Sweeper::~Sweeper() {
  thread_.request_stop();
  thread_.join();
}

}  // namespace ddb
