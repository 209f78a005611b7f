// Typed values of the rules language: three-valued booleans, exact integers and ratios (fen, ages,
// counts, p/q parameters), reals (an area), enum symbols and sets of them. A Value is a small
// trivially-copyable struct so evaluation never allocates.
#pragma once

#include <bit>
#include <cstdint>

namespace lianban::domain::rules {

// Strong-Kleene truth value (policies.md §1.3).
enum class Truth : std::uint8_t { kFalse = 0, kTrue = 1, kUnknown = 2 };

enum class ValueKind : std::uint8_t {
  kUnknown,  // an absent fact, or an operation on one
  kNull,     // a member's null disability / education stage: compares false, never unknown
  kBool,
  kNumber,   // exact rational num/den, den > 0 (den == 1 for integers)
  kReal,     // an IEEE double (housing.per_capita_area_m2)
  kEnum,     // a symbol: `index` within the enum domain `domain`
  kSet,      // a set of symbols of one domain, as a bit mask of indexes
};

// 16 bytes, so that values travel in registers: `num` holds a numerator, an enum index, a set's
// bits or a real's bits; `den` a ratio's denominator (ratios of this catalog have small ones).
struct Value {
  ValueKind kind = ValueKind::kUnknown;
  bool boolean = false;
  std::uint8_t domain = 0;  // for kEnum and kSet: see rules/symbols.h
  std::int32_t den = 1;     // kNumber denominator (> 0)
  std::int64_t num = 0;     // kNumber numerator; kEnum index; kSet bits; kReal bits

  static constexpr Value Unknown() { return Value{}; }
  static constexpr Value Null() { return Value{ValueKind::kNull}; }
  static constexpr Value Bool(bool b) { return Value{ValueKind::kBool, b}; }
  static constexpr Value Int(std::int64_t n) { return Value{ValueKind::kNumber, false, 0, 1, n}; }
  // num/den normalised (den > 0); unknown if the reduced denominator exceeds 2^31 - 1.
  static Value Ratio(std::int64_t num, std::int64_t den);
  static constexpr Value Real(double x) {
    return Value{ValueKind::kReal, false, 0, 1, std::bit_cast<std::int64_t>(x)};
  }
  static constexpr Value Enum(std::uint8_t domain, std::int64_t index) {
    return Value{ValueKind::kEnum, false, domain, 1, index};
  }
  static constexpr Value Set(std::uint8_t domain, std::uint64_t bits) {
    return Value{ValueKind::kSet, false, domain, 1, static_cast<std::int64_t>(bits)};
  }
  static constexpr Value FromTruth(Truth t) {
    return t == Truth::kUnknown ? Unknown() : Bool(t == Truth::kTrue);
  }

  bool is_unknown() const { return kind == ValueKind::kUnknown; }
  bool is_integer() const { return kind == ValueKind::kNumber && den == 1; }
  double real() const { return std::bit_cast<double>(num); }
  std::uint64_t set() const { return static_cast<std::uint64_t>(num); }
  // The truth of a boolean value (unknown for kUnknown).
  Truth truth() const {
    if (kind != ValueKind::kBool) return Truth::kUnknown;
    return boolean ? Truth::kTrue : Truth::kFalse;
  }
};

static_assert(sizeof(Value) == 16);

}  // namespace lianban::domain::rules
