// Runs a libFuzzer target without libFuzzer, so that `make test` (g++, no
// clang) fuzzes too: every file of the target's seed corpus, then random
// mutations of them until the time is up. `make fuzz` is the coverage-guided
// run; this is its bounded, dependency-free companion.
//
//   <target>_replay <seconds> <corpus directory>
//
// A crash or abort leaves the input that caused it in ./fuzz-crash-input,
// to become a seed and a regression test.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string current;  // the input being run, for the crash handler

void OnCrash(int signal) {
  int fd = ::open("fuzz-crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    (void)!::write(fd, current.data(), current.size());
    ::close(fd);
  }
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void Run(const std::string& input) {
  current = input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(current.data()), current.size());
}

// One random edit: the kinds of change that find parser bugs (bit flips,
// boundary bytes, insertions, deletions, repeats, pieces of other seeds).
void Mutate(std::string& s, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); };
  static constexpr char kBoundary[] = {'\0', '\x7f', '\x80', '\xff', '"', '\\', '{', '[', ':',
                                       ',', '.', 'e', '-', '0', '9', '#', '(', ')'};
  switch (rng() % 7) {
    case 0:
      if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
      break;
    case 1:
      if (!s.empty()) s[pick(s.size())] = kBoundary[pick(sizeof kBoundary)];
      break;
    case 2:
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(pick(s.size() + 1)),
               kBoundary[pick(sizeof kBoundary)]);
      break;
    case 3:
      if (!s.empty()) s.erase(pick(s.size()), 1 + pick(8));
      break;
    case 4:
      if (!s.empty()) {
        std::size_t at = pick(s.size());
        std::string chunk = s.substr(at, 1 + pick(16));
        s.insert(pick(s.size() + 1), chunk);
      }
      break;
    default: {
      const std::string& other = seeds[pick(seeds.size())];
      if (other.empty()) break;
      std::size_t at = pick(other.size());
      s.insert(pick(s.size() + 1), other.substr(at, 1 + pick(32)));
      break;
    }
  }
  if (s.size() > 4096) s.resize(4096);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " <seconds> <corpus directory>\n";
    return 2;
  }
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(signal, OnCrash);
  std::vector<std::string> seeds;
  for (const auto& entry : std::filesystem::directory_iterator(argv[2])) {
    std::ifstream in(entry.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (seeds.empty()) {
    std::cerr << "no seeds in " << argv[2] << "\n";
    return 2;
  }
  for (const std::string& seed : seeds) Run(seed);
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(std::atof(argv[1]));
  uint64_t runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (int i = 0; i < 256; ++i, ++runs) {
      std::string input = seeds[rng() % seeds.size()];
      for (int edits = 1 + static_cast<int>(rng() % 8); edits > 0; --edits) Mutate(input, seeds, rng);
      Run(input);
    }
  }
  std::cout << argv[0] << ": " << seeds.size() << " seeds and " << runs
            << " mutated inputs (random seed " << seed << "), no crash\n";
  return 0;
}
