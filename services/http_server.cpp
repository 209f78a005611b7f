// The only translation unit that includes Beast's server side: listener, connection, shutdown.
#include "services/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lianban::services {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kLingerTime{1};
// No route may allow more than this, whatever ServerOptions::route_body_limit says.
constexpr std::size_t kMaxRouteBodyLimit = 64 * 1024 * 1024;

class Connection;

// State every connection shares with the server.
struct Shared {
  const ServerOptions& options;
  const Dispatcher& dispatcher;
  asio::io_context& ioc;
  asio::thread_pool& workers;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;
  std::function<void()> on_last_closed;  // set while stopping
  std::atomic<int> refusing{0};          // connections being answered 503 (not in `live`)
};

// Connections over --max-connections are answered 503; beyond this many at once, just closed.
constexpr int kMaxRefusing = 64;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// api-contract.md: CL together with TE, or a TE whose last coding is not chunked, is refused.
std::optional<Response> FramingProblem(const http::request<http::string_body>& req) {
  const bool has_te = req.count(http::field::transfer_encoding) > 0;
  if (!has_te) return std::nullopt;
  if (req.count(http::field::content_length) > 0) {
    return Response::ProblemStatus(400, "ambiguous_framing",
                                   "Content-Length and Transfer-Encoding together are refused");
  }
  std::string codings;
  const auto range = req.equal_range(http::field::transfer_encoding);
  for (auto it = range.first; it != range.second; ++it) {
    codings += ',';
    codings += it->value();
  }
  std::string_view last = codings;
  last = Trim(last.substr(last.rfind(',') + 1));
  if (Lower(last) != "chunked") {
    return Response::ProblemStatus(400, "unsupported_transfer_encoding",
                                   "the last transfer coding must be chunked");
  }
  return std::nullopt;
}

