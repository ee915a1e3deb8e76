-- PutItem of ~200-byte items, every key unique.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "?.lua"
local common = require("common")
local headers = common.target("PutItem")
local threads = 0
local counter = 0
local prefix = ""

function setup(thread)
  threads = threads + 1
  thread:set("prefix", string.format("put-%d-%d", os.time(), threads))
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/", headers, common.put_body(prefix .. "-" .. counter))
end
