-- Shared by the workloads: the request headers every DynamoDB SDK sends
-- (a fake SigV4 Authorization is enough for an emulator) and item bodies of
-- about 200 bytes.
local common = {}

common.headers = {
  ["Content-Type"] = "application/x-amz-json-1.0",
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0000",
  ["X-Amz-Date"] = "20260101T000000Z",
}

-- 120 characters of payload: with the key, names and JSON framing the item
-- is about 200 bytes.
common.payload = string.rep("abcdefghij", 12)

function common.target(operation)
  local h = {}
  for k, v in pairs(common.headers) do h[k] = v end
  h["X-Amz-Target"] = "DynamoDB_20120810." .. operation
  return h
end

function common.put_body(key)
  return string.format(
    '{"TableName":"bench","Item":{"pk":{"S":"%s"},"n":{"N":"12345"},"flag":{"BOOL":true},"data":{"S":"%s"}}}',
    key, common.payload)
end

function common.get_body(key)
  return string.format('{"TableName":"bench","Key":{"pk":{"S":"%s"}}}', key)
end

-- A wrk setup function giving each thread its own key prefix, so that keys
-- written by a workload are unique across threads and runs.
function common.unique_keys(name)
  local threads = 0
  return function(thread)
    threads = threads + 1
    thread:set("prefix", string.format("%s-%d-%d", name, os.time(), threads))
  end
end

-- Number of preloaded keys ("key-0" .. "key-<n-1>"), see bench/preload.py.
common.preloaded = 10000

return common
