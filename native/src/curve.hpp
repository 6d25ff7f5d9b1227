// Short Weierstrass curves y^2 = x^3 + b with a = 0 over a field F (G1 over Fq, G2 over Fq2).
// Affine points as stored in zkeys: (x, y) in Montgomery form, (0, 0) is the point at infinity.
// Jacobian points (X, Y, Z) with x = X/Z^2, y = Y/Z^3; Z = 0 is the point at infinity.
#pragma once
#include "field.hpp"

namespace DREX_NS {

template <class F>
struct Affine {
  F x, y;
  bool isInfinity() const { return x.isZero() && y.isZero(); }
  static Affine infinity() { return Affine{F::zero(), F::zero()}; }
};

template <class F>
struct Jacobian {
  F X, Y, Z;
  static Jacobian infinity() { return Jacobian{F::one(), F::one(), F::zero()}; }
  bool isInfinity() const { return Z.isZero(); }
  static Jacobian fromAffine(const Affine<F>& a) {
    if (a.isInfinity()) return infinity();
    return Jacobian{a.x, a.y, F::one()};
  }
};

// r = 2p (dbl-2009-l, a = 0: 2M + 5S)
template <class F>
static inline void jdouble(Jacobian<F>& r, const Jacobian<F>& p) {
  if (p.isInfinity()) { r = p; return; }
  F A, B, C, D, E, Fv, t;
  F::sqr(A, p.X);
  F::sqr(B, p.Y);
  F::sqr(C, B);
  F::add(t, p.X, B);
  F::sqr(t, t);
  F::sub(t, t, A);
  F::sub(t, t, C);
  F::dbl(D, t);
  F::dbl(E, A);
  F::add(E, E, A);
  F::sqr(Fv, E);
  F Z3;
  F::mul(Z3, p.Y, p.Z);
  F::dbl(Z3, Z3);
  F X3;
  F::dbl(t, D);
  F::sub(X3, Fv, t);
  F Y3;
  F::sub(t, D, X3);
  F::mul(Y3, E, t);
  F::dbl(C, C);
  F::dbl(C, C);
  F::dbl(C, C);
  F::sub(Y3, Y3, C);
  r.X = X3; r.Y = Y3; r.Z = Z3;
}

// r = p + q with q affine (madd-2007-bl: 7M + 4S). q must not be the point at infinity.
template <class F>
static inline void jaddMixed(Jacobian<F>& r, const Jacobian<F>& p, const Affine<F>& q) {
  if (p.isInfinity()) { r.X = q.x; r.Y = q.y; r.Z = F::one(); return; }
  F Z1Z1, U2, S2, H, HH, I, J, rr, V, t;
  F::sqr(Z1Z1, p.Z);
  F::mul(U2, q.x, Z1Z1);
  F::mul(t, p.Z, Z1Z1);
  F::mul(S2, q.y, t);
  F::sub(H, U2, p.X);
  F::sub(rr, S2, p.Y);
  if (H.isZero()) {
    if (rr.isZero()) {
      Jacobian<F> qq{q.x, q.y, F::one()};
      jdouble(r, qq);
    } else {
      r = Jacobian<F>::infinity();
    }
    return;
  }
  F::dbl(rr, rr);
  F::sqr(HH, H);
  F::dbl(I, HH);
  F::dbl(I, I);
  F::mul(J, H, I);
  F::mul(V, p.X, I);
  F X3, Y3, Z3;
  F::sqr(X3, rr);
  F::sub(X3, X3, J);
  F::sub(X3, X3, V);
  F::sub(X3, X3, V);
  F::sub(t, V, X3);
  F::mul(Y3, rr, t);
  F::mul(t, p.Y, J);
  F::dbl(t, t);
  F::sub(Y3, Y3, t);
  F::add(Z3, p.Z, H);
  F::sqr(Z3, Z3);
  F::sub(Z3, Z3, Z1Z1);
  F::sub(Z3, Z3, HH);
  r.X = X3; r.Y = Y3; r.Z = Z3;
}

// r = p + q (add-2007-bl: 11M + 5S)
template <class F>
static inline void jadd(Jacobian<F>& r, const Jacobian<F>& p, const Jacobian<F>& q) {
  if (p.isInfinity()) { r = q; return; }
  if (q.isInfinity()) { r = p; return; }
  F Z1Z1, Z2Z2, U1, U2, S1, S2, H, I, J, rr, V, t;
  F::sqr(Z1Z1, p.Z);
  F::sqr(Z2Z2, q.Z);
  F::mul(U1, p.X, Z2Z2);
  F::mul(U2, q.X, Z1Z1);
  F::mul(t, q.Z, Z2Z2);
  F::mul(S1, p.Y, t);
  F::mul(t, p.Z, Z1Z1);
  F::mul(S2, q.Y, t);
  F::sub(H, U2, U1);
  F::sub(rr, S2, S1);
  if (H.isZero()) {
    if (rr.isZero()) {
      jdouble(r, p);
    } else {
      r = Jacobian<F>::infinity();
    }
    return;
  }
  F::dbl(rr, rr);
  F::dbl(I, H);
  F::sqr(I, I);
  F::mul(J, H, I);
  F::mul(V, U1, I);
  F X3, Y3, Z3;
  F::sqr(X3, rr);
  F::sub(X3, X3, J);
  F::sub(X3, X3, V);
  F::sub(X3, X3, V);
  F::sub(t, V, X3);
  F::mul(Y3, rr, t);
  F::mul(t, S1, J);
  F::dbl(t, t);
  F::sub(Y3, Y3, t);
  F::add(Z3, p.Z, q.Z);
  F::sqr(Z3, Z3);
  F::sub(Z3, Z3, Z1Z1);
  F::sub(Z3, Z3, Z2Z2);
  F::mul(Z3, Z3, H);
  r.X = X3; r.Y = Y3; r.Z = Z3;
}

template <class F>
static inline Jacobian<F> jneg(const Jacobian<F>& p) {
  Jacobian<F> r = p;
  F::neg(r.Y, p.Y);
  return r;
}

template <class F>
static inline Affine<F> aneg(const Affine<F>& p) {
  Affine<F> r = p;
  F::neg(r.y, p.y);
  return r;
}

// Field inverse dispatch
static inline Fq finv(const Fq& a) { return Fq::inv(a); }
static inline Fq2 finv(const Fq2& a) { return Fq2::inv(a); }

template <class F>
static Affine<F> toAffine(const Jacobian<F>& p) {
  if (p.isInfinity()) return Affine<F>::infinity();
  F zi = finv(p.Z), zi2, zi3;
  F::sqr(zi2, zi);
  F::mul(zi3, zi2, zi);
  Affine<F> r;
  F::mul(r.x, p.X, zi2);
  F::mul(r.y, p.Y, zi3);
  return r;
}

// scalar (plain little-endian, 4 limbs) times p, double-and-add (used only for a handful of points per proof)
template <class F>
static Jacobian<F> scalarMul(const Jacobian<F>& p, const uint64_t* k) {
  Jacobian<F> r = Jacobian<F>::infinity();
  for (int i = 3; i >= 0; i--) {
    for (int b = 63; b >= 0; b--) {
      jdouble(r, r);
      if ((k[i] >> b) & 1) jadd(r, r, p);
    }
  }
  return r;
}

typedef Affine<Fq> G1Affine;
typedef Jacobian<Fq> G1Jac;
typedef Affine<Fq2> G2Affine;
typedef Jacobian<Fq2> G2Jac;

// b = 3 for G1; b' = 3 / (9 + u) for G2 (Montgomery constants computed at start-up in groth16.cpp)
bool g1OnCurve(const G1Affine& p);
bool g2OnCurve(const G2Affine& p);

}  // namespace DREX_NS
