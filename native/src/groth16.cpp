// snarkjs Groth16 (BN254) prover: the same computation as snarkjs's groth16_prove.js, written for native code.
//
//   A_T, B_T   evaluations of the witness-weighted QAP polynomials on the domain (section 4 coefficients)
//   C_T        = A_T * B_T pointwise
//   for X in A, B, C: coefficients by inverse NTT, times inc^i (inc = 2n-th root: the odd points of the 2n
//   domain), NTT again -> values on the coset; h = A*B - C there (section 9 holds the matching H points)
//   pi_a = alpha1 + MSM(A, w) + r delta1
//   pi_b = beta2  + MSM(B2, w) + s delta2                  (G2)
//   b1   = beta1  + MSM(B1, w) + s delta1
//   pi_c = MSM(C, w_private) + MSM(H, h) + s pi_a + r b1 - r s delta1
#include "groth16.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "msm.hpp"

namespace drex {

// ---------------------------------------------------------------- curve constants

static Fq2 g2B() {
  // b' = 3 / (9 + u)
  static Fq2 b = [] {
    Fq2 xi{Fq::fromU64(9), Fq::fromU64(1)};
    Fq2 three{Fq::fromU64(3), Fq::zero()};
    Fq2 r;
    Fq2::mul(r, three, Fq2::inv(xi));
    return r;
  }();
  return b;
}

bool g1OnCurve(const G1Affine& p) {
  if (p.isInfinity()) return true;
  Fq y2, x3;
  Fq::sqr(y2, p.y);
  Fq::sqr(x3, p.x);
  Fq::mul(x3, x3, p.x);
  Fq::add(x3, x3, Fq::fromU64(3));
  return y2 == x3;
}

bool g2OnCurve(const G2Affine& p) {
  if (p.isInfinity()) return true;
  Fq2 y2, x3;
  Fq2::sqr(y2, p.y);
  Fq2::sqr(x3, p.x);
  Fq2::mul(x3, x3, p.x);
  Fq2::add(x3, x3, g2B());
  return y2 == x3;
}

// ---------------------------------------------------------------- randomness, roots of unity, NTT

void randomScalar(uint64_t* out) {
  for (;;) {
    uint8_t buf[32];
    size_t got = 0;
    while (got < sizeof buf) {
      ssize_t n = getrandom(buf + got, sizeof buf - got, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
      }
      got += (size_t)n;
    }
    std::memcpy(out, buf, 32);
    out[3] &= 0x3fffffffffffffffULL;  // 254 bits, then reject >= r
    if (!geq4(out, FrParams::P) && (out[0] | out[1] | out[2] | out[3])) return;
  }
}

Fr rootOfUnity(int k) {
  // (r - 1) / 2^28
  uint64_t e[4];
  std::memcpy(e, FrParams::P, 32);
  e[0] -= 1;
  for (int i = 0; i < 28; i++) {
    e[0] = (e[0] >> 1) | (e[1] << 63);
    e[1] = (e[1] >> 1) | (e[2] << 63);
    e[2] = (e[2] >> 1) | (e[3] << 63);
    e[3] >>= 1;
  }
  Fr w = Fr::pow(Fr::fromU64(5), e);
  for (int i = 28; i > k; i--) Fr::sqr(w, w);
  return w;
}

// In-place radix-2 NTT of size n (power of two): a[k] <- sum_j a[j] w^(jk), tw[i] = w^i for i < n/2.
void ntt(Fr* a, size_t n, const Fr* tw) {
  if (n <= 1) return;
  int logn = __builtin_ctzll(n);
  for (size_t i = 1, j = 0; i < n; i++) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  (void)logn;
  for (size_t len = 2; len <= n; len <<= 1) {
    const size_t half = len >> 1, step = n / len;
    for (size_t i = 0; i < n; i += len) {
      Fr* lo = a + i;
      Fr* hi = a + i + half;
      // j = 0: twiddle 1
      {
        Fr u = lo[0], v = hi[0];
        Fr::add(lo[0], u, v);
        Fr::sub(hi[0], u, v);
      }
      for (size_t j = 1; j < half; j++) {
        Fr u = lo[j], v;
        Fr::mul(v, hi[j], tw[j * step]);
        Fr::add(lo[j], u, v);
        Fr::sub(hi[j], u, v);
      }
    }
  }
}

// ---------------------------------------------------------------- binary files

namespace {

struct SectionRef {
  uint64_t offset, size;
};

struct BinFile {
  std::string kind, path;
  int fd = -1;
  uint64_t fileSize = 0;
  std::map<uint32_t, SectionRef> sections;

