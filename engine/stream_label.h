// engine/stream_label.h
//
// DynamoDB's stream label: the ISO 8601 time, with milliseconds, at which a
// stream was enabled ("2026-11-25T02:16:51.123"). It ends the stream's ARN.
#pragma once

#include <string>

namespace ddb {

std::string StreamLabel(double epoch_seconds);

}  // namespace ddb
