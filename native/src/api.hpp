// Interface between the Node binding (addon.cpp) and the prover variants. The prover is compiled twice, in two
// namespaces: a portable one (C++ with unsigned __int128) and one whose field multiplication uses MULX/ADCX/ADOX
// (BMI2 + ADX, inline assembly); the binding picks the fastest one the CPU supports at load time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace drexapi {

// A malformed input file: kind is "zkey" or "wtns", field names what is wrong (e.g. "magic", "section 5").
struct FormatError : std::runtime_error {
  std::string kind, field;
  FormatError(const std::string& k, const std::string& f, const std::string& msg) : std::runtime_error(msg), kind(k), field(f) {}
};

struct ProofOut {
  // affine coordinates, plain little-endian: pi_a (x, y), pi_b (x.c0, x.c1, y.c0, y.c1), pi_c (x, y)
  uint64_t a[8], b[16], c[8];
  bool aInf, bInf, cInf;
  // wall time of the phases (ms): qap, fft, msmA, msmB1, msmB2, msmC, msmH, finish
  double phaseMs[8];
};

struct ZkeyInfo {
  uint32_t nVars, nPublic, domainSize;
};

// All field elements and coordinates in and out are plain little-endian 4 x 64-bit integers.
struct Backend {
  const char* name;
  // parses (once per path, size and mtime; process-wide cache) and returns an opaque key. Throws FormatError.
  std::shared_ptr<const void> (*cachedZkey)(const std::string& path);
  ZkeyInfo (*zkeyInfo)(const void* zkey);
  // r, s: plain scalars below r, or nullptr to draw them from the OS CSPRNG. Throws FormatError.
  ProofOut (*prove)(const void* zkey, const uint8_t* wtns, size_t wtnsLen, int threads, const uint64_t* r, const uint64_t* s);
  // test-only
  void (*frMul)(const uint64_t* a, const uint64_t* b, uint64_t* out);
  void (*frInv)(const uint64_t* a, uint64_t* out);
  void (*fqMul)(const uint64_t* a, const uint64_t* b, uint64_t* out);
  void (*fqInv)(const uint64_t* a, uint64_t* out);
  bool (*g1OnCurve)(const uint64_t* p8);
  bool (*g2OnCurve)(const uint64_t* p16);
  // out: affine, returns false for the point at infinity; input points (0, 0) are the point at infinity
  bool (*g1Mul)(const uint64_t* p8, const uint64_t* k, uint64_t* out8);
  bool (*g2Mul)(const uint64_t* p16, const uint64_t* k, uint64_t* out16);
  bool (*g1Msm)(const uint64_t* points, const uint64_t* scalars, size_t n, int threads, uint64_t* out8);
  bool (*g2Msm)(const uint64_t* points, const uint64_t* scalars, size_t n, int threads, uint64_t* out16);
  void (*rootOfUnity)(int k, uint64_t* out);
  void (*ntt)(uint64_t* values, size_t n);  // forward NTT in place on the size-n domain
};

const Backend* backendGeneric();
const Backend* backendAdx();
bool cpuHasAdx();

}  // namespace drexapi
