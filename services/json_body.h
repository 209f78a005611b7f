// Strict JSON request bodies (api-contract.md, "Rules for every request"): the media type must be
// application/json, the text must parse, no object may repeat a key, the body must be an object,
// and an object may hold only documented fields.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/result.h"
#include "services/http_types.h"

namespace lianban::services {

// The request body as a JSON object. Errors: 415 `unsupported_media_type` (Content-Type is not
// application/json), 400 `invalid_json` (malformed, not UTF-8, nested deeper than 64), 400
// `duplicate_key` (a key repeated in one object; the error names its path), 422 `expected_object`.
Result<nlohmann::json> ParseJsonBody(const Request& request);

// The same rules for a body already known to be JSON text (no media-type check).
Result<nlohmann::json> ParseJsonObject(std::string_view text);

// OK when every key of `object` is in `allowed`; otherwise 422 `unknown_field` with one entry per
// unknown key, its path being `path` + "." + key (or just key when `path` is empty).
Status RejectUnknownFields(const nlohmann::json& object, std::initializer_list<std::string_view> allowed,
                           std::string_view path = "");

// The string member `key`. Errors: 422 `missing_field` or `invalid_type`, naming the field.
Result<std::string> StringField(const nlohmann::json& object, std::string_view key,
                                std::string_view path = "");

// "a.b" for ("a", "b"), "b" for ("", "b").
std::string JoinPath(std::string_view path, std::string_view key);

}  // namespace lianban::services
