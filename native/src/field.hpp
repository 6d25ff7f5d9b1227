// BN254 prime fields (base field Fq and scalar field Fr) in Montgomery form on 4 x 64-bit limbs, R = 2^256.
// Same representation as ffjavascript/snarkjs ("LEM": little-endian limbs of a*R mod p), so zkey bytes are used
// as they are. Multiplication is CIOS with the "no final carry" shortcut, valid because the top limb of both
// moduli is below 2^63 - 1 (both primes are 254-bit).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

namespace drex {

typedef unsigned __int128 u128;

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
static inline bool geq4(const uint64_t* a, const uint64_t* b) {
  for (int i = 3; i >= 0; i--) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// r = a - b, returns borrow
static inline uint64_t sub4(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  u128 t;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; i++) {
    t = (u128)a[i] - b[i] - borrow;
    r[i] = (uint64_t)t;
    borrow = (uint64_t)(t >> 64) & 1;
  }
  return borrow;
}

// r = a + b, returns carry
static inline uint64_t add4(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  u128 t;
  uint64_t carry = 0;
  for (int i = 0; i < 4; i++) {
    t = (u128)a[i] + b[i] + carry;
    r[i] = (uint64_t)t;
    carry = (uint64_t)(t >> 64);
  }
  return carry;
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

  static inline void add(Fp& r, const Fp& a, const Fp& b) {
    // a, b < p < 2^254: the sum never overflows 256 bits
    add4(r.v, a.v, b.v);
    if (geq4(r.v, Params::P)) sub4(r.v, r.v, Params::P);
  }
  static inline void sub(Fp& r, const Fp& a, const Fp& b) {
    uint64_t borrow = sub4(r.v, a.v, b.v);
    if (borrow) add4(r.v, r.v, Params::P);
  }
  static inline void dbl(Fp& r, const Fp& a) { add(r, a, a); }
  static inline void neg(Fp& r, const Fp& a) {
    if (a.isZero()) { r = a; return; }
    sub4(r.v, Params::P, a.v);
  }

  static inline void mul(Fp& r, const Fp& a, const Fp& b) {
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
    r.v[0] = t0; r.v[1] = t1; r.v[2] = t2; r.v[3] = t3;
    if (geq4(r.v, Params::P)) sub4(r.v, r.v, Params::P);
  }
  static inline void sqr(Fp& r, const Fp& a) { mul(r, a, a); }

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

  static inline void add(Fq2& r, const Fq2& a, const Fq2& b) { Fq::add(r.c0, a.c0, b.c0); Fq::add(r.c1, a.c1, b.c1); }
  static inline void sub(Fq2& r, const Fq2& a, const Fq2& b) { Fq::sub(r.c0, a.c0, b.c0); Fq::sub(r.c1, a.c1, b.c1); }
  static inline void dbl(Fq2& r, const Fq2& a) { add(r, a, a); }
  static inline void neg(Fq2& r, const Fq2& a) { Fq::neg(r.c0, a.c0); Fq::neg(r.c1, a.c1); }
  static inline void mul(Fq2& r, const Fq2& a, const Fq2& b) {
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
  static inline void sqr(Fq2& r, const Fq2& a) {
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

}  // namespace drex
