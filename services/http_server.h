// The asynchronous HTTP/1.1 server (Boost.Beast), kept behind this Beast-free interface.
// Threading: `io_threads` threads run the sockets; handlers run on `worker_threads` other threads,
// because the store serializes on one connection and a login spends ~0.1-0.3 s hashing: a slow
// handler must not stall reading and writing on other connections. Each connection keeps one
// request in flight (no pipelining overlap); responses return to the connection's strand.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.h"
#include "services/dispatcher.h"

namespace lianban::services {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Listen's result)
  int io_threads = 2;
  int worker_threads = 4;
  std::size_t header_limit = 16 * 1024;  // bytes of request line + headers; over it: 431
  std::size_t body_limit = 1024 * 1024;  // over it: 413 payload_too_large
  // A route-specific body limit, asked once the headers are read: (method, target) -> bytes, or 0
  // for body_limit. Used for document uploads (services/handlers/matters_documents.h).
  std::function<std::size_t(std::string_view method, std::string_view target)> route_body_limit;
  // The whole request (headers and body) must arrive within this; also bounds an idle keep-alive
  // connection and the writing of a response. Slower clients are disconnected.
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long to finish
  int max_connections = 1024;  // further connections get 503 server_busy (Retry-After: 1) and close
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Dispatcher& dispatcher);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the bound "host:port". Errors: kInvalidArgument
  // "invalid_listen_address"; kUnavailable "listen_failed" (port in use, no permission).
  Result<std::string> Listen();

  // Serves until Stop() (or SIGINT/SIGTERM when `handle_signals`), then stops accepting, closes
  // idle connections, lets in-flight requests finish (up to shutdown_grace) and returns.
  void Run(bool handle_signals);

  // Begins the graceful shutdown. Thread-safe; may be called more than once.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "host:port" ("[::1]:8080" for IPv6). Errors: kInvalidArgument "invalid_listen_address".
Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(std::string_view text);

}  // namespace lianban::services
