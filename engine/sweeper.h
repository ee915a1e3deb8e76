// engine/sweeper.h
//
// Sweeper: a thread that calls Engine::Sweep every `interval` until it is
// destroyed (which waits for a sweep in progress to finish).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "engine/engine.h"

namespace ddb {

class Sweeper {
 public:
  // `engine` must outlive the sweeper.
  Sweeper(Engine& engine, std::chrono::milliseconds interval);
  ~Sweeper();
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

 private:
  Engine& engine_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: starts after the members it uses
};

}  // namespace ddb
