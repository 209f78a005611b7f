// Standard base64 (RFC 4648 §4, with padding) over libsodium's codec, for binary content carried
// in JSON bodies (matter documents).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lianban::services {

std::string EncodeBase64(std::string_view bytes);

// The decoded bytes, or nullopt unless `text` is entirely valid padded base64 (no white space).
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace lianban::services
