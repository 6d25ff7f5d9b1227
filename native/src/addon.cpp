// Node-API binding of the native Groth16 prover (C API only: no node-addon-api dependency).
//
//   prove(zkeyPath: string, wtns: Uint8Array, threads: number): Promise<Buffer>
//       259 bytes: pi_a (x, y), pi_b (x.c0, x.c1, y.c0, y.c1), pi_c (x, y) as 32-byte little-endian integers,
//       then 3 bytes: 1 where pi_a / pi_b / pi_c is the point at infinity. Runs off the JS thread.
//   loadZkey(zkeyPath: string): Promise<{ nVars, nPublic, domainSize }>   (parses and caches; shared by threads)
//   test: { frMul, frInv, fqMul, fqInv, g1Mul, g2Mul, g1Msm, g2Msm, rootOfUnity, ntt, proveWith }   (test-only)
//
// Malformed inputs reject with an Error carrying code "DREX_NATIVE_FORMAT", kind ("zkey" | "wtns") and field.
#include <node_api.h>

#include <cstring>
#include <string>
#include <vector>

#include <cstdlib>

#include "api.hpp"

using drexapi::FormatError;
using drexapi::ProofOut;

static const drexapi::Backend* pickBackend();

// The variant, chosen once per process (thread-safe static initialisation). It used to be a global that every
// module load (the main thread and each worker thread) assigned again while other threads' jobs read it: the same
// value each time, but a data race all the same.
static const drexapi::Backend* backend() {
  static const drexapi::Backend* const chosen = pickBackend();
  return chosen;
}
#define B backend()

static const drexapi::Backend* pickBackend() {
  const char* want = std::getenv("DREX_NATIVE_ARCH");
  const bool adx = drexapi::cpuHasAdx() && drexapi::backendAdx() != nullptr;
  if (want && std::string(want) == "generic") return drexapi::backendGeneric();
  if (adx) return drexapi::backendAdx();
  return drexapi::backendGeneric();
}

#define NAPI_OK(call)                                        \
  do {                                                       \
    if ((call) != napi_ok) {                                 \
      napi_throw_error(env, nullptr, "N-API call failed: " #call); \
      return nullptr;                                        \
    }                                                        \
  } while (0)

static napi_value makeError(napi_env env, const std::string& msg, const char* code, const std::string* kind, const std::string* field) {
  napi_value m, err;
  napi_create_string_utf8(env, msg.c_str(), msg.size(), &m);
  napi_create_error(env, nullptr, m, &err);
  if (code) {
    napi_value v;
    napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, err, "code", v);
  }
  if (kind) {
    napi_value v;
    napi_create_string_utf8(env, kind->c_str(), kind->size(), &v);
    napi_set_named_property(env, err, "kind", v);
  }
  if (field) {
    napi_value v;
    napi_create_string_utf8(env, field->c_str(), field->size(), &v);
    napi_set_named_property(env, err, "field", v);
  }
  return err;
}

static bool getString(napi_env env, napi_value v, std::string& out) {
  size_t len;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok) return false;
  out.resize(len);
  std::vector<char> buf(len + 1);
  if (napi_get_value_string_utf8(env, v, buf.data(), len + 1, &len) != napi_ok) return false;
  out.assign(buf.data(), len);
  return true;
}

// bytes of a Buffer / Uint8Array / any TypedArray
static bool getBytes(napi_env env, napi_value v, const uint8_t*& data, size_t& len) {
  bool is;
  if (napi_is_buffer(env, v, &is) == napi_ok && is) {
    void* d;
    if (napi_get_buffer_info(env, v, &d, &len) != napi_ok) return false;
    data = (const uint8_t*)d;
    return true;
  }
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    napi_typedarray_type t;
    size_t n, off;
    void* d;
    napi_value ab;
    if (napi_get_typedarray_info(env, v, &t, &n, &d, &ab, &off) != napi_ok) return false;
    size_t el = 1;
    switch (t) {
      case napi_int16_array: case napi_uint16_array: el = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: el = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: el = 8; break;
      default: el = 1;
    }
    data = (const uint8_t*)d;
    len = n * el;
    return true;
  }
  return false;
}

static napi_value makeBuffer(napi_env env, const void* data, size_t len) {
  napi_value b;
  void* out;
  napi_create_buffer_copy(env, len, data, &out, &b);
  return b;
}