  [[noreturn]] void fail(const std::string& field, const std::string& msg) const {
    throw FormatError(kind, field, kind + " file " + path + ": " + msg);
  }

  void readAt(uint64_t off, void* dst, size_t len, const std::string& field) const {
    if (off + len > fileSize) fail(field, "truncated (" + field + " runs past the end of the file)");
    uint8_t* p = (uint8_t*)dst;
    while (len > 0) {
      ssize_t n = pread(fd, p, len, (off_t)off);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(field, std::string("read error: ") + std::strerror(errno));
      }
      if (n == 0) fail(field, "truncated");
      p += n;
      off += (uint64_t)n;
      len -= (size_t)n;
    }
  }

  const SectionRef& section(uint32_t id, const std::string& what) const {
    auto it = sections.find(id);
    if (it == sections.end()) fail("section " + std::to_string(id), "section " + std::to_string(id) + " (" + what + ") is missing");
    return it->second;
  }

  ~BinFile() {
    if (fd >= 0) close(fd);
  }
};

// Opens path, checks the 4-byte magic, reads the section table.
void openBinFile(BinFile& f, const std::string& path, const char* magic) {
  f.path = path;
  f.fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) f.fail("path", std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (fstat(f.fd, &st) != 0) f.fail("path", std::string("cannot stat: ") + std::strerror(errno));
  f.fileSize = (uint64_t)st.st_size;
  char m[4];
  if (f.fileSize < 12) f.fail("magic", "too short to be a " + f.kind + " file (" + std::to_string(f.fileSize) + " bytes)");
  f.readAt(0, m, 4, "magic");
  if (std::memcmp(m, magic, 4) != 0) f.fail("magic", std::string("wrong magic (expected \"") + magic + "\")");
  uint32_t version, nSections;
  f.readAt(4, &version, 4, "version");
  f.readAt(8, &nSections, 4, "nSections");
  uint64_t pos = 12;
  for (uint32_t i = 0; i < nSections; i++) {
    uint32_t type;
    uint64_t size;
    f.readAt(pos, &type, 4, "section table");
    f.readAt(pos + 4, &size, 8, "section table");
    pos += 12;
    if (pos + size > f.fileSize) f.fail("section " + std::to_string(type), "section " + std::to_string(type) + " runs past the end of the file");
    if (f.sections.count(type)) f.fail("section " + std::to_string(type), "section " + std::to_string(type) + " appears twice");
    f.sections[type] = SectionRef{pos, size};
    pos += size;
  }
}

template <class T>
void readArray(const BinFile& f, uint32_t id, const char* what, uint64_t count, std::vector<T>& out) {
  const SectionRef& s = f.section(id, what);
  const uint64_t want = count * sizeof(T);
  if (s.size != want) {
    f.fail("section " + std::to_string(id), std::string("section ") + std::to_string(id) + " (" + what + ") has " + std::to_string(s.size) +
                                                 " bytes, expected " + std::to_string(want));
  }
  out.resize(count);
  f.readAt(s.offset, out.data(), want, "section " + std::to_string(id));
}

}  // namespace

// ---------------------------------------------------------------- zkey

