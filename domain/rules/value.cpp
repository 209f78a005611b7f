#include "domain/rules/value.h"

#include <cstdint>
#include <numeric>

namespace lianban::domain::rules {

Value Value::Ratio(std::int64_t num, std::int64_t den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  std::int64_t g = std::gcd(num, den);
  if (g > 1) {
    num /= g;
    den /= g;
  }
  if (den > INT32_MAX) return Value::Unknown();
  return Value{ValueKind::kNumber, false, 0, static_cast<std::int32_t>(den), num};
}

}  // namespace lianban::domain::rules
