#include "console/assets.h"

#include <gtest/gtest.h>

namespace ddb::console {
namespace {

TEST(ConsoleAssets, ThePageAndItsFiles) {
  Asset asset;
  for (const char* target : {"/console", "/console/", "/console/?x=1", "/console#/partiql"}) {
    ASSERT_TRUE(FindAsset(target, asset)) << target;
    EXPECT_EQ(asset.content_type, "text/html; charset=utf-8");
    EXPECT_NE(asset.bytes.find("<title>dynarock console</title>"), std::string_view::npos);
  }
  ASSERT_TRUE(FindAsset("/console/console.js", asset));
  EXPECT_EQ(asset.content_type, "text/javascript; charset=utf-8");
  ASSERT_TRUE(FindAsset("/console/console.css", asset));
  EXPECT_EQ(asset.content_type, "text/css; charset=utf-8");
}

TEST(ConsoleAssets, EmbeddedBytesAreTheFilesExactly) {
  // embed.cmake escapes every byte; the length must come out right too.
  Asset asset;
  ASSERT_TRUE(FindAsset("/console/console.js", asset));
  EXPECT_TRUE(asset.bytes.starts_with("// dynarock console"));
  EXPECT_EQ(asset.bytes.back(), '\n');
  EXPECT_EQ(asset.bytes.find('\0'), std::string_view::npos);
}

TEST(ConsoleAssets, NothingElse) {
  Asset asset;
  for (const char* target : {"/", "/consoles", "/console.js", "/console/missing.js",
                             "/console/../console/console.js", "/console/console.js/",
                             "/console//console.js", "/x/console/console.js",
                             "/console/%2e%2e/console/console.js", "/console/console%2ejs",
                             "/CONSOLE/console.js"}) {
    EXPECT_FALSE(FindAsset(target, asset)) << target;
  }
  EXPECT_TRUE(IsConsolePath("/console/missing.js"));
  EXPECT_FALSE(IsConsolePath("/consoles"));
  EXPECT_FALSE(IsConsolePath("/"));
}

}  // namespace
}  // namespace ddb::console
