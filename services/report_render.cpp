#include "services/report_render.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lianban::services {
namespace {

using domain::ConsortiumReport;
using domain::ReportFigures;
using domain::ReportGroup;

struct Section {
  const char* id;  // "department", "policy", "street"
  const char* title_zh;
  const std::vector<ReportGroup>* groups;
};

std::vector<Section> Sections(const ConsortiumReport& r) {
  return {{"department", "按部门", &r.by_department},
          {"policy", "按政策", &r.by_policy},
          {"street", "按镇街", &r.by_street}};
}

std::string NameOf(const domain::CompiledCatalog* catalog, std::string_view section,
                   const std::string& key) {
  // Households may be registered without a street; their group's key is "".
  if (section == "street" && key.empty()) return "未登记镇街";
  if (catalog == nullptr) return "";
  auto find = [&](const auto& list) -> std::string {
    for (const auto& item : list) {
      if (item.id == key) return item.name_zh;
    }
    return "";
  };
  if (section == "department") return find(catalog->departments());
  if (section == "policy") return find(catalog->policies());
  return find(catalog->streets());
}

nlohmann::json Optional(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json FiguresJson(const ReportFigures& f, bool amounts_known) {
  auto known = [&](std::int64_t v) { return amounts_known ? nlohmann::json(v) : nullptr; };
  return {{"opened", f.opened},
          {"decided", f.decided},
          {"decisions", f.decisions},
          {"approved", f.approved},
          {"approval_rate_permille", Optional(f.approval().PerMille())},
          {"median_handling_seconds", Optional(f.median_handling_seconds)},
          {"p90_handling_seconds", Optional(f.p90_handling_seconds)},
          {"decided_on_time", f.on_time.numerator},
          {"on_time_rate_permille", Optional(f.on_time.PerMille())},
          {"approved_monthly_fen", known(f.monthly_fen)},
          {"approved_once_fen", known(f.once_fen)},
          {"approved_yearly_fen", known(f.yearly_fen)},
          {"beneficiaries", known(f.persons)},
          {"beneficiary_times", known(f.person_times)},
          {"screenings", Optional(f.screenings)}};
}

std::string Text(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : ""; }

// "12.5" for 125 per mille; "" when unknown.
std::string Percent(const std::optional<std::int64_t>& permille) {
  if (!permille) return "—";
  return std::to_string(*permille / 10) + "." + std::to_string(*permille % 10) + "%";
}

// Seconds as days with one decimal ("3.5 天"), rounded half up; "—" when unknown.
std::string Days(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return "—";
  const std::int64_t tenths = (*seconds * 10 + 43200) / 86400;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " 天";
}

// Fen as yuan with two decimals.
std::string Yuan(std::int64_t fen) {
  std::string cents = std::to_string(fen % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return std::to_string(fen / 100) + "." + cents;
}

std::string CsvField(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvRow(const std::string& scope, const std::string& key, const std::string& name,
                   const ReportFigures& f, bool amounts_known) {
  auto known = [&](std::int64_t v) { return amounts_known ? std::to_string(v) : std::string(); };
  const std::vector<std::string> cells = {scope,
                                          key,
                                          name,
                                          std::to_string(f.opened),
                                          std::to_string(f.decided),
                                          std::to_string(f.decisions),
                                          std::to_string(f.approved),
                                          Text(f.approval().PerMille()),
                                          Text(f.median_handling_seconds),
                                          Text(f.p90_handling_seconds),
                                          std::to_string(f.on_time.numerator),
                                          Text(f.on_time.PerMille()),
                                          known(f.monthly_fen),
                                          known(f.once_fen),
                                          known(f.yearly_fen),
                                          known(f.persons),
                                          known(f.person_times),
                                          Text(f.screenings)};
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvField(cells[i]);
  }
  return line + "\r\n";
}

std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlRow(const std::string& label, const ReportFigures& f, bool amounts_known) {
  auto money = [&](std::int64_t fen) { return amounts_known ? Yuan(fen) : std::string("未提供"); };
  auto count = [&](std::int64_t n) {
    return amounts_known ? std::to_string(n) : std::string("未提供");
  };
  const std::vector<std::string> cells = {
      label,
      std::to_string(f.opened),
      std::to_string(f.decided),
      std::to_string(f.approved) + "/" + std::to_string(f.decisions),
      Percent(f.approval().PerMille()),
      Days(f.median_handling_seconds),
      Days(f.p90_handling_seconds),
      Percent(f.on_time.PerMille()),
      money(f.monthly_fen),
      money(f.once_fen),
      money(f.yearly_fen),
      count(f.persons),
      count(f.person_times),
      f.screenings ? std::to_string(*f.screenings) : "—"};
  std::string row = "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    row += (i == 0 ? "<th scope=\"row\">" : "<td>") + Html(cells[i]) + (i == 0 ? "</th>" : "</td>");
  }
  return row + "</tr>\n";
}

constexpr const char* kHtmlHead =
    "<tr><th>范围</th><th>受理</th><th>办结</th><th>批准/决定</th><th>批准率</th>"
    "<th>办理时长中位数</th><th>第90百分位</th><th>按期办结率</th><th>月度金额(元)</th>"
    "<th>一次性金额(元)</th><th>年度金额(元)</th><th>受益人数</th><th>受益人次</th><th>筛查次数</th></tr>\n";

// Horizontal bars of decisions (grey) and approvals (green) per group.
std::string BarChart(const std::vector<ReportGroup>& groups, const Section& s,
                     const domain::CompiledCatalog* catalog) {
  if (groups.empty()) return "";
  std::int64_t max = 1;
  for (const auto& g : groups) max = std::max(max, g.figures.decisions);
  const int row = 22, label = 180, width = 360;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(label + width + 60) + "\" height=\"" +
                    std::to_string(row * groups.size() + 10) + "\"><title>" + s.title_zh +
                    "：决定与批准</title>\n";
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& f = groups[i].figures;
    const std::string y = std::to_string(i * row + 5);
    const std::string name = NameOf(catalog, s.id, groups[i].key);
    svg += "<text x=\"0\" y=\"" + std::to_string(i * row + 19) + "\" font-size=\"12\">" +
           Html(groups[i].key + (name.empty() ? "" : " " + name)) + "</text>";
    svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + y + "\" height=\"16\" width=\"" +
           std::to_string(f.decisions * width / max) + "\" fill=\"#c8c8c8\"/>";
    svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + y + "\" height=\"16\" width=\"" +
           std::to_string(f.approved * width / max) + "\" fill=\"#2e7d32\"/>";
    svg += "<text x=\"" + std::to_string(label + width + 6) + "\" y=\"" +
           std::to_string(i * row + 19) + "\" font-size=\"12\">" + std::to_string(f.approved) +
           "/" + std::to_string(f.decisions) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace

nlohmann::json ReportJson(const ConsortiumReport& r, const Period& period,
                          const domain::CompiledCatalog* catalog) {
  nlohmann::json out = {{"from", period.from.ToString()},
                        {"to", period.to.ToString()},
                        {"timezone", "Asia/Shanghai"},
                        {"amounts_known", r.amounts_known},
                        {"total", FiguresJson(r.total, r.amounts_known)}};
  for (const Section& s : Sections(r)) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& g : *s.groups) {
      nlohmann::json item = FiguresJson(g.figures, r.amounts_known);
      item[s.id] = g.key;
      item["name_zh"] = NameOf(catalog, s.id, g.key);
      list.push_back(std::move(item));
    }
    out[std::string("by_") + s.id] = std::move(list);
  }
  return out;
}