std::shared_ptr<Zkey> loadZkey(const std::string& path) {
  BinFile f;
  f.kind = "zkey";
  openBinFile(f, path, "zkey");
  auto zk = std::make_shared<Zkey>();
  zk->path = path;

  {
    const SectionRef& s = f.section(1, "header");
    if (s.size < 4) f.fail("section 1", "header section too short");
    uint32_t protocol;
    f.readAt(s.offset, &protocol, 4, "section 1");
    if (protocol != 1) f.fail("protocol", "protocol " + std::to_string(protocol) + " is not Groth16 (1)");
  }
  {
    const SectionRef& s = f.section(2, "Groth16 header");
    const uint64_t expect = 4 + 32 + 4 + 32 + 12 + 64 + 64 + 128 + 128 + 64 + 128;
    uint64_t o = s.offset;
    uint32_t n8q, n8r;
    if (s.size < 4) f.fail("n8q", "Groth16 header too short");
    f.readAt(o, &n8q, 4, "n8q");
    if (n8q != 32) f.fail("n8q", "n8q is " + std::to_string(n8q) + ", expected 32 (BN254)");
    if (s.size != expect) f.fail("section 2", "Groth16 header has " + std::to_string(s.size) + " bytes, expected " + std::to_string(expect));
    uint64_t q[4], r[4];
    f.readAt(o + 4, q, 32, "q");
    if (std::memcmp(q, FqParams::P, 32) != 0) f.fail("q", "base field prime q is not BN254's (only bn128 keys are supported)");
    f.readAt(o + 36, &n8r, 4, "n8r");
    if (n8r != 32) f.fail("n8r", "n8r is " + std::to_string(n8r) + ", expected 32 (BN254)");
    f.readAt(o + 40, r, 32, "r");
    if (std::memcmp(r, FrParams::P, 32) != 0) f.fail("r", "scalar field prime r is not BN254's");
    f.readAt(o + 72, &zk->nVars, 4, "nVars");
    f.readAt(o + 76, &zk->nPublic, 4, "nPublic");
    f.readAt(o + 80, &zk->domainSize, 4, "domainSize");
    if (zk->nVars == 0 || zk->nPublic + 1 > zk->nVars) f.fail("nPublic", "nPublic + 1 exceeds nVars");
    const uint32_t n = zk->domainSize;
    if (n < 2 || (n & (n - 1)) != 0) f.fail("domainSize", "domainSize " + std::to_string(n) + " is not a power of two >= 2");
    zk->power = __builtin_ctz(n);
    if (zk->power >= 28) f.fail("domainSize", "domainSize 2^" + std::to_string(zk->power) + " too large (max 2^27)");
    uint64_t p = o + 84;
    f.readAt(p, &zk->alpha1, 64, "alpha1"); p += 64;
    f.readAt(p, &zk->beta1, 64, "beta1"); p += 64;
    f.readAt(p, &zk->beta2, 128, "beta2"); p += 128;
    f.readAt(p, &zk->gamma2, 128, "gamma2"); p += 128;
    f.readAt(p, &zk->delta1, 64, "delta1"); p += 64;
    f.readAt(p, &zk->delta2, 128, "delta2");
    const struct { const char* name; bool ok; } pts[] = {
        {"alpha1", g1OnCurve(zk->alpha1)}, {"beta1", g1OnCurve(zk->beta1)}, {"delta1", g1OnCurve(zk->delta1)},
        {"beta2", g2OnCurve(zk->beta2)},   {"gamma2", g2OnCurve(zk->gamma2)}, {"delta2", g2OnCurve(zk->delta2)},
    };
    for (auto& pt : pts) {
      if (!pt.ok) f.fail(pt.name, std::string(pt.name) + " is not a point of the curve");
    }
  }
  const uint64_t nVars = zk->nVars, nPub = zk->nPublic, n = zk->domainSize;

  {
    const SectionRef& s = f.section(4, "coefficients");
    if (s.size < 4) f.fail("section 4", "coefficient section too short");
    uint32_t nCoef;
    f.readAt(s.offset, &nCoef, 4, "section 4");
    const uint64_t rec = 12 + 32;
    if (s.size != 4 + rec * (uint64_t)nCoef) {
      f.fail("section 4", "coefficient section has " + std::to_string(s.size) + " bytes for " + std::to_string(nCoef) + " coefficients");
    }
    std::vector<uint8_t> raw(rec * (uint64_t)nCoef);
    f.readAt(s.offset + 4, raw.data(), raw.size(), "section 4");
    zk->coefsA.reserve(nCoef);
    zk->coefsB.reserve(nCoef);
    for (uint32_t i = 0; i < nCoef; i++) {
      const uint8_t* p = raw.data() + rec * i;
      uint32_t m, c, sig;
      std::memcpy(&m, p, 4);
      std::memcpy(&c, p + 4, 4);
      std::memcpy(&sig, p + 8, 4);
      Coef k;
      k.constraint = c;
      k.signal = sig;
      std::memcpy(k.value.v, p + 12, 32);
      if (m > 1) f.fail("section 4", "coefficient " + std::to_string(i) + " has matrix " + std::to_string(m) + " (expected 0 = A or 1 = B)");
      if (c >= n) f.fail("section 4", "coefficient " + std::to_string(i) + " has constraint " + std::to_string(c) + " >= domainSize");
      if (sig >= nVars) f.fail("section 4", "coefficient " + std::to_string(i) + " has signal " + std::to_string(sig) + " >= nVars");
      if (geq4(k.value.v, FrParams::P)) f.fail("section 4", "coefficient " + std::to_string(i) + " is not reduced mod r");
      (m == 0 ? zk->coefsA : zk->coefsB).push_back(k);
    }
  }
  readArray(f, 5, "A points", nVars, zk->A);
  readArray(f, 6, "B1 points", nVars, zk->B1);
  readArray(f, 7, "B2 points", nVars, zk->B2);
  readArray(f, 8, "C points", nVars - nPub - 1, zk->C);
  readArray(f, 9, "H points", n, zk->H);

  // domain tables
  const Fr w = rootOfUnity(zk->power), wInv = Fr::inv(w), inc = rootOfUnity(zk->power + 1);
  zk->tw.resize(n / 2);
  zk->twInv.resize(n / 2);
  Fr x = Fr::one(), y = Fr::one();
  for (uint64_t i = 0; i < n / 2; i++) {
    zk->tw[i] = x;
    zk->twInv[i] = y;
    Fr::mul(x, x, w);
    Fr::mul(y, y, wInv);
  }
  zk->cosetScaled.resize(n);
  Fr nInv = Fr::inv(Fr::fromU64(n)), c = nInv;
  for (uint64_t i = 0; i < n; i++) {
    zk->cosetScaled[i] = c;
    Fr::mul(c, c, inc);
  }
  return zk;
}