// ---------------------------------------------------------------- async prove / load

struct AsyncJob {
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  bool loadOnly = false;
  std::string path;
  std::vector<uint8_t> wtns;
  int threads = 1;
  bool fixedRandomness = false;
  uint64_t r[4], s[4];
  // results
  bool ok = false;
  bool formatError = false;
  std::string errMsg, errKind, errField;
  ProofOut proof;
  uint32_t nVars = 0, nPublic = 0, domainSize = 0;
};

static void asyncExecute(napi_env, void* data) {
  AsyncJob* job = (AsyncJob*)data;
  try {
    auto zk = B->cachedZkey(job->path);
    drexapi::ZkeyInfo info = B->zkeyInfo(zk.get());
    job->nVars = info.nVars;
    job->nPublic = info.nPublic;
    job->domainSize = info.domainSize;
    if (!job->loadOnly) {
      job->proof = B->prove(zk.get(), job->wtns.data(), job->wtns.size(), job->threads, job->fixedRandomness ? job->r : nullptr,
                            job->fixedRandomness ? job->s : nullptr);
    }
    job->ok = true;
  } catch (const FormatError& e) {
    job->formatError = true;
    job->errMsg = e.what();
    job->errKind = e.kind;
    job->errField = e.field;
  } catch (const std::exception& e) {
    job->errMsg = e.what();
  } catch (...) {
    job->errMsg = "unknown native prover failure";
  }
}

static void asyncComplete(napi_env env, napi_status, void* data) {
  AsyncJob* job = (AsyncJob*)data;
  if (job->ok) {
    napi_value result;
    if (job->loadOnly) {
      napi_create_object(env, &result);
      napi_value v;
      napi_create_uint32(env, job->nVars, &v);
      napi_set_named_property(env, result, "nVars", v);
      napi_create_uint32(env, job->nPublic, &v);
      napi_set_named_property(env, result, "nPublic", v);
      napi_create_uint32(env, job->domainSize, &v);
      napi_set_named_property(env, result, "domainSize", v);
    } else {
      uint8_t out[259];
      std::memcpy(out, job->proof.a, 64);
      std::memcpy(out + 64, job->proof.b, 128);
      std::memcpy(out + 192, job->proof.c, 64);
      out[256] = job->proof.aInf;
      out[257] = job->proof.bInf;
      out[258] = job->proof.cInf;
      result = makeBuffer(env, out, sizeof out);
    }
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    napi_value err = job->formatError ? makeError(env, job->errMsg, "DREX_NATIVE_FORMAT", &job->errKind, &job->errField)
                                      : makeError(env, job->errMsg, "DREX_NATIVE_FAILED", nullptr, nullptr);
    napi_reject_deferred(env, job->deferred, err);
  }
  napi_delete_async_work(env, job->work);
  delete job;
}

