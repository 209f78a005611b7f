#include "domain/rules/value.h"

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
  return Value{ValueKind::kNumber, false, 0, num, den};
}

}  // namespace lianban::domain::rules