std::shared_ptr<Zkey> cachedZkey(const std::string& path) {
  static std::mutex mu;
  static std::map<std::string, std::pair<std::string, std::shared_ptr<Zkey>>> cache;  // path -> (stamp, key)
  struct stat st;
  std::string stamp;
  if (stat(path.c_str(), &st) == 0) {
    stamp = std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
            std::to_string(st.st_ino);
  }
  std::lock_guard<std::mutex> lock(mu);  // one loader at a time: a second worker waits and reuses the first's key
  auto it = cache.find(path);
  if (it != cache.end() && !stamp.empty() && it->second.first == stamp) return it->second.second;
  auto zk = loadZkey(path);
  cache[path] = std::make_pair(stamp, zk);
  return zk;
}

// ---------------------------------------------------------------- wtns

Witness parseWtns(const uint8_t* data, size_t len) {
  auto fail = [](const std::string& field, const std::string& msg) -> void { throw FormatError("wtns", field, "wtns: " + msg); };
  auto u32 = [&](size_t off) {
    uint32_t v;
    std::memcpy(&v, data + off, 4);
    return v;
  };
  if (len < 12) fail("magic", "too short to be a wtns file (" + std::to_string(len) + " bytes)");
  if (std::memcmp(data, "wtns", 4) != 0) fail("magic", "wrong magic (expected \"wtns\")");
  const uint32_t nSections = u32(8);
  size_t pos = 12;
  size_t s1 = 0, s1len = 0, s2 = 0, s2len = 0;
  bool have1 = false, have2 = false;
  for (uint32_t i = 0; i < nSections; i++) {
    if (pos + 12 > len) fail("section table", "truncated section table");
    uint32_t type = u32(pos);
    uint64_t size;
    std::memcpy(&size, data + pos + 4, 8);
    pos += 12;
    if (size > len - pos) fail("section " + std::to_string(type), "section " + std::to_string(type) + " runs past the end of the file");
    if (type == 1) { if (have1) fail("section 1", "section 1 appears twice"); have1 = true; s1 = pos; s1len = size; }
    if (type == 2) { if (have2) fail("section 2", "section 2 appears twice"); have2 = true; s2 = pos; s2len = size; }
    pos += size;
  }
  if (!have1) fail("section 1", "section 1 (header) is missing");
  if (!have2) fail("section 2", "section 2 (witness values) is missing");
  if (s1len < 4) fail("n8", "header too short");
  const uint32_t n8 = u32(s1);
  if (n8 != 32) fail("n8", "field element size n8 is " + std::to_string(n8) + ", expected 32 (BN254)");
  if (s1len != 4 + 32 + 4) fail("section 1", "header has " + std::to_string(s1len) + " bytes, expected 40");
  if (std::memcmp(data + s1 + 4, FrParams::P, 32) != 0) fail("q", "witness prime is not BN254's scalar field r");
  Witness w;
  w.nWitness = u32(s1 + 36);
  if (s2len != (uint64_t)w.nWitness * 32) {
    fail("section 2", "witness section has " + std::to_string(s2len) + " bytes, expected " + std::to_string((uint64_t)w.nWitness * 32));
  }
  w.values.resize((size_t)w.nWitness * 4);
  std::memcpy(w.values.data(), data + s2, s2len);
  for (uint32_t i = 0; i < w.nWitness; i++) {
    if (geq4(&w.values[4 * (size_t)i], FrParams::P)) fail("witness", "witness value " + std::to_string(i) + " is not reduced mod r");
  }
  return w;
}

