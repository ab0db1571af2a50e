#include "util/hash.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <cstdio>
#include <stdexcept>

#include "util/shared_library.h"

#define DRIFTGATE_LIBCRYPTO_FUNCTIONS(X) X(EVP_MD_fetch) X(EVP_Digest)

namespace driftgate {
namespace {

// OpenSSL's libcrypto, loaded by the first digest (shared_library.h says why): only the commands
// that compare checksums or git objects compute one.
struct LibCrypto {
  DRIFTGATE_LIBCRYPTO_FUNCTIONS(DRIFTGATE_LIBRARY_POINTER)
};

const LibCrypto& libcrypto() {
  static const LibCrypto loaded = [] {
    SharedLibrary library({"libcrypto.so.3"}, "OpenSSL's libcrypto (Debian/Ubuntu: apt-get install libssl3, or libssl3t64)");
    LibCrypto api;
    DRIFTGATE_LIBCRYPTO_FUNCTIONS(DRIFTGATE_LIBRARY_RESOLVE)
    return api;
  }();
  return loaded;
}

std::string digest_hex(const EVP_MD* md, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (libcrypto().EVP_Digest(bytes.data(), bytes.size(), out, &len, md, nullptr) != 1)
    throw std::runtime_error("OpenSSL digest failed");
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex += digits[out[i] >> 4];
    hex += digits[out[i] & 0xf];
  }
  return hex;
}

// OpenSSL 3 looks an algorithm up in its provider tables on every EVP_Digest() given EVP_sha256();
// fetched once, the lookup is not paid per migration file.
const EVP_MD* fetched(const char* name) {
  EVP_MD* md = libcrypto().EVP_MD_fetch(nullptr, name, nullptr);
  if (!md) throw std::runtime_error(std::string("OpenSSL has no ") + name);
  return md;  // kept for the life of the process
}

}  // namespace

std::uint64_t hash64(std::string_view bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

std::string hex64(std::uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

std::string sha256_hex(std::string_view bytes) {
  static const EVP_MD* const md = fetched("SHA256");
  return digest_hex(md, bytes);
}

std::string sha1_hex(std::string_view bytes) {
  static const EVP_MD* const md = fetched("SHA1");
  return digest_hex(md, bytes);
}

}  // namespace driftgate
