// The numbered schema migrations of the store, embedded at build time from db/migrations/*.sql.
#pragma once

#include <string_view>
#include <vector>

namespace lianban::db {

struct Migration {
  int number;              // from the file name's leading digits: 001_init.sql is 1
  std::string_view name;   // the file name
  std::string_view sql;    // the whole script, applied in one transaction
};

// All migrations in ascending number order.
const std::vector<Migration>& Migrations();

}  // namespace lianban::db
