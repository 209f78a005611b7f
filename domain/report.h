// The consortium report: what the departments of the consortium did in a period, as exact figures
// over the workflow's matters, tasks and per-policy decisions. Pure: the store supplies the history
// (db/report_repository.h), services render it (services/report_render.h).
//
// Three kinds of case are counted, each with a submission time, a deadline and maybe a decision:
//   - totals and streets count matters (decided when every task is; deadline: the matter's);
//   - departments count their tasks (deadline: the task's);
//   - policies count applications for them (deadline: the deciding task's).
// A case is "opened" when submitted in the period and "decided" when its decision falls in it;
// handling time runs from submission to decision. Decisions, approvals, amounts and beneficiaries
// count per-policy decisions made in the period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/report_stats.h"

namespace lianban::domain {

struct ReportDecision {
  std::string policy_id;
  std::string department;  // of the task that decided it
  bool approved = false;
  std::int64_t decided_at = 0;
  std::int64_t due_at = 0;  // the deciding task's deadline
  // What the approval grants, from the matter's screening (0 and empty when unknown or rejected).
  std::int64_t monthly_fen = 0;
  std::int64_t once_fen = 0;
  std::int64_t yearly_fen = 0;
  std::vector<int> beneficiaries;  // member indexes within the household
};

struct ReportTask {
  std::string department;
  std::vector<std::string> policy_ids;
  std::int64_t due_at = 0;
  bool decided = false;
};

struct ReportMatter {
  std::int64_t id = 0;
  std::int64_t household_id = 0;
  std::string street;  // "" when the household has none
  std::int64_t submitted_at = 0;
  std::int64_t due_at = 0;
  bool decided = false;  // state decided or closed
  std::vector<ReportTask> tasks;
  std::vector<ReportDecision> decisions;
};

// A stored screening of a household, for "screenings run".
struct ReportScreening {
  std::string street;
  std::int64_t at = 0;
};

struct ReportFigures {
  std::int64_t opened = 0;
  std::int64_t decided = 0;
  std::int64_t decisions = 0;  // per-policy decisions in the period
  std::int64_t approved = 0;
  std::optional<std::int64_t> median_handling_seconds;  // nearest-rank, over decided cases
  std::optional<std::int64_t> p90_handling_seconds;
  Rate on_time;                            // decided cases decided by their deadline
  std::int64_t monthly_fen = 0;            // approved monthly amounts (per month)
  std::int64_t once_fen = 0;               // approved one-off amounts
  std::int64_t yearly_fen = 0;             // approved yearly amounts (per year)
  std::int64_t persons = 0;                // distinct people benefiting from an approval
  std::int64_t person_times = 0;           // people x approvals (人次)
  std::optional<std::int64_t> screenings;  // where screenings can be attributed

  Rate approval() const { return {approved, decisions}; }
};

struct ReportGroup {
  std::string key;  // department code, policy id or street code
  ReportFigures figures;
};

struct ConsortiumReport {
  std::int64_t start = 0;      // unix seconds, inclusive
  std::int64_t end = 0;        // exclusive
  bool amounts_known = false;  // see ReportHistory
  ReportFigures total;
  std::vector<ReportGroup> by_department;  // ordered by key
  std::vector<ReportGroup> by_policy;
  std::vector<ReportGroup> by_street;
};

struct ReportHistory {
  std::vector<ReportMatter> matters;        // every matter submitted before `end`
  std::vector<ReportScreening> screenings;  // stored screenings (any time; filtered here)
  std::int64_t unstored_screenings = 0;     // screenings in the period that stored no result
  // Whether decisions carry amounts and beneficiaries; when false those figures are unknown (not
  // zero) and renderers must say so.
  bool amounts_known = false;
};

// The report over [start, end).
ConsortiumReport ComputeConsortiumReport(const ReportHistory& history, std::int64_t start,
                                         std::int64_t end);

}  // namespace lianban::domain