Request ToRequest(http::request<http::string_body>&& msg) {
  Request r;
  r.method = std::string(msg.method_string());
  r.SetTarget(std::string(msg.target()));
  r.headers.reserve(8);
  for (const auto& field : msg) {
    r.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(msg.body());
  return r;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  ~Connection() {
    if (refused_) {
      --shared_.refusing;
      return;
    }
    std::function<void()> notify;
    {
      std::lock_guard lock(shared_.mutex);
      shared_.live.erase(this);
      if (shared_.live.empty() && shared_.on_last_closed) notify = shared_.on_last_closed;
    }
    if (notify) notify();
  }

  void Start() {
    {
      std::lock_guard lock(shared_.mutex);
      shared_.live.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Connection::ReadHeader, shared_from_this()));
  }

  // Over the connection limit: answers 503 at once, without waiting for a request, and closes.
  void Refuse() {
    refused_ = true;
    ++shared_.refusing;
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      Response busy = Response::ProblemStatus(
          503, "server_busy", "the server has too many open connections; retry shortly");
      busy.headers.emplace_back("Retry-After", "1");
      self->SendAndClose(std::move(busy));
    });
  }

  // Closes the connection if it is waiting for a request; otherwise after the current response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->shutting_down_ = true;
      if (self->reading_) self->CloseNow();
    });
  }

 private:
  void ReadHeader() {
    if (shutting_down_) return CloseNow();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
    // Beast checks Content-Length against the limit while reading the headers, so the header
    // read allows the largest limit; OnHeader narrows it to the route's.
    parser_->body_limit(std::max(shared_.options.body_limit, MaxRouteBodyLimit()));
    stream_.expires_after(shared_.options.request_timeout);
    reading_ = true;
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    if (auto problem = FramingProblem(parser_->get())) return SendAndClose(std::move(*problem));
    const std::size_t limit = BodyLimitFor(parser_->get());
    if (parser_->content_length() && *parser_->content_length() > limit) {
      return OnReadError(http::error::body_limit);
    }
    parser_->body_limit(limit);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
  }

  std::size_t MaxRouteBodyLimit() const {
    return shared_.options.route_body_limit ? kMaxRouteBodyLimit : 0;
  }

  std::size_t BodyLimitFor(const http::request_parser<http::string_body>::value_type& req) const {
    if (!shared_.options.route_body_limit) return shared_.options.body_limit;
    const std::size_t route =
        std::min(shared_.options.route_body_limit(
                     std::string_view(req.method_string().data(), req.method_string().size()),
                     std::string_view(req.target().data(), req.target().size())),
                 kMaxRouteBodyLimit);
    return std::max(route, shared_.options.body_limit);
  }

  void OnBody(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) return OnReadError(ec);
    keep_alive_ = parser_->get().keep_alive();
    version_ = parser_->get().version();
    auto work = asio::make_work_guard(shared_.ioc);  // keeps io running while the handler works
    asio::post(shared_.workers, [self = shared_from_this(), work = std::move(work),
                                 request = ToRequest(parser_->release())]() mutable {
      Response response = self->shared_.dispatcher.Handle(request);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(std::move(response));
      });
    });
  }

  void OnReadError(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::header_limit) {
      return SendAndClose(
          Response::ProblemStatus(431, "headers_too_large", "the request headers are too large"));
    }
    if (ec == http::error::body_limit) {
      return SendAndClose(Response::Problem(Error::Make(
          ErrorCode::kPayloadTooLarge, "payload_too_large", "the request body is too large")));
    }
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return SendAndClose(
          Response::ProblemStatus(400, "bad_request", "the request is not valid HTTP/1.1"));
    }
    // end of stream, timeout (the stream is already closed), reset, shutdown: nothing to answer.
    CloseNow();
  }

  void Write(Response response) {
    const bool keep = keep_alive_ && !response.close && !shutting_down_ && !shared_.stopping.load();
    res_ = {};
    res_.version(version_);
    res_.result(static_cast<unsigned>(response.status));
    res_.set(http::field::cache_control, "no-store");
    res_.set("X-Content-Type-Options", "nosniff");
    if (!response.content_type.empty()) res_.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res_.set(name, value);
    res_.body() = std::move(response.body);
    res_.keep_alive(keep);
    res_.prepare_payload();
    stream_.expires_after(shared_.options.request_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    if (ec) return CloseNow();
    if (!res_.keep_alive()) return Linger();
    ReadHeader();
  }

  void SendAndClose(Response response) {
    response.close = true;
    Write(std::move(response));
  }

  // Half-closes and drains what the client still sends, so our last response is not destroyed by
  // a TCP reset when unread request bytes remain.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->CloseNow();
                              self->Drain();
                            });
  }

  void CloseNow() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::array<char, 4096> drain_{};
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool reading_ = false;
  bool shutting_down_ = false;
  bool refused_ = false;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, const Dispatcher& dispatcher)
      : options_(std::move(options)),
        workers_(static_cast<std::size_t>(std::max(1, options_.worker_threads))),
        shared_{options_, dispatcher, ioc_, workers_, {}, {}, {}, {}, {}},
        acceptor_(asio::make_strand(ioc_)),
        signals_(ioc_),
        grace_(ioc_) {}

  Result<std::string> Listen() {
    beast::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      return Error::Make(ErrorCode::kInvalidArgument, "invalid_listen_address",
                         "not an IP address: " + options_.host);
    }
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Error::Make(ErrorCode::kUnavailable, "listen_failed",
                         "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                             ": " + ec.message());
    }
    const tcp::endpoint bound = acceptor_.local_endpoint();
    const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                     : bound.address().to_string();
    return host + ":" + std::to_string(bound.port());
  }

  void Run(bool handle_signals) {
    if (handle_signals) {
      signals_.add(SIGINT);
      signals_.add(SIGTERM);
      signals_.async_wait([this](beast::error_code ec, int) {
        if (!ec) Stop();
      });
    }
    Accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < std::max(1, options_.io_threads); ++i) {
      threads.emplace_back([this] { ioc_.run(); });
    }
    ioc_.run();
    for (auto& t : threads) t.join();
    workers_.join();
  }

  void Stop() {
    asio::post(ioc_, [this] { BeginShutdown(); });
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted || shared_.stopping.load()) return;
      if (!ec) Admit(std::move(s));
      Accept();
    });
  }

  void Admit(tcp::socket socket) {
    std::size_t live = 0;
    {
      std::lock_guard lock(shared_.mutex);
      live = shared_.live.size();
    }
    if (live >= static_cast<std::size_t>(options_.max_connections)) {
      if (shared_.refusing.load() < kMaxRefusing) {
        std::make_shared<Connection>(std::move(socket), shared_)->Refuse();
        return;
      }
      beast::error_code ignored;
      socket.close(ignored);
      return;
    }
    std::make_shared<Connection>(std::move(socket), shared_)->Start();
  }

  void BeginShutdown() {
    if (shared_.stopping.exchange(true)) return;
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(shared_.mutex);
      for (auto& [ptr, weak] : shared_.live) {
        if (auto c = weak.lock()) open.push_back(std::move(c));
      }
      if (open.empty()) return;
      shared_.on_last_closed = [this] { asio::post(ioc_, [this] { grace_.cancel(); }); };
    }
    grace_.expires_after(options_.shutdown_grace);
    grace_.async_wait([this](beast::error_code ec) {
      if (!ec) ioc_.stop();  // in-flight requests did not finish in time
    });
    for (auto& c : open) c->Shutdown();
  }

  ServerOptions options_;
  asio::io_context ioc_{std::max(1, options_.io_threads)};
  asio::thread_pool workers_;
  Shared shared_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer grace_;
};

HttpServer::HttpServer(ServerOptions options, const Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}
HttpServer::~HttpServer() = default;
Result<std::string> HttpServer::Listen() { return impl_->Listen(); }
void HttpServer::Run(bool handle_signals) { impl_->Run(handle_signals); }
void HttpServer::Stop() { impl_->Stop(); }

Result<std::pair<std::string, std::uint16_t>> ParseListenAddress(std::string_view text) {
  const auto bad = [&] {
    return Error::Make(ErrorCode::kInvalidArgument, "invalid_listen_address",
                       "expected HOST:PORT (e.g. 127.0.0.1:8080), got '" + std::string(text) + "'");
  };
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return bad();
  }
  beast::error_code addr_ec;
  asio::ip::make_address(std::string(host), addr_ec);
  if (addr_ec) return bad();
  return std::pair<std::string, std::uint16_t>(std::string(host), static_cast<std::uint16_t>(port));
}

}  // namespace lianban::services
