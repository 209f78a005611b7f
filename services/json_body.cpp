#include "services/json_body.h"

#include <set>
#include <vector>

namespace lianban::services {
namespace {

constexpr std::size_t kMaxDepth = 64;

// Tracks the objects and arrays being parsed so a repeated key can be reported with its path.
class DuplicateKeyDetector {
 public:
  bool OnEvent(nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (event == E::value || event == E::object_start || event == E::array_start) CountElement();
    switch (event) {
      case E::object_start:
      case E::array_start:
        frames_.push_back(Frame{event == E::object_start, {}, {}, 0});
        if (frames_.size() > kMaxDepth) too_deep_ = true;
        break;
      case E::object_end:
      case E::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case E::key:
        OnKey(parsed.get<std::string>());
        break;
      case E::value:
        break;
    }
    return true;
  }

  bool too_deep() const { return too_deep_; }
  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;     // the current key (objects)
    std::size_t count;   // elements seen so far (arrays)
  };

  void CountElement() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().count;
  }

  void OnKey(std::string key) {
    Frame& top = frames_.back();
    if (!top.keys.insert(key).second && !duplicate_) duplicate_ = PathTo(key);
    top.key = std::move(key);
  }

  std::string PathTo(const std::string& key) const {
    std::string path;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.object) {
        path = JoinPath(path, f.key);
      } else {
        path += "[" + std::to_string(f.count - 1) + "]";
      }
    }
    return JoinPath(path, key);
  }

  std::vector<Frame> frames_;
  bool too_deep_ = false;
  std::optional<std::string> duplicate_;
};

bool IsJsonMediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return EqualsIgnoreCase(type, "application/json");
}

Error FieldProblem(ErrorCode code, std::string reason, std::string message,
                   std::vector<FieldError> fields) {
  Error e = Error::Make(code, std::move(reason), std::move(message));
  e.fields = std::move(fields);
  return e;
}

}  // namespace

std::string JoinPath(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out(path);
  out += '.';
  out += key;
  return out;
}

Result<nlohmann::json> ParseJsonObject(std::string_view text) {
  DuplicateKeyDetector detector;
  nlohmann::json::parser_callback_t callback =
      [&detector](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        return detector.OnEvent(event, parsed);
      };
  nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), callback,
                                               /*allow_exceptions=*/false);
  if (value.is_discarded() || detector.too_deep()) {
    return Error::Make(ErrorCode::kMalformed, "invalid_json", "the body is not valid JSON");
  }
  if (detector.duplicate()) {
    return FieldProblem(ErrorCode::kMalformed, "duplicate_key",
                        "a key appears twice in one object",
                        {{*detector.duplicate(), "duplicate_key", "repeated key"}});
  }
  if (!value.is_object()) {
    return Error::Make(ErrorCode::kInvalidArgument, "expected_object",
                       "the body must be a JSON object");
  }
  return value;
}

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  const std::optional<std::string_view> type = request.Header("content-type");
  if (!type || !IsJsonMediaType(*type)) {
    return Error::Make(ErrorCode::kUnsupportedMediaType, "unsupported_media_type",
                       "the body must be sent as Content-Type: application/json");
  }
  return ParseJsonObject(request.body);
}

Status RejectUnknownFields(const nlohmann::json& object,
                           std::initializer_list<std::string_view> allowed, std::string_view path) {
  std::vector<FieldError> unknown;
  for (const auto& item : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == item.key();
    if (!known) unknown.push_back({JoinPath(path, item.key()), "unknown_field", "not a documented field"});
  }
  if (unknown.empty()) return OkStatus();
  return FieldProblem(ErrorCode::kInvalidArgument, "unknown_field",
                      "the body contains fields that are not documented", std::move(unknown));
}

Result<std::string> StringField(const nlohmann::json& object, std::string_view key,
                                std::string_view path) {
  const auto it = object.find(key);
  const std::string where = JoinPath(path, key);
  if (it == object.end()) {
    return FieldProblem(ErrorCode::kInvalidArgument, "missing_field", where + " is required",
                        {{where, "missing_field", "required"}});
  }
  if (!it->is_string()) {
    return FieldProblem(ErrorCode::kInvalidArgument, "invalid_type", where + " must be a string",
                        {{where, "invalid_type", "expected a string"}});
  }
  return it->get<std::string>();
}

}  // namespace lianban::services
