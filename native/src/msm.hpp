// Multi-scalar multiplication sum_i k_i * P_i (Pippenger's bucket method with signed window digits).
// Points are affine (zkey layout), scalars plain little-endian 4 x 64-bit integers below r.
// Scalars of a circom witness are often 0, 1 or small: digits that are zero cost nothing, so a 1-bit scalar only
// costs one bucket addition; the window size is chosen from the actual bit-length histogram of the scalars.
#pragma once
#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <thread>
#include <vector>

#include "curve.hpp"
#include "field.hpp"

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
    double cost = adds + 4.0 * nWindows * (double)(1u << (c - 1));  // bucket add ~6M, reduction ~27M per bucket
    if (cost < bestCost) {
      bestCost = cost;
      best = MsmPlan{c, nWindows};
    }
  }
  return best;
}

// Affine bucket accumulation with batched inversions (Montgomery's trick): an affine + affine addition costs
// about 6 multiplications (3 for its share of the batch inversion, 1 for lambda, 1 square, 1 for y) against 11 for
// a mixed Jacobian addition. Additions into the same bucket cannot share a batch; they wait for the next one.
template <class F>
struct AffineBuckets {
  std::vector<Affine<F>> bucket;
  std::vector<uint8_t> filled;
  // overflow: Jacobian buckets for additions that would otherwise wait too long (many items in a few buckets, as
  // in the top window or for 0/1-heavy witnesses), and for the few still waiting at the end of the window
  std::vector<Jacobian<F>> jbucket;
  std::vector<uint8_t> jfilled;
  std::vector<uint32_t> stamp;  // batch id that holds the bucket (0 = none)
  uint32_t batchId = 1;
  struct Item {
    uint32_t bucket;
    uint32_t point;  // index, top bit = negate
  };
  std::vector<Item> pending, deferred, next;
  std::vector<F> den, prefix;
  const Affine<F>* points = nullptr;
  size_t batchSize;

  explicit AffineBuckets(size_t nBuckets, size_t batch)
      : bucket(nBuckets), filled(nBuckets), jbucket(nBuckets), jfilled(nBuckets), stamp(nBuckets), batchSize(batch) {
    pending.reserve(batch);
    den.resize(batch);
    prefix.resize(batch);
  }

  void reset() {
    std::fill(filled.begin(), filled.end(), 0);
    std::fill(jfilled.begin(), jfilled.end(), 0);
    std::fill(stamp.begin(), stamp.end(), 0);
    batchId = 1;
    deferred.clear();
  }

  DREX_INLINE Affine<F> pointOf(uint32_t p) const {
    Affine<F> a = points[p & 0x7fffffffu];
    if (p >> 31) F::neg(a.y, a.y);
    return a;
  }

  // bucket b += point, deferred (false) when the bucket is already in the current batch. Rare cases (equal x:
  // doubling or cancellation) are done at once with their own inversion.
  DREX_INLINE bool tryAdd(uint32_t b, uint32_t p) {
    if (stamp[b] == batchId) return false;
    if (!filled[b]) {
      bucket[b] = pointOf(p);
      filled[b] = 1;
      return true;
    }
    const Affine<F> q = pointOf(p);
    const Affine<F>& cur = bucket[b];
    if (cur.x == q.x) {
#ifdef DREX_MSM_STATS
      statEqual++;
#endif
      if (cur.y == q.y) {
        Jacobian<F> j{cur.x, cur.y, F::one()};
        jdouble(j, j);
        bucket[b] = toAffine(j);
        filled[b] = !j.isInfinity();
      } else {
        filled[b] = 0;
      }
      return true;
    }
    stamp[b] = batchId;
    pending.push_back(Item{b, p});
    return true;
  }

  DREX_INLINE void overflowAdd(uint32_t b, uint32_t p) {
    const Affine<F> q = pointOf(p);
    if (!jfilled[b]) {
      jbucket[b] = Jacobian<F>::fromAffine(q);
      jfilled[b] = 1;
    } else {
      jaddMixed(jbucket[b], jbucket[b], q);
    }
  }

