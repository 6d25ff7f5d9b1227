// snarkjs Groth16 zkey / wtns readers and the prover.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "api.hpp"
#include "curve.hpp"

namespace DREX_NS {

using drexapi::FormatError;
using drexapi::ProofOut;

struct Coef {
  uint32_t constraint;
  uint32_t signal;
  Fr value;  // value * R^2 mod r as snarkjs stores it (so that mont(value, plain witness) = mont form of the product)
};

struct Zkey {
  std::string path;
  uint32_t nVars = 0, nPublic = 0, domainSize = 0;
  int power = 0;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  std::vector<Coef> coefsA, coefsB;
  std::vector<G1Affine> A, B1, C, H;
  std::vector<G2Affine> B2;
  // domain: twiddles w^i and w^-i (i < n/2), coset factors inc^i / n (i < n), inc = primitive 2n-th root
  std::vector<Fr> tw, twInv, cosetScaled;
};

struct Witness {
  uint32_t nWitness = 0;
  std::vector<uint64_t> values;  // plain little-endian, 4 limbs per element
};

// Reads and validates a zkey file. Throws FormatError.
std::shared_ptr<Zkey> loadZkey(const std::string& path);
// Same, through a process-wide cache keyed by path, size and modification time (shared by all worker threads).
std::shared_ptr<Zkey> cachedZkey(const std::string& path);
// Parses a wtns file image. Throws FormatError.
Witness parseWtns(const uint8_t* data, size_t len);

// r, s: plain scalars below r; nullptr draws them from the OS CSPRNG.
ProofOut prove(const Zkey& zk, const Witness& w, int nThreads, const uint64_t* rIn = nullptr, const uint64_t* sIn = nullptr);

// Primitive 2^k-th root of unity as snarkjs/ffjavascript picks it (smallest non-residue 5, w_28 = 5^((r-1)/2^28)).
Fr rootOfUnity(int k);
void ntt(Fr* a, size_t n, const Fr* tw);
void randomScalar(uint64_t* out);

}  // namespace DREX_NS
