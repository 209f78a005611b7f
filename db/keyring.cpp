#include "db/keyring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

namespace lianban::db {
namespace {

constexpr std::size_t kMaxKeyFileBytes = 256;

Error IoError(const std::string& what) {
  return Error::Make(ErrorCode::kInternal, "key_file_io", what + ": " + std::strerror(errno));
}

Error FormatError() {
  return Error::Make(ErrorCode::kInvalidArgument, "master_key_format",
                     "the master key must be 32 bytes as 64 hex digits or standard base64");
}

std::string_view Trim(std::string_view text) {
  const char* kSpace = " \t\r\n";
  std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

const char* ContextFor(KeyPurpose purpose) {
  switch (purpose) {
    case KeyPurpose::kSeal:
      return "lbseal__";
    case KeyPurpose::kIndex:
      return "lbindex_";
    case KeyPurpose::kAudit:
      return "lbaudit_";
    case KeyPurpose::kToken:
      return "lbtoken_";
  }
  std::abort();
}

// Writes all of `text` to `fd`, retrying short writes.
bool WriteAll(int fd, const char* text, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, text, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Reads the key file into secure memory after checking that only the owner can use it.
Result<SecretBytes> ReadKeyFile(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Error::Make(ErrorCode::kNotFound, "key_file_missing",
                         "no master key: " + file.string() + " does not exist and " +
                             kMasterKeyEnv + " is not set");
    }
    if (errno == ELOOP) {
      return Error::Make(ErrorCode::kFailedPrecondition, "key_file_permissions",
                         file.string() + " is a symbolic link; it must be a regular file");
    }
    return IoError("cannot open " + file.string());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    Error error = IoError("cannot stat " + file.string());
    ::close(fd);
    return error;
  }
  if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
    ::close(fd);
    return Error::Make(ErrorCode::kFailedPrecondition, "key_file_permissions",
                       file.string() +
                           " must be a regular file readable and writable by its owner only "
                           "(chmod 600)");
  }
  SecretBytes buffer(kMaxKeyFileBytes);
  ssize_t n = ::read(fd, buffer.data(), buffer.size());
  ::close(fd);
  if (n < 0) return IoError("cannot read " + file.string());
  return ParseMasterKey(
      std::string_view(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(n)));
}

}  // namespace

Result<SecretBytes> ParseMasterKey(std::string_view text) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  text = Trim(text);
  SecretBytes key(kMasterKeySize);
  std::size_t length = 0;
  const char* end = nullptr;
  if (text.size() == 2 * kMasterKeySize &&
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &length, &end) ==
          0 &&
      length == kMasterKeySize && end == text.data() + text.size()) {
    return key;
  }
  if (sodium_base642bin(key.data(), key.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) == 0 &&
      length == kMasterKeySize && end == text.data() + text.size()) {
    return key;
  }
  return FormatError();
}

Result<bool> CreateKeyFile(const std::filesystem::path& data_dir) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  std::filesystem::path file = data_dir / kMasterKeyFileName;
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return false;
  if (fd < 0) return IoError("cannot create " + file.string());
  SecretBytes key = SecretBytes::Random(kMasterKeySize);
  SecretBytes hex(2 * kMasterKeySize + 2);
  sodium_bin2hex(reinterpret_cast<char*>(hex.data()), hex.size(), key.data(), key.size());
  hex.data()[2 * kMasterKeySize] = '\n';
  bool written = ::fchmod(fd, 0600) == 0 &&
                 WriteAll(fd, reinterpret_cast<const char*>(hex.data()), 2 * kMasterKeySize + 1) &&
                 ::fsync(fd) == 0;
  Error error = written ? Error{} : IoError("cannot write " + file.string());
  ::close(fd);
  if (!written) {
    std::filesystem::remove(file);
    return error;
  }
  return true;
}

Result<SecretBytes> LoadMasterKey(const std::filesystem::path& data_dir) {
  if (Status s = EnsureSodium(); !s.ok()) return std::move(s).take_error();
  if (const char* env = std::getenv(kMasterKeyEnv); env != nullptr && *env != '\0') {
    return ParseMasterKey(env);
  }
  return ReadKeyFile(data_dir / kMasterKeyFileName);
}

Keyring::Keyring(SecretBytes master) : master_(std::move(master)) {
  if (master_.size() != kMasterKeySize) std::abort();
}

Result<Keyring> Keyring::Load(const std::filesystem::path& data_dir) {
  Result<SecretBytes> master = LoadMasterKey(data_dir);
  if (!master.ok()) return std::move(master).take_error();
  return Keyring(std::move(master).value());
}

SecretBytes Keyring::Derive(KeyPurpose purpose, std::uint64_t key_id) const {
  static_assert(crypto_kdf_KEYBYTES == kMasterKeySize);
  SecretBytes key(32);
  crypto_kdf_derive_from_key(key.data(), key.size(), key_id, ContextFor(purpose), master_.data());
  return key;
}

}  // namespace lianban::db
