// Test support: a minimal HTTP/1.1 client over Beast that sends raw request bytes (so tests can
// send broken framing on purpose) and parses the response with Beast, with a deadline on all I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lianban::testing {

struct HttpReply {
  bool ok = false;           // a complete response was read
  int status = 0;
  std::string body;
  std::string content_type;
  std::string www_authenticate;
  std::string allow;
  bool closed_after = false;  // the server closed the connection after the response (or instead)
};

// One connection to 127.0.0.1:port.
class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port) : stream_(ioc_) {
    boost::beast::error_code ec;
    stream_.socket().connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    connected_ = !ec;
  }

  bool connected() const { return connected_; }

  // Writes `bytes` (all of them, or until the deadline).
  bool Send(const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    bool done = false;
    boost::beast::error_code result;
    stream_.expires_after(timeout);
    boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                             [&](boost::beast::error_code ec, std::size_t) {
                               result = ec;
                               done = true;
                             });
    Drive(done);
    return done && !result;
  }

  // Reads one response; then, if `check_close`, whether the server closes within `timeout`.
  HttpReply Receive(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                    bool check_close = false) {
    HttpReply reply;
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    boost::beast::error_code result;
    bool done = false;
    stream_.expires_after(timeout);
    boost::beast::http::async_read(stream_, buffer_, parser,
                                   [&](boost::beast::error_code ec, std::size_t) {
                                     result = ec;
                                     done = true;
                                   });
    Drive(done);
    if (!result) {
      const auto& res = parser.get();
      reply.ok = true;
      reply.status = static_cast<int>(res.result_int());
      reply.body = res.body();
      reply.content_type = std::string(res[boost::beast::http::field::content_type]);
      reply.www_authenticate = std::string(res[boost::beast::http::field::www_authenticate]);
      reply.allow = std::string(res[boost::beast::http::field::allow]);
    }
    if (!reply.ok) {
      // The read itself ended at the server's close (EOF or reset), or it timed out.
      reply.closed_after = result != boost::beast::error::timeout;
    } else if (check_close) {
      reply.closed_after = ServerClosed(timeout);
    }
    return reply;
  }

  // Whether the server ends the connection (EOF or reset) within `timeout`.
  bool ServerClosed(std::chrono::milliseconds timeout) {
    char byte;
    boost::beast::error_code result;
    bool done = false;
    stream_.expires_after(timeout);
    stream_.async_read_some(boost::asio::buffer(&byte, 1),
                            [&](boost::beast::error_code ec, std::size_t) {
                              result = ec;
                              done = true;
                            });
    Drive(done);
    return done && result && result != boost::beast::error::timeout;
  }

 private:
  // Runs handlers until the operation in flight has completed. Not ioc_.run(): the stream's
  // timeout timer stays queued after the operation ends, and run() would wait for it to fire.
  void Drive(const bool& done) {
    ioc_.restart();
    while (!done && ioc_.run_one() != 0) {
    }
  }

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

// Request text for a JSON (or other) body; `extra` headers end with "\r\n" each.
inline std::string RequestText(const std::string& method, const std::string& target,
                               const std::string& body = "", const std::string& extra = "",
                               const std::string& content_type = "application/json") {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra;
  if (!body.empty() || method == "POST" || method == "PUT") {
    if (!content_type.empty()) text += "Content-Type: " + content_type + "\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

// One request on a fresh connection.
inline HttpReply Exchange(std::uint16_t port, const std::string& request,
                          bool check_close = false) {
  HttpConnection c(port);
  if (!c.connected() || !c.Send(request)) return {};
  return c.Receive(std::chrono::seconds(10), check_close);
}

}  // namespace lianban::testing