std::string ReportCsv(const ConsortiumReport& r, const Period& period,
                      const domain::CompiledCatalog* catalog) {
  std::string csv =
      "scope,key,name_zh,opened,decided,decisions,approved,approval_rate_permille,"
      "median_handling_seconds,p90_handling_seconds,decided_on_time,on_time_rate_permille,"
      "approved_monthly_fen,approved_once_fen,approved_yearly_fen,beneficiaries,beneficiary_times,screenings\r\n";
  csv += CsvRow("total", period.from.ToString() + ".." + period.to.ToString(), "合计", r.total,
                r.amounts_known);
  for (const Section& s : Sections(r)) {
    for (const auto& g : *s.groups) {
      csv += CsvRow(s.id, g.key, NameOf(catalog, s.id, g.key), g.figures, r.amounts_known);
    }
  }
  return csv;
}

std::string ReportHtml(const ConsortiumReport& r, const Period& period,
                       const domain::CompiledCatalog* catalog) {
  const std::string span = period.from.ToString() + " 至 " + period.to.ToString();
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<title>联办工作报告 " +
      span +
      "</title><style>"
      "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}"
      "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #bbb;padding:4px 8px;"
      "text-align:right}th[scope=row]{text-align:left}caption{text-align:left;font-weight:bold}"
      "</style></head><body>\n<h1>江北区社会救助服务联合体 · 联办工作报告</h1>\n<p>统计期间：" +
      Html(span) + "（北京时间）</p>\n";
  if (!r.amounts_known) html += "<p>金额与受益人数据暂未提供。</p>\n";
  html += "<table><caption>合计</caption>" + std::string(kHtmlHead) +
          HtmlRow("全部", r.total, r.amounts_known) + "</table>\n";
  for (const Section& s : Sections(r)) {
    html += "<h2>" + std::string(s.title_zh) + "</h2>\n" + BarChart(*s.groups, s, catalog);
    html += "<table><caption>" + std::string(s.title_zh) + "</caption>" + kHtmlHead;
    for (const auto& g : *s.groups) {
      const std::string name = NameOf(catalog, s.id, g.key);
      html += HtmlRow(g.key + (name.empty() ? "" : " " + name), g.figures, r.amounts_known);
    }
    html += "</table>\n";
  }
  return html + "<p>办理时长：自受理至决定；中位数与第90百分位按最近秩法计算。</p></body></html>\n";
}

}  // namespace lianban::services