static napi_value queueJob(napi_env env, AsyncJob* job) {
  napi_value promise, name;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok) {
    delete job;
    napi_throw_error(env, nullptr, "cannot create promise");
    return nullptr;
  }
  napi_create_string_utf8(env, "drexGroth16Prove", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, nullptr, name, asyncExecute, asyncComplete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

static bool readScalarArg(napi_env env, napi_value v, uint64_t* out) {
  const uint8_t* d;
  size_t len;
  if (!getBytes(env, v, d, len) || len != 32) return false;
  std::memcpy(out, d, 32);
  return true;
}

// prove(path, wtns, threads) / proveWith(path, wtns, threads, r, s)
static napi_value proveImpl(napi_env env, napi_callback_info info, bool withRandomness) {
  size_t argc = 5;
  napi_value argv[5];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  if (argc < 2) {
    napi_throw_type_error(env, nullptr, "prove(zkeyPath, wtns, threads)");
    return nullptr;
  }
  AsyncJob* job = new AsyncJob();
  const uint8_t* d;
  size_t len;
  if (!getString(env, argv[0], job->path) || !getBytes(env, argv[1], d, len)) {
    delete job;
    napi_throw_type_error(env, nullptr, "prove: zkeyPath must be a string and wtns a Uint8Array");
    return nullptr;
  }
  job->wtns.assign(d, d + len);
  if (argc >= 3) {
    int32_t t = 1;
    napi_valuetype vt;
    napi_typeof(env, argv[2], &vt);
    if (vt == napi_number) napi_get_value_int32(env, argv[2], &t);
    job->threads = t < 1 ? 1 : (t > 256 ? 256 : t);
  }
  if (withRandomness) {
    if (argc < 5 || !readScalarArg(env, argv[3], job->r) || !readScalarArg(env, argv[4], job->s)) {
      delete job;
      napi_throw_type_error(env, nullptr, "proveWith: r and s must be 32-byte buffers");
      return nullptr;
    }
    job->fixedRandomness = true;
  }
  return queueJob(env, job);
}

static napi_value Prove(napi_env env, napi_callback_info info) { return proveImpl(env, info, false); }
static napi_value ProveWith(napi_env env, napi_callback_info info) { return proveImpl(env, info, true); }

static napi_value LoadZkey(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  AsyncJob* job = new AsyncJob();
  job->loadOnly = true;
  if (argc < 1 || !getString(env, argv[0], job->path)) {
    delete job;
    napi_throw_type_error(env, nullptr, "loadZkey(zkeyPath)");
    return nullptr;
  }
  return queueJob(env, job);
}

// ---------------------------------------------------------------- test-only entry points (plain LE bytes in/out)

static std::vector<const uint8_t*> bytesArgs(napi_env env, napi_callback_info info, const std::vector<size_t>& sizes, std::vector<size_t>* lens = nullptr) {
  size_t argc = 8;
  napi_value argv[8];
  std::vector<const uint8_t*> out;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < sizes.size()) return out;
  for (size_t i = 0; i < sizes.size(); i++) {
    const uint8_t* d;
    size_t len;
    if (!getBytes(env, argv[i], d, len) || (sizes[i] != 0 && len != sizes[i])) return std::vector<const uint8_t*>();
    out.push_back(d);
    if (lens) lens->push_back(len);
  }
  return out;
}

static bool limbsArg(const uint8_t* d, uint64_t* out, size_t words) {
  std::memcpy(out, d, 8 * words);
  return true;
}

static napi_value fieldOp(napi_env env, napi_callback_info info, void (*bin)(const uint64_t*, const uint64_t*, uint64_t*),
                          void (*un)(const uint64_t*, uint64_t*)) {
  auto a = bytesArgs(env, info, un ? std::vector<size_t>{32} : std::vector<size_t>{32, 32});
  if (a.empty()) {
    napi_throw_type_error(env, nullptr, "expected 32-byte little-endian field elements");
    return nullptr;
  }
  uint64_t x[4], y[4], out[4];
  limbsArg(a[0], x, 4);
  if (un) {
    un(x, out);
  } else {
    limbsArg(a[1], y, 4);
    bin(x, y, out);
  }
  return makeBuffer(env, out, 32);
}

static napi_value FrMul(napi_env env, napi_callback_info info) { return fieldOp(env, info, B->frMul, nullptr); }
static napi_value FrInv(napi_env env, napi_callback_info info) { return fieldOp(env, info, nullptr, B->frInv); }
static napi_value FqMul(napi_env env, napi_callback_info info) { return fieldOp(env, info, B->fqMul, nullptr); }
static napi_value FqInv(napi_env env, napi_callback_info info) { return fieldOp(env, info, nullptr, B->fqInv); }

// null for the point at infinity
static napi_value pointOut(napi_env env, bool finite, const uint64_t* out, size_t words) {
  if (!finite) {
    napi_value n;
    napi_get_null(env, &n);
    return n;
  }
  return makeBuffer(env, out, 8 * words);
}

template <bool G2>
static napi_value MulImpl(napi_env env, napi_callback_info info) {
  const size_t words = G2 ? 16 : 8;
  auto a = bytesArgs(env, info, {8 * words, 32});
  if (a.empty()) { napi_throw_type_error(env, nullptr, "mul(point, scalar32)"); return nullptr; }
  uint64_t p[16], k[4], out[16];
  limbsArg(a[0], p, words);
  limbsArg(a[1], k, 4);
  if (!(G2 ? B->g2OnCurve(p) : B->g1OnCurve(p))) { napi_throw_range_error(env, nullptr, "point not on the curve"); return nullptr; }
  bool finite = G2 ? B->g2Mul(p, k, out) : B->g1Mul(p, k, out);
  return pointOut(env, finite, out, words);
}
static napi_value G1Mul(napi_env env, napi_callback_info info) { return MulImpl<false>(env, info); }
static napi_value G2Mul(napi_env env, napi_callback_info info) { return MulImpl<true>(env, info); }

