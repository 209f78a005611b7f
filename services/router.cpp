#include "services/router.h"

#include <algorithm>

namespace lianban::services {
namespace {

// "/a/{id}/b" -> {"a", "{id}", "b"}; "/" -> {""}. Empty segments are kept, so "/a//b" and "/a/"
// do not match "/a/b" or "/a".
std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool SegmentsMatch(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsParam(pattern[i])) {
      if (path[i].empty()) return false;
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

Error Forbidden(const domain::Principal& who, domain::Action action, std::string_view target) {
  if (domain::RoleNeedsDepartment(who.role) && !target.empty() && target != who.department) {
    return Error::Make(ErrorCode::kPermissionDenied, "forbidden_department",
                       "this belongs to another department");
  }
  return Error::Make(ErrorCode::kPermissionDenied, "forbidden",
                     std::string("your role may not ") + std::string(domain::ActionName(action)));
}

Error Unauthenticated() {
  return Error::Make(ErrorCode::kUnauthenticated, "unauthenticated", "sign in first");
}

}  // namespace

Result<const domain::Principal*> RequestContext::Require(domain::Action action,
                                                         std::string_view target_department) const {
  if (!principal_) return Unauthenticated();
  if (!domain::Allowed(*principal_, action, target_department)) {
    return Forbidden(*principal_, action, target_department);
  }
  return &*principal_;
}

Result<const domain::Principal*> RequestContext::RequireRole(domain::Action action) const {
  if (!principal_) return Unauthenticated();
  if (!domain::Allowed(*principal_, action, principal_->department)) {
    return Forbidden(*principal_, action, {});
  }
  return &*principal_;
}

void Router::Add(std::string method, std::string_view pattern, Handler handler, Access access) {
  std::vector<std::string> segments = Split(pattern);
  for (const Route& r : routes_) {
    if (r.method == method && r.segments == segments) return;
  }
  routes_.push_back(Route{std::move(method), std::move(segments), std::move(handler), access});
}

Router::Match Router::Find(Request& request) const {
  const std::vector<std::string> path = Split(request.path);
  Match match;
  for (const Route& r : routes_) {
    if (!SegmentsMatch(r.segments, path)) continue;
    if (r.method != request.method) {
      if (std::find(match.allowed.begin(), match.allowed.end(), r.method) == match.allowed.end()) {
        match.allowed.push_back(r.method);
      }
      continue;
    }
    request.path_params.clear();
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (IsParam(r.segments[i])) {
        request.path_params[r.segments[i].substr(1, r.segments[i].size() - 2)] = path[i];
      }
    }
    match.route = &r;
    match.allowed.clear();
    return match;
  }
  return match;
}

}  // namespace lianban::services
