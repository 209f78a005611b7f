// lianban serve --data DIR [--listen 127.0.0.1:8080]: prepares DIR as init would, opens the store
// and serves the API until SIGINT/SIGTERM, then drains in-flight requests and closes the database.
#include <iostream>
#include <memory>

#include "domain/clock.h"
#include "services/app_wiring.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"
#include "services/data_dir.h"
#include "services/handlers/matters_documents.h"
#include "services/http_server.h"

namespace lianban::services::cli {
namespace {

struct ServeArgs {
  std::filesystem::path data;
  std::string listen = "127.0.0.1:8080";
  std::string pwhash_profile;
  int io_threads = 2;
  int workers = 4;
  int request_timeout_ms = 10'000;
  std::size_t max_body_bytes = 1024 * 1024;
  int max_connections = 1024;
};

ServerOptions ToServerOptions(const ServeArgs& args) {
  Result<std::pair<std::string, std::uint16_t>> address = ParseListenAddress(args.listen);
  if (!address.ok()) Fail("--listen", address.error());
  ServerOptions o;
  o.host = address->first;
  o.port = address->second;
  o.io_threads = args.io_threads;
  o.worker_threads = args.workers;
  o.request_timeout = std::chrono::milliseconds(args.request_timeout_ms);
  o.body_limit = args.max_body_bytes;
  o.route_body_limit = RouteBodyLimit;  // document uploads: see matters_documents.h
  o.max_connections = args.max_connections;
  return o;
}

void Run(const ServeArgs& args) {
  const ServerOptions server_options = ToServerOptions(args);  // settings first: fail fast
  const SystemClock clock;
  if (Status s = PrepareDataDir(args.data, SeedsDir(), clock.NowUnix()); !s.ok()) {
    Fail("preparing " + args.data.string(), s.error());
  }
  Result<std::unique_ptr<App>> app =
      App::Open({args.data, PwhashParams(args.pwhash_profile), /*prewarm=*/true}, clock);
  if (!app.ok()) Fail("opening " + args.data.string(), app.error());
  HttpServer server(server_options, (*app)->dispatcher());
  Result<std::string> bound = server.Listen();
  if (!bound.ok()) Fail("--listen " + args.listen, bound.error());
  std::cout << "lianban listening on http://" << *bound << std::endl;  // tests read this line
  server.Run(/*handle_signals=*/true);
  std::cout << "lianban stopped" << std::endl;
}

}  // namespace

void AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the API until SIGINT/SIGTERM");
  AddDataOption(*cmd, args->data);
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("LIANBAN_LISTEN")
      ->capture_default_str();
  cmd->add_option("--io-threads", args->io_threads, "threads serving sockets")
      ->envname("LIANBAN_IO_THREADS")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--workers", args->workers, "threads running handlers")
      ->envname("LIANBAN_WORKERS")->check(CLI::Range(1, 256))->capture_default_str();
  cmd->add_option("--request-timeout-ms", args->request_timeout_ms,
                  "a request must arrive within this; slower clients are cut off")
      ->envname("LIANBAN_REQUEST_TIMEOUT_MS")->check(CLI::Range(100, 600'000))->capture_default_str();
  cmd->add_option("--max-body-bytes", args->max_body_bytes, "larger bodies are refused with 413")
      ->envname("LIANBAN_MAX_BODY_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20))->capture_default_str();
  cmd->add_option("--max-connections", args->max_connections, "further connections get 503 and are closed")
      ->envname("LIANBAN_MAX_CONNECTIONS")->check(CLI::Range(1, 100'000))->capture_default_str();
  AddPwhashOption(*cmd, args->pwhash_profile);
  cmd->callback([args] { Run(*args); });
}

}  // namespace lianban::services::cli
