#include "domain/report.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace lianban::domain {
namespace {

bool InPeriod(std::int64_t t, std::int64_t start, std::int64_t end) {
  return t >= start && t < end;
}

class Accumulator {
 public:
  // One case: submitted, due, and decided at `decided_at` if it was.
  void AddCase(std::int64_t submitted_at, std::int64_t due_at,
               std::optional<std::int64_t> decided_at, std::int64_t start, std::int64_t end) {
    if (InPeriod(submitted_at, start, end)) ++opened_;
    if (!decided_at || !InPeriod(*decided_at, start, end)) return;
    ++decided_;
    handling_.push_back(*decided_at - submitted_at);
    if (*decided_at <= due_at) ++on_time_;
  }

  void AddDecision(const ReportDecision& d, std::int64_t household_id, std::int64_t start,
                   std::int64_t end) {
    if (!InPeriod(d.decided_at, start, end)) return;
    ++decisions_;
    if (!d.approved) return;
    ++approved_;
    monthly_fen_ += d.monthly_fen;
    once_fen_ += d.once_fen;
    yearly_fen_ += d.yearly_fen;
    person_times_ += static_cast<std::int64_t>(d.beneficiaries.size());
    for (int member : d.beneficiaries) persons_.insert({household_id, member});
  }

  void AddScreening() { screenings_ = screenings_.value_or(0) + 1; }
  void AddScreenings(std::int64_t n) { screenings_ = screenings_.value_or(0) + n; }

  ReportFigures Finish() const {
    ReportFigures f;
    f.opened = opened_;
    f.decided = decided_;
    f.decisions = decisions_;
    f.approved = approved_;
    f.median_handling_seconds = Median(handling_);
    f.p90_handling_seconds = NearestRankPercentile(handling_, 90);
    f.on_time = Rate{on_time_, decided_};
    f.monthly_fen = monthly_fen_;
    f.once_fen = once_fen_;
    f.yearly_fen = yearly_fen_;
    f.persons = static_cast<std::int64_t>(persons_.size());
    f.person_times = person_times_;
    f.screenings = screenings_;
    return f;
  }

 private:
  std::int64_t opened_ = 0, decided_ = 0, on_time_ = 0;
  std::vector<std::int64_t> handling_;
  std::int64_t decisions_ = 0, approved_ = 0, monthly_fen_ = 0, once_fen_ = 0, yearly_fen_ = 0;
  std::int64_t person_times_ = 0;
  std::set<std::pair<std::int64_t, int>> persons_;
  std::optional<std::int64_t> screenings_;
};

using Groups = std::map<std::string, Accumulator>;

bool Idle(const ReportFigures& f) {
  return f.opened == 0 && f.decided == 0 && f.decisions == 0 && f.screenings.value_or(0) == 0;
}

// The groups with something to report in the period, by key.
std::vector<ReportGroup> Finish(const Groups& groups) {
  std::vector<ReportGroup> out;
  for (const auto& [key, acc] : groups) {
    ReportFigures f = acc.Finish();
    if (!Idle(f)) out.push_back({key, std::move(f)});
  }
  return out;
}

// The latest decision time among `decisions` that satisfy `pick`, if any.
template <typename Pick>
std::optional<std::int64_t> LastDecision(const std::vector<ReportDecision>& decisions, Pick pick) {
  std::optional<std::int64_t> last;
  for (const auto& d : decisions) {
    if (pick(d)) last = std::max(last.value_or(d.decided_at), d.decided_at);
  }
  return last;
}

const ReportDecision* DecisionFor(const ReportMatter& m, const std::string& policy_id) {
  for (const auto& d : m.decisions) {
    if (d.policy_id == policy_id) return &d;
  }
  return nullptr;
}

struct Builder {
  std::int64_t start;
  std::int64_t end;
  Accumulator total;
  Groups departments, policies, streets;

  void AddMatter(const ReportMatter& m) {
    auto matter_decided =
        m.decided ? LastDecision(m.decisions, [](const auto&) { return true; }) : std::nullopt;
    total.AddCase(m.submitted_at, m.due_at, matter_decided, start, end);
    Accumulator& street = streets[m.street];
    street.AddCase(m.submitted_at, m.due_at, matter_decided, start, end);
    for (const auto& task : m.tasks) AddTask(m, task);
    for (const auto& d : m.decisions) {
      total.AddDecision(d, m.household_id, start, end);
      street.AddDecision(d, m.household_id, start, end);
      departments[d.department].AddDecision(d, m.household_id, start, end);
      policies[d.policy_id].AddDecision(d, m.household_id, start, end);
    }
  }

  void AddTask(const ReportMatter& m, const ReportTask& task) {
    auto task_decided =
        task.decided
            ? LastDecision(m.decisions,
                           [&](const ReportDecision& d) { return d.department == task.department; })
            : std::nullopt;
    departments[task.department].AddCase(m.submitted_at, task.due_at, task_decided, start, end);
    for (const auto& policy_id : task.policy_ids) {
      const ReportDecision* d = DecisionFor(m, policy_id);
      policies[policy_id].AddCase(m.submitted_at, task.due_at,
                                  d ? std::optional(d->decided_at) : std::nullopt, start, end);
    }
  }

  void AddScreenings(const ReportHistory& h) {
    for (const auto& s : h.screenings) {
      if (!InPeriod(s.at, start, end)) continue;
      total.AddScreening();
      streets[s.street].AddScreening();
    }
    total.AddScreenings(h.unstored_screenings);
  }
};

}  // namespace

ConsortiumReport ComputeConsortiumReport(const ReportHistory& history, std::int64_t start,
                                         std::int64_t end) {
  Builder b{start, end, {}, {}, {}, {}};
  for (const auto& m : history.matters) b.AddMatter(m);
  b.AddScreenings(history);
  b.total.AddScreenings(0);  // the total always states its screenings, 0 included
  return ConsortiumReport{start,
                          end,
                          history.amounts_known,
                          b.total.Finish(),
                          Finish(b.departments),
                          Finish(b.policies),
                          Finish(b.streets)};
}

}  // namespace lianban::domain
