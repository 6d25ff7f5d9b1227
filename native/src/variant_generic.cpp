// Portable variant of the prover: field multiplication in C++ (unsigned __int128).
#define DREX_NS drex_generic
#define DREX_BACKEND_FN drexapi::backendGeneric
#define DREX_BACKEND_NAME "generic"
#include "groth16.inc"
