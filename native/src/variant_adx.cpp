// Variant of the prover whose field multiplication uses MULX/ADCX/ADOX (inline assembly; no compiler flags
// needed). Selected at run time only when CPUID reports BMI2 and ADX (cpuHasAdx).
#if defined(__x86_64__)
#define DREX_NS drex_adx
#define DREX_ADX 1
#define DREX_BACKEND_FN drexapi::backendAdx
#define DREX_BACKEND_NAME "x86-64-adx"
#include "groth16.inc"

#include <cpuid.h>
bool drexapi::cpuHasAdx() {
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & (1u << 8)) && (b & (1u << 19));  // BMI2, ADX
}
#else
#include "api.hpp"
const drexapi::Backend* drexapi::backendAdx() { return nullptr; }
bool drexapi::cpuHasAdx() { return false; }
#endif
