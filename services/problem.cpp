#include "services/problem.h"

#include <nlohmann/json.hpp>

namespace lianban::services {
namespace {

const char* Title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

}  // namespace

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kFailedPrecondition: return 412;
    case ErrorCode::kPreconditionRequired: return 428;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string ProblemJson(const Error& error) { return ProblemJsonForStatus(HttpStatus(error.code), error); }

std::string ProblemJsonForStatus(int status, const Error& error) {
  nlohmann::json body = {
      {"type", "https://lianban.example/problems/" + error.reason},
      {"title", Title(status)},
      {"status", status},
      {"code", error.reason},
      {"detail", error.message},
  };
  if (!error.fields.empty()) {
    auto& list = body["errors"] = nlohmann::json::array();
    for (const auto& f : error.fields) {
      list.push_back({{"path", f.path}, {"code", f.code}, {"detail", f.detail}});
    }
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lianban::services
