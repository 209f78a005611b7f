// The one mapping from an Error to an HTTP status and an RFC 9457 problem+json body.
#pragma once

#include <string>

#include "domain/result.h"

namespace lianban::services {

// The HTTP status for an error category (e.g. kInvalidArgument -> 422).
int HttpStatus(ErrorCode code);

// The problem+json document: type, title, status, code (the error's reason), detail, and
// `errors` [{path, code, detail}] when the error names fields.
std::string ProblemJson(const Error& error);

// The same document for a status that no ErrorCode maps to (405, 431, 501): the HTTP server's
// framing errors, which occur before any handler runs.
std::string ProblemJsonForStatus(int status, const Error& error);

}  // namespace lianban::services