  DREX_INLINE void add(uint32_t b, uint32_t p) {
    if (!tryAdd(b, p)) {
      if (deferred.size() < batchSize / 2) deferred.push_back(Item{b, p});
      else overflowAdd(b, p);
    }
    if (pending.size() == batchSize) {
      flush();
      retry();
    }
  }

  // after a flush every bucket is free again: the deferred items go into the next batch
  void retry() {
    next.clear();
    next.swap(deferred);
    for (const Item& it : next) {
      if (!tryAdd(it.bucket, it.point)) deferred.push_back(it);
      if (pending.size() == batchSize) flush();
    }
  }

  size_t statFlush = 0, statItems = 0, statEqual = 0, statDeferred = 0;
  void flush() {
    const size_t m = pending.size();
#ifdef DREX_MSM_STATS
    statFlush++; statItems += m;
#endif
    if (m == 0) {
      batchId++;
      return;
    }
    F acc = F::one();
    for (size_t i = 0; i < m; i++) {
      const Affine<F>& q = points[pending[i].point & 0x7fffffffu];
      F::sub(den[i], q.x, bucket[pending[i].bucket].x);
      prefix[i] = acc;
      F::mul(acc, acc, den[i]);
    }
    F inv = finv(acc);
    for (size_t i = m; i-- > 0;) {
      F dinv, lambda, x3, y3, t;
      F::mul(dinv, inv, prefix[i]);
      F::mul(inv, inv, den[i]);
      Affine<F>& cur = bucket[pending[i].bucket];
      const Affine<F> q = pointOf(pending[i].point);
      F::sub(t, q.y, cur.y);
      F::mul(lambda, t, dinv);
      F::sqr(x3, lambda);
      F::sub(x3, x3, cur.x);
      F::sub(x3, x3, q.x);
      F::sub(t, cur.x, x3);
      F::mul(y3, lambda, t);
      F::sub(y3, y3, cur.y);
      cur.x = x3;
      cur.y = y3;
    }
    pending.clear();
    batchId++;
  }

  // end of a window: batches while they are worth an inversion; the few items left stay in `deferred` and are
  // added during the bucket reduction (Jacobian mixed additions)
  void finish() {
    flush();
    retry();
    flush();
#ifdef DREX_MSM_STATS
    statDeferred += deferred.size();
#endif
    for (const Item& it : deferred) overflowAdd(it.bucket, it.point);
    deferred.clear();
  }
};

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
  AffineBuckets<F> B(half, std::min<size_t>(2048, std::max<size_t>(64, (size_t)half / 2)));
  B.points = points;
  J total = J::infinity();
  for (int w = nW - 1; w >= 0; w--) {
    for (int k = 0; k < c; k++) jdouble(total, total);
    B.reset();
    const int32_t* dw = digits.data() + (size_t)w * n;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
      int32_t d = dw[i];
      if (d == 0 || points[i].isInfinity()) continue;
      any = true;
      if (d > 0) B.add((uint32_t)(d - 1), (uint32_t)i);
      else B.add((uint32_t)(-d - 1), (uint32_t)i | 0x80000000u);
    }
    if (!any) continue;
    B.finish();
    // sum_b (b + 1) * bucket[b] by running sums
    J running = J::infinity(), acc = J::infinity();
    for (int b = half - 1; b >= 0; b--) {
      if (B.filled[b]) jaddMixed(running, running, B.bucket[b]);
      if (B.jfilled[b]) jadd(running, running, B.jbucket[b]);
      jadd(acc, acc, running);
    }
    jadd(total, total, acc);
  }
#ifdef DREX_MSM_STATS
  fprintf(stderr, "msm n=%zu c=%d windows=%d flushes=%zu items=%zu equal=%zu leftover=%zu\n", n, c, nW, B.statFlush, B.statItems, B.statEqual, B.statDeferred);
#endif
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