// ---------------------------------------------------------------- prover

template <class Fn>
static void parallelTasks(int nThreads, int nTasks, Fn fn) {
  if (nThreads <= 1 || nTasks <= 1) {
    for (int i = 0; i < nTasks; i++) fn(i);
    return;
  }
  std::vector<std::thread> ts;
  std::mutex mu;
  int next = 0;
  const int nt = std::min(nThreads, nTasks);
  for (int t = 0; t < nt; t++) {
    ts.emplace_back([&]() {
      for (;;) {
        int i;
        {
          std::lock_guard<std::mutex> l(mu);
          if (next >= nTasks) return;
          i = next++;
        }
        fn(i);
      }
    });
  }
  for (auto& t : ts) t.join();
}

ProofOut prove(const Zkey& zk, const Witness& wit, int nThreads, const uint64_t* rIn, const uint64_t* sIn) {
  if (wit.nWitness != zk.nVars) {
    throw FormatError("wtns", "nWitness",
                      "witness length " + std::to_string(wit.nWitness) + " does not match the circuit's nVars " + std::to_string(zk.nVars));
  }
  if (nThreads < 1) nThreads = 1;
  const size_t n = zk.domainSize;
  const uint64_t* w = wit.values.data();

  // 1. QAP evaluations on the domain
  std::vector<Fr> polA(n, Fr::zero()), polB(n, Fr::zero()), polC(n);
  auto accumulate = [&](const std::vector<Coef>& coefs, std::vector<Fr>& out) {
    for (const Coef& k : coefs) {
      Fr t, wv = Fr::fromLimbs(w + 4 * (size_t)k.signal);
      Fr::mul(t, k.value, wv);
      Fr::add(out[k.constraint], out[k.constraint], t);
    }
  };
  parallelTasks(nThreads, 2, [&](int i) { accumulate(i == 0 ? zk.coefsA : zk.coefsB, i == 0 ? polA : polB); });
  for (size_t i = 0; i < n; i++) Fr::mul(polC[i], polA[i], polB[i]);

  // 2. values on the odd coset of the 2n domain
  Fr* pols[3] = {polA.data(), polB.data(), polC.data()};
  parallelTasks(nThreads, 3, [&](int k) {
    Fr* p = pols[k];
    ntt(p, n, zk.twInv.data());
    for (size_t i = 0; i < n; i++) Fr::mul(p[i], p[i], zk.cosetScaled[i]);
    ntt(p, n, zk.tw.data());
  });
  std::vector<uint64_t> h(4 * n);
  for (size_t i = 0; i < n; i++) {
    Fr t;
    Fr::mul(t, polA[i], polB[i]);
    Fr::sub(t, t, polC[i]);
    t.toPlain(&h[4 * i]);
  }
  std::vector<Fr>().swap(polA);
  std::vector<Fr>().swap(polB);
  std::vector<Fr>().swap(polC);

  // 3. multi-scalar multiplications
  const size_t nPriv = zk.nVars - zk.nPublic - 1;
  G1Jac mA = msm<Fq>(zk.A.data(), w, zk.nVars, nThreads);
  G1Jac mB1 = msm<Fq>(zk.B1.data(), w, zk.nVars, nThreads);
  G2Jac mB2 = msm<Fq2>(zk.B2.data(), w, zk.nVars, nThreads);
  G1Jac mC = msm<Fq>(zk.C.data(), w + 4 * (zk.nPublic + 1), nPriv, nThreads);
  G1Jac mH = msm<Fq>(zk.H.data(), h.data(), n, nThreads);

  // 4. blinding
  uint64_t r[4], s[4], rs[4];
  if (rIn) std::memcpy(r, rIn, 32); else randomScalar(r);
  if (sIn) std::memcpy(s, sIn, 32); else randomScalar(s);
  {
    Fr fr = Fr::fromPlain(r), fs = Fr::fromPlain(s), t;
    Fr::mul(t, fr, fs);
    Fr::neg(t, t);
    t.toPlain(rs);  // -(r s)
  }
  const G1Jac delta1 = G1Jac::fromAffine(zk.delta1);
  G1Jac piA, piC, b1;
  G2Jac piB;
  jadd(piA, mA, G1Jac::fromAffine(zk.alpha1));
  jadd(piA, piA, scalarMul(delta1, r));
  jadd(piB, mB2, G2Jac::fromAffine(zk.beta2));
  jadd(piB, piB, scalarMul(G2Jac::fromAffine(zk.delta2), s));
  jadd(b1, mB1, G1Jac::fromAffine(zk.beta1));
  jadd(b1, b1, scalarMul(delta1, s));
  jadd(piC, mC, mH);
  jadd(piC, piC, scalarMul(piA, s));
  jadd(piC, piC, scalarMul(b1, r));
  jadd(piC, piC, scalarMul(delta1, rs));

  ProofOut out;
  G1Affine a = toAffine(piA), c = toAffine(piC);
  G2Affine b = toAffine(piB);
  out.aInf = a.isInfinity();
  out.bInf = b.isInfinity();
  out.cInf = c.isInfinity();
  a.x.toPlain(out.a); a.y.toPlain(out.a + 4);
  b.x.c0.toPlain(out.b); b.x.c1.toPlain(out.b + 4); b.y.c0.toPlain(out.b + 8); b.y.c1.toPlain(out.b + 12);
  c.x.toPlain(out.c); c.y.toPlain(out.c + 4);
  return out;
}

}  // namespace drex
