#include "services/http_types.h"

#include <nlohmann/json.hpp>

#include "services/problem.h"

namespace lianban::services {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding of one query component ('+' is a space); a broken escape is kept verbatim.
std::string DecodeComponent(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void ParseQuery(std::string_view query, std::map<std::string, std::string, std::less<>>& out) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string name = DecodeComponent(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : DecodeComponent(pair.substr(eq + 1));
    out.emplace(std::move(name), std::move(value));  // emplace keeps the first occurrence
  }
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view Request::PathParam(std::string_view name) const {
  const auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

void Request::SetTarget(std::string target_in) {
  target = std::move(target_in);
  query.clear();
  const std::size_t q = target.find('?');
  path = target.substr(0, q);
  if (q != std::string::npos) ParseQuery(std::string_view(target).substr(q + 1), query);
}

Response& Response::SetHeader(std::string name, std::string value) {
  for (auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string_view> Response::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::Problem(const Error& error) {
  Response r;
  r.status = HttpStatus(error.code);
  r.content_type = "application/problem+json";
  r.body = ProblemJson(error);
  if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer");
  return r;
}

Response Response::ProblemStatus(int status, std::string reason, std::string message) {
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = ProblemJsonForStatus(
      status, Error::Make(ErrorCode::kMalformed, std::move(reason), std::move(message)));
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace lianban::services
