// Plain HTTP request and response values, independent of Beast, so handlers are testable without
// sockets. The server (services/http_server.cpp) converts to and from the wire.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/result.h"

namespace lianban::services {

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received, with the query string
  std::string path;    // the target without the query string (not percent-decoded)
  std::map<std::string, std::string, std::less<>> path_params;  // filled by the router
  std::map<std::string, std::string, std::less<>> query;        // percent-decoded; first wins
  std::vector<std::pair<std::string, std::string>> headers;     // names lower-cased
  std::string body;

  // The first header with that name (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // A path parameter set by the router ("" when absent).
  std::string_view PathParam(std::string_view name) const;
  // A query parameter, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;

  // Splits `target` into path and query (percent-decoding query names and values).
  void SetTarget(std::string target_in);
};

struct Response {
  int status = 200;
  std::string content_type;  // empty: no body
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (ETag, Allow, ...)
  std::string body;
  bool close = false;  // ask the server to close the connection after this response

  Response& SetHeader(std::string name, std::string value);
  // The first extra header with that name (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;

  // `status` with a compact JSON body (Content-Type: application/json).
  static Response Json(int status, const nlohmann::json& body);
  // The problem+json response for an error (status from services/problem.h). A 401 also carries
  // `WWW-Authenticate: Bearer`.
  static Response Problem(const Error& error);
  // A problem response for a status that has no ErrorCode (405, 431, 501, ...).
  static Response ProblemStatus(int status, std::string reason, std::string message);
  // 204 No Content.
  static Response NoContent();
};

// ASCII case-insensitive comparison, as header names need.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace lianban::services
