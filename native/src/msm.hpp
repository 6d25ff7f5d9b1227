// Multi-scalar multiplication sum_i k_i * P_i (Pippenger's bucket method with signed window digits).
// Points are affine (zkey layout), scalars plain little-endian 4 x 64-bit integers below r.
// Scalars of a circom witness are often 0, 1 or small: digits that are zero cost nothing, so a 1-bit scalar only
// costs one bucket addition; the window size is chosen from the actual bit-length histogram of the scalars.
#pragma once
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "curve.hpp"

namespace DREX_NS {

static inline int bitLength4(const uint64_t* k) {
  for (int i = 3; i >= 0; i--) {
    if (k[i]) return 64 * i + 64 - __builtin_clzll(k[i]);
  }
  return 0;
}

// bits [pos, pos + c) of k (c <= 16)
static inline uint32_t bitsAt(const uint64_t* k, int pos, int c) {
  const int limb = pos >> 6, off = pos & 63;
  if (limb >= 4) return 0;
  uint64_t v = k[limb] >> off;
  if (off + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
  return (uint32_t)(v & ((1u << c) - 1));
}

struct MsmPlan {
  int c;         // window bits
  int nWindows;  // signed digits per scalar
};

// Picks the window size minimising (bucket additions) + (bucket reduction additions, ~1.5x dearer each).
static MsmPlan planMsm(const uint64_t* scalars, size_t n) {
  std::vector<size_t> hist(257, 0);
  int maxBits = 0;
  for (size_t i = 0; i < n; i++) {
    int b = bitLength4(scalars + 4 * i);
    hist[b]++;
    if (b > maxBits) maxBits = b;
  }
  MsmPlan best{0, 0};
  if (maxBits == 0) return best;
  double bestCost = 1e300;
  for (int c = 2; c <= 16; c++) {
    int nWindows = maxBits / c + 1;
    double adds = 0;
    for (int b = 1; b <= maxBits; b++) adds += (double)hist[b] * ((b + c - 1) / c);
    double cost = adds + 1.5 * 2.0 * nWindows * (double)(1u << (c - 1));
    if (cost < bestCost) {
      bestCost = cost;
      best = MsmPlan{c, nWindows};
    }
  }
  return best;
}

template <class F>
static Jacobian<F> msmChunk(const Affine<F>* points, const uint64_t* scalars, size_t n) {
  typedef Jacobian<F> J;
  MsmPlan plan = planMsm(scalars, n);
  if (plan.c == 0) return J::infinity();
  const int c = plan.c, nW = plan.nWindows;
  const int half = 1 << (c - 1);
  // signed digits, window-major: digit in (-2^(c-1), 2^(c-1)]
  std::vector<int32_t> digits((size_t)nW * n);
  for (size_t i = 0; i < n; i++) {
    const uint64_t* k = scalars + 4 * i;
    uint32_t carry = 0;
    for (int w = 0; w < nW; w++) {
      int32_t d = (int32_t)(bitsAt(k, w * c, c) + carry);
      if (d > half) {
        d -= (1 << c);
        carry = 1;
      } else {
        carry = 0;
      }
      digits[(size_t)w * n + i] = d;
    }
  }
  std::vector<J> buckets(half);
  J total = J::infinity();
  for (int w = nW - 1; w >= 0; w--) {
    for (int k = 0; k < c; k++) jdouble(total, total);
    for (int b = 0; b < half; b++) buckets[b] = J::infinity();
    const int32_t* dw = digits.data() + (size_t)w * n;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
      int32_t d = dw[i];
      if (d == 0) continue;
      const Affine<F>& p = points[i];
      if (p.isInfinity()) continue;
      any = true;
      if (d > 0) {
        jaddMixed(buckets[d - 1], buckets[d - 1], p);
      } else {
        Affine<F> np = aneg(p);
        jaddMixed(buckets[-d - 1], buckets[-d - 1], np);
      }
    }
    if (!any) continue;
    // sum_b (b + 1) * bucket[b] by running sums
    J running = J::infinity(), acc = J::infinity();
    for (int b = half - 1; b >= 0; b--) {
      jadd(running, running, buckets[b]);
      jadd(acc, acc, running);
    }
    jadd(total, total, acc);
  }
  return total;
}

// Splits the terms into nThreads contiguous chunks, one Pippenger per thread, and sums the results.
template <class F>
static Jacobian<F> msm(const Affine<F>* points, const uint64_t* scalars, size_t n, int nThreads) {
  typedef Jacobian<F> J;
  if (nThreads <= 1 || n < 4096) return msmChunk<F>(points, scalars, n);
  std::vector<J> parts(nThreads);
  std::vector<std::thread> threads;
  size_t per = (n + nThreads - 1) / nThreads;
  for (int t = 0; t < nThreads; t++) {
    size_t start = std::min(n, per * t), end = std::min(n, per * (t + 1));
    threads.emplace_back([&, t, start, end]() { parts[t] = msmChunk<F>(points + start, scalars + 4 * start, end - start); });
  }
  for (auto& th : threads) th.join();
  J r = J::infinity();
  for (auto& p : parts) jadd(r, r, p);
  return r;
}

}  // namespace DREX_NS