static int threadsArg(napi_env env, napi_callback_info info, size_t idx) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t t = 1;
  if (argc > idx) napi_get_value_int32(env, argv[idx], &t);
  return t < 1 ? 1 : t;
}

template <bool G2>
static napi_value MsmImpl(napi_env env, napi_callback_info info) {
  std::vector<size_t> lens;
  auto a = bytesArgs(env, info, {0, 0}, &lens);
  const size_t words = G2 ? 16 : 8;
  if (a.empty() || lens[0] % (8 * words) != 0 || lens[1] != lens[0] / (8 * words) * 32) {
    napi_throw_type_error(env, nullptr, "msm(points, scalars, threads): n plain affine points, n 32-byte scalars");
    return nullptr;
  }
  const size_t n = lens[1] / 32;
  std::vector<uint64_t> pts(words * n), k(4 * n);
  std::memcpy(pts.data(), a[0], lens[0]);
  std::memcpy(k.data(), a[1], lens[1]);
  int t = threadsArg(env, info, 2);
  uint64_t out[16];
  bool finite = G2 ? B->g2Msm(pts.data(), k.data(), n, t, out) : B->g1Msm(pts.data(), k.data(), n, t, out);
  return pointOut(env, finite, out, words);
}

static napi_value G1Msm(napi_env env, napi_callback_info info) { return MsmImpl<false>(env, info); }
static napi_value G2Msm(napi_env env, napi_callback_info info) { return MsmImpl<true>(env, info); }

static napi_value RootOfUnity(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int32_t k = 0;
  napi_get_value_int32(env, argv[0], &k);
  if (k < 0 || k > 28) { napi_throw_range_error(env, nullptr, "k in [0, 28]"); return nullptr; }
  uint64_t out[4];
  B->rootOfUnity(k, out);
  return makeBuffer(env, out, 32);
}

// ntt(values: n * 32 bytes plain, n a power of two) -> forward NTT on the domain of size n
static napi_value Ntt(napi_env env, napi_callback_info info) {
  std::vector<size_t> lens;
  auto a = bytesArgs(env, info, {0}, &lens);
  if (a.empty() || lens[0] % 32 != 0) { napi_throw_type_error(env, nullptr, "ntt(values)"); return nullptr; }
  const size_t n = lens[0] / 32;
  if (n < 2 || (n & (n - 1)) != 0 || n > (1u << 20)) { napi_throw_range_error(env, nullptr, "n must be a power of two in [2, 2^20]"); return nullptr; }
  std::vector<uint64_t> v(4 * n);
  std::memcpy(v.data(), a[0], lens[0]);
  B->ntt(v.data(), n);
  return makeBuffer(env, v.data(), 32 * n);
}

static void setFn(napi_env env, napi_value obj, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn);
  napi_set_named_property(env, obj, name, fn);
}

NAPI_MODULE_INIT() {
  setFn(env, exports, "prove", Prove);
  setFn(env, exports, "loadZkey", LoadZkey);
  napi_value test;
  napi_create_object(env, &test);
  setFn(env, test, "frMul", FrMul);
  setFn(env, test, "frInv", FrInv);
  setFn(env, test, "fqMul", FqMul);
  setFn(env, test, "fqInv", FqInv);
  setFn(env, test, "g1Mul", G1Mul);
  setFn(env, test, "g2Mul", G2Mul);
  setFn(env, test, "g1Msm", G1Msm);
  setFn(env, test, "g2Msm", G2Msm);
  setFn(env, test, "rootOfUnity", RootOfUnity);
  setFn(env, test, "ntt", Ntt);
  setFn(env, test, "proveWith", ProveWith);
  napi_set_named_property(env, exports, "test", test);
  napi_value version;
  napi_create_uint32(env, 1, &version);
  napi_set_named_property(env, exports, "abiVersion", version);
  napi_value arch;
  napi_create_string_utf8(env, B->name, NAPI_AUTO_LENGTH, &arch);
  napi_set_named_property(env, exports, "arch", arch);
  return exports;
}
