// BN254 prime fields (base field Fq and scalar field Fr) in Montgomery form on 4 x 64-bit limbs, R = 2^256.
// Same representation as ffjavascript/snarkjs ("LEM": little-endian limbs of a*R mod p), so zkey bytes are used
// as they are. Multiplication is CIOS with the "no final carry" shortcut, valid because the top limb of both
// moduli is below 2^63 - 1 (both primes are 254-bit).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <x86intrin.h>

#ifdef DREX_ADX
#include "mul_adx.hpp"
#endif

namespace DREX_NS {

typedef unsigned __int128 u128;

#ifndef DREX_INLINE
#define DREX_INLINE inline __attribute__((always_inline))
#endif

struct FqParams {
  static constexpr uint64_t P[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr uint64_t R2[4] = {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL};
  static constexpr uint64_t ONE[4] = {0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL};
  static constexpr uint64_t NP = 0x87d20782e4866389ULL;  // -P^-1 mod 2^64
};

struct FrParams {
  static constexpr uint64_t P[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
  static constexpr uint64_t R2[4] = {0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL};
  static constexpr uint64_t ONE[4] = {0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL};
  static constexpr uint64_t NP = 0xc2e1f593efffffffULL;
};

// a >= b for 4-limb little-endian integers
static DREX_INLINE bool geq4(const uint64_t* a, const uint64_t* b) {
  for (int i = 3; i >= 0; i--) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// r = a - b, returns borrow (adc/sbb chains, no data-dependent branches)
static DREX_INLINE uint64_t sub4(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  unsigned long long t0, t1, t2, t3;
  unsigned char c = _subborrow_u64(0, a[0], b[0], &t0);
  c = _subborrow_u64(c, a[1], b[1], &t1);
  c = _subborrow_u64(c, a[2], b[2], &t2);
  c = _subborrow_u64(c, a[3], b[3], &t3);
  r[0] = t0; r[1] = t1; r[2] = t2; r[3] = t3;
  return c;
}

// r = a + b, returns carry
static DREX_INLINE uint64_t add4(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  unsigned long long t0, t1, t2, t3;
  unsigned char c = _addcarry_u64(0, a[0], b[0], &t0);
  c = _addcarry_u64(c, a[1], b[1], &t1);
  c = _addcarry_u64(c, a[2], b[2], &t2);
  c = _addcarry_u64(c, a[3], b[3], &t3);
  r[0] = t0; r[1] = t1; r[2] = t2; r[3] = t3;
  return c;
}

// r = (x >= p) ? x - p : x for x < 2p, without branches
static DREX_INLINE void reduceOnce(uint64_t* r, const uint64_t* x, const uint64_t* p) {
  uint64_t t[4];
  const uint64_t mask = 0 - sub4(t, x, p);  // all ones when x < p
  for (int i = 0; i < 4; i++) r[i] = (x[i] & mask) | (t[i] & ~mask);
}

template <class Params>
struct Fp {
  uint64_t v[4];

  static Fp zero() { Fp r; r.v[0] = r.v[1] = r.v[2] = r.v[3] = 0; return r; }
  static Fp one() { Fp r; std::memcpy(r.v, Params::ONE, 32); return r; }
  static Fp fromLimbs(const uint64_t* l) { Fp r; std::memcpy(r.v, l, 32); return r; }

  bool isZero() const { return (v[0] | v[1] | v[2] | v[3]) == 0; }
  bool operator==(const Fp& o) const { return v[0] == o.v[0] && v[1] == o.v[1] && v[2] == o.v[2] && v[3] == o.v[3]; }
  bool operator!=(const Fp& o) const { return !(*this == o); }

  static DREX_INLINE void add(Fp& r, const Fp& a, const Fp& b) {
    // a, b < p < 2^254: the sum never overflows 256 bits
    uint64_t t[4];
    add4(t, a.v, b.v);
    reduceOnce(r.v, t, Params::P);
  }
  static DREX_INLINE void sub(Fp& r, const Fp& a, const Fp& b) {
    uint64_t t[4], pm[4];
    const uint64_t mask = 0 - sub4(t, a.v, b.v);  // all ones when a < b
    for (int i = 0; i < 4; i++) pm[i] = Params::P[i] & mask;
    add4(r.v, t, pm);
  }
  static DREX_INLINE void dbl(Fp& r, const Fp& a) { add(r, a, a); }
  static DREX_INLINE void neg(Fp& r, const Fp& a) {
    if (a.isZero()) { r = a; return; }
    sub4(r.v, Params::P, a.v);
  }

  static DREX_INLINE void mul(Fp& r, const Fp& a, const Fp& b) {
#ifdef DREX_ADX
    uint64_t t[4];
    montMulAdx(t, a.v, b.v, Params::P, Params::NP);
    reduceOnce(r.v, t, Params::P);
#else
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (int i = 0; i < 4; i++) {
      const uint64_t bi = b.v[i];
      u128 x = (u128)a.v[0] * bi + t0;
      uint64_t A = (uint64_t)(x >> 64);
      t0 = (uint64_t)x;
      const uint64_t m = t0 * Params::NP;
      u128 y = (u128)m * Params::P[0] + t0;
      uint64_t C = (uint64_t)(y >> 64);

      x = (u128)a.v[1] * bi + t1 + A;
      A = (uint64_t)(x >> 64);
      y = (u128)m * Params::P[1] + (uint64_t)x + C;
      C = (uint64_t)(y >> 64);
      t0 = (uint64_t)y;

      x = (u128)a.v[2] * bi + t2 + A;
      A = (uint64_t)(x >> 64);
      y = (u128)m * Params::P[2] + (uint64_t)x + C;
      C = (uint64_t)(y >> 64);
      t1 = (uint64_t)y;

      x = (u128)a.v[3] * bi + t3 + A;
      A = (uint64_t)(x >> 64);
      y = (u128)m * Params::P[3] + (uint64_t)x + C;
      C = (uint64_t)(y >> 64);
      t2 = (uint64_t)y;

      t3 = C + A;
    }
    const uint64_t t[4] = {t0, t1, t2, t3};
    reduceOnce(r.v, t, Params::P);
#endif
  }
  static DREX_INLINE void sqr(Fp& r, const Fp& a) { mul(r, a, a); }

  Fp operator+(const Fp& o) const { Fp r; add(r, *this, o); return r; }
  Fp operator-(const Fp& o) const { Fp r; sub(r, *this, o); return r; }
  Fp operator*(const Fp& o) const { Fp r; mul(r, *this, o); return r; }
  Fp operator-() const { Fp r; neg(r, *this); return r; }

  // plain little-endian integer (must be < p) -> Montgomery
  static Fp fromPlain(const uint64_t* l) {
    Fp a = fromLimbs(l), r2 = fromLimbs(Params::R2), r;
    mul(r, a, r2);
    return r;
  }
  static Fp fromU64(uint64_t x) { uint64_t l[4] = {x, 0, 0, 0}; return fromPlain(l); }
  // Montgomery -> plain little-endian integer
  void toPlain(uint64_t* out) const {
    Fp one_plain = zero();
    one_plain.v[0] = 1;
    Fp r;
    mul(r, *this, one_plain);
    std::memcpy(out, r.v, 32);
  }

  // a^e for a plain little-endian exponent of 4 limbs
  static Fp pow(const Fp& a, const uint64_t* e) {
    Fp r = one();
    for (int i = 3; i >= 0; i--) {
      for (int b = 63; b >= 0; b--) {
        sqr(r, r);
        if ((e[i] >> b) & 1) mul(r, r, a);
      }
    }
    return r;
  }
  // inverse by Fermat (a^(p-2)); inverse of 0 is 0
  static Fp inv(const Fp& a) {
    uint64_t e[4];
    std::memcpy(e, Params::P, 32);
    e[0] -= 2;  // P[0] > 2 for both moduli
    return pow(a, e);
  }
};

typedef Fp<FqParams> Fq;
typedef Fp<FrParams> Fr;

// Fq2 = Fq[u] / (u^2 + 1)
struct Fq2 {
  Fq c0, c1;
  static Fq2 zero() { return Fq2{Fq::zero(), Fq::zero()}; }
  static Fq2 one() { return Fq2{Fq::one(), Fq::zero()}; }
  bool isZero() const { return c0.isZero() && c1.isZero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }

  static DREX_INLINE void add(Fq2& r, const Fq2& a, const Fq2& b) { Fq::add(r.c0, a.c0, b.c0); Fq::add(r.c1, a.c1, b.c1); }
  static DREX_INLINE void sub(Fq2& r, const Fq2& a, const Fq2& b) { Fq::sub(r.c0, a.c0, b.c0); Fq::sub(r.c1, a.c1, b.c1); }
  static DREX_INLINE void dbl(Fq2& r, const Fq2& a) { add(r, a, a); }
  static DREX_INLINE void neg(Fq2& r, const Fq2& a) { Fq::neg(r.c0, a.c0); Fq::neg(r.c1, a.c1); }
  static DREX_INLINE void mul(Fq2& r, const Fq2& a, const Fq2& b) {
    // Karatsuba: (a0 + a1 u)(b0 + b1 u) = a0 b0 - a1 b1 + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u
    Fq t0, t1, s0, s1, m;
    Fq::mul(t0, a.c0, b.c0);
    Fq::mul(t1, a.c1, b.c1);
    Fq::add(s0, a.c0, a.c1);
    Fq::add(s1, b.c0, b.c1);
    Fq::mul(m, s0, s1);
    Fq::sub(r.c0, t0, t1);
    Fq::sub(m, m, t0);
    Fq::sub(r.c1, m, t1);
  }
  static DREX_INLINE void sqr(Fq2& r, const Fq2& a) {
    // (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u
    Fq s, d, p;
    Fq::add(s, a.c0, a.c1);
    Fq::sub(d, a.c0, a.c1);
    Fq::mul(p, a.c0, a.c1);
    Fq::mul(r.c0, s, d);
    Fq::add(r.c1, p, p);
  }
  static Fq2 inv(const Fq2& a) {
    Fq t0, t1, n;
    Fq::sqr(t0, a.c0);
    Fq::sqr(t1, a.c1);
    Fq::add(n, t0, t1);
    Fq ni = Fq::inv(n);
    Fq2 r;
    Fq::mul(r.c0, a.c0, ni);
    Fq::mul(r.c1, a.c1, ni);
    Fq::neg(r.c1, r.c1);
    return r;
  }
};

}  // namespace DREX_NS
