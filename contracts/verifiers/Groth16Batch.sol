// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregateVerifier} from "./IAggregateVerifier.sol";

/**
 * @dev Randomised batch verification of n Groth16 proofs (BN254) that share one verifying key.
 *
 * A single proof (A, B, C) with public inputs x_1..x_K verifies iff
 *     e(A, B) = e(α, β) · e(vk_x, γ) · e(C, δ),   vk_x = IC_0 + Σ_j x_j·IC_j.
 * For n proofs we draw scalars r_i and check the one product
 *     Π_i e(r_i·A_i, B_i) · e((Σ r_i)·α, −β) · e(Σ_i r_i·vk_x_i, −γ) · e(Σ_i r_i·C_i, −δ) = 1
 * with n + 3 pairs in ONE call to the pairing precompile (0x08). If any single equation fails, the product is 1
 * only for a negligible fraction of scalar vectors (≤ 1/r per failing proof, r ≈ 2^254), so the r_i must be
 * unpredictable to whoever made the proofs: they are derived by Fiat–Shamir from every proof and every input,
 *     seed = keccak256(proofs[0] ‖ … ‖ proofs[n−1] ‖ publicInputs),   r_i = keccak256(seed ‖ i) mod r  (0 ↦ 1),
 * each word 32 bytes big-endian (exactly the calldata words). {transcriptSeed} and {scalarAt} are the only
 * derivation; plugin/verifier/fiat-shamir.ts mirrors them.
 *
 * Costs: Σ_i r_i·vk_x_i is computed as (Σ_i r_i)·IC_0 + Σ_j (Σ_i r_i·x_ij)·IC_j, i.e. the public inputs are folded
 * with `mulmod` and cost K + 1 ecMuls per batch, not per proof. Per proof: 2 ecMul (r·A, r·C) + 1 ecAdd + 1 pair.
 * The negated G2 points −β, −γ, −δ are precomputed in the key, so no runtime negation is needed.
 *
 * Key layout (flat `uint256[]` in memory, G2 in EIP-197 order [x.c1, x.c0, y.c1, y.c0]):
 *     [0..2)  α (G1)   [2..6) −β (G2)   [6..10) −γ (G2)   [10..14) −δ (G2)   [14..14+2(K+1)) IC_0..IC_K (G1)
 *
 * NOTE: the pairing call forwards exactly the EIP-1108 price (45,000 + 34,000 per pair; Istanbul and later, which
 * includes the Shanghai EVM of the Drex pilot), so that a failing call does not burn the caller's gas and the
 * failing proof can still be named.
 */
library Groth16Batch {
    /// @dev BN254 base field modulus q (EIP-196); every coordinate must be below it.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @dev BN254 scalar field order r (order of G1 and G2); every public input and scalar is below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev Word offsets inside the flat key (see the layout above).
    uint256 internal constant KEY_ALPHA1 = 0;
    uint256 internal constant KEY_NEG_BETA2 = 2;
    uint256 internal constant KEY_NEG_GAMMA2 = 6;
    uint256 internal constant KEY_NEG_DELTA2 = 10;
    uint256 internal constant KEY_IC = 14;

    /// @dev EIP-1108 pairing price: 45,000 + 34,000 per pair.
    uint256 private constant _PAIRING_BASE_GAS = 45_000;
    uint256 private constant _PAIRING_PAIR_GAS = 34_000;
    /// @dev Gas kept back when diagnosing a failed pairing call: one single-pair call plus the 1/64 EIP-150 rule.
    uint256 private constant _DIAGNOSE_MIN_GAS = 82_000;

    /**
     * @dev Number of public inputs K of a flat key: (length − 14) / 2 − 1. The key must have been built by
     * {AggregateVerifier}'s constructor (length ≥ 16 and even).
     */
    function publicInputCount(uint256[] memory key) internal pure returns (uint256) {
        return (key.length - KEY_IC) / 2 - 1;
    }

    /**
     * @dev Fiat–Shamir seed: keccak256 of all proof words followed by all public-input words, 32 bytes each.
     * Uses memory past the free memory pointer as scratch.
     */
    function transcriptSeed(uint256[8][] calldata proofs, uint256[] calldata publicInputs)
        internal
        pure
        returns (bytes32 seed)
    {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            // uint256[8][] calldata is n contiguous 256-byte proofs starting at proofs.offset.
            let proofBytes := shl(8, proofs.length)
            calldatacopy(ptr, proofs.offset, proofBytes)
            let inputBytes := shl(5, publicInputs.length)
            calldatacopy(add(ptr, proofBytes), publicInputs.offset, inputBytes)
            seed := keccak256(ptr, add(proofBytes, inputBytes))
        }
    }

    /// @dev Scalar r_i = keccak256(seed ‖ i) mod r, replaced by 1 in the (probability 2^-254) case it is 0.
    function scalarAt(bytes32 seed, uint256 i) internal pure returns (uint256 r) {
        assembly ("memory-safe") {
            // Scratch space 0x00..0x40 holds (seed, i).
            mstore(0x00, seed)
            mstore(0x20, i)
            r := mod(keccak256(0x00, 0x40), R)
            if iszero(r) { r := 1 }
        }
    }

    /**
     * @dev Verifies the batch against `key` (layout above). Reverts with an {IAggregateVerifier} error on malformed
     * input; returns false when the batch is well-formed but does not verify.
     */
    function verify(uint256[] memory key, uint256[8][] calldata proofs, uint256[] calldata publicInputs)
        internal
        view
        returns (bool)
    {
        uint256 n = proofs.length;
        if (n == 0) revert IAggregateVerifier.AggregateVerifierEmptyBatch();
        uint256 k = publicInputCount(key);
        if (publicInputs.length != n * k) {
            revert IAggregateVerifier.AggregateVerifierInputCountMismatch(publicInputs.length, n * k);
        }
        _checkEncoding(proofs, publicInputs, k);

        bytes32 seed = transcriptSeed(proofs, publicInputs);

        // Memory: `buf` holds the n + 3 pairing pairs of 192 bytes (G1 64 ‖ G2 128); `acc` the K folded inputs
        // Σ_i r_i·x_ij. Pairs n+1 and n+2 double as 5-word ecMul/ecAdd accumulators before their G2 is written.
        uint256 buf;
        uint256 acc;
        assembly ("memory-safe") {
            buf := mload(0x40)
            acc := add(buf, mul(add(n, 3), 0xc0))
            let end := add(acc, shl(5, k))
            mstore(0x40, end)
            // Zero what is read before it is written: the input accumulators and the Σ r_i·C_i accumulator.
            for { let p := acc } lt(p, end) { p := add(p, 0x20) } { mstore(p, 0) }
            let cAcc := add(buf, mul(add(n, 2), 0xc0))
            mstore(cAcc, 0)
            mstore(add(cAcc, 0x20), 0)
        }

        (uint256 sumR, bool ok) = _foldProofs(seed, buf, k, proofs, publicInputs);
        if (!ok) revert IAggregateVerifier.AggregateVerifierPrecompileFailed(address(0x07));
        _appendKeyPairs(key, buf, acc, n, k, sumR);

        bool pairingIsOne;
        (ok, pairingIsOne) = _pairing(buf, n + 3);
        if (!ok) _diagnosePairingFailure(proofs);
        return pairingIsOne;
    }

    /**
     * @dev Range and curve checks on the raw calldata, in this order: for each proof, its coordinates < q, then A and
     * C on y² = x³ + 3 (which also rejects the encoding (0, 0) of infinity); then every public input < r. The first
     * failure reverts, naming proof and coordinate/input. B is checked by the pairing precompile.
     */
    function _checkEncoding(uint256[8][] calldata proofs, uint256[] calldata publicInputs, uint256 k) private pure {
        bytes4 coordinateError = IAggregateVerifier.AggregateVerifierCoordinateNotInField.selector;
        bytes4 curveError = IAggregateVerifier.AggregateVerifierPointNotOnCurve.selector;
        bytes4 inputError = IAggregateVerifier.AggregateVerifierInputNotInField.selector;
        assembly ("memory-safe") {
            // Reverts with error(a, b, c) encoded in scratch memory (it never returns).
            function fail(selector, a, b, c, words) {
                mstore(0x00, selector)
                mstore(0x04, a)
                mstore(0x24, b)
                mstore(0x44, c)
                revert(0x00, add(4, shl(5, words)))
            }
            function onCurve(x, y, q) -> yes {
                yes := eq(mulmod(y, y, q), addmod(mulmod(x, mulmod(x, x, q), q), 3, q))
            }
            // The moduli as locals: the optimizer would otherwise re-load each 32-byte constant with CODECOPY.
            let q := Q
            let rMod := R
            let n := proofs.length
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let p := add(proofs.offset, shl(8, i))
                // Fast path, unrolled: all eight coordinates < q (a loop costs ~5x more gas per word).
                let inField := lt(calldataload(p), q)
                inField := and(inField, lt(calldataload(add(p, 0x20)), q))
                inField := and(inField, lt(calldataload(add(p, 0x40)), q))
                inField := and(inField, lt(calldataload(add(p, 0x60)), q))
                inField := and(inField, lt(calldataload(add(p, 0x80)), q))
                inField := and(inField, lt(calldataload(add(p, 0xa0)), q))
                inField := and(inField, lt(calldataload(add(p, 0xc0)), q))
                inField := and(inField, lt(calldataload(add(p, 0xe0)), q))
                if iszero(inField) {
                    // Slow path, only when reverting: name the first coordinate >= q.
                    for { let j := 0 } lt(j, 8) { j := add(j, 1) } {
                        let v := calldataload(add(p, shl(5, j)))
                        if iszero(lt(v, q)) { fail(coordinateError, i, j, v, 3) }
                    }
                }
                if iszero(onCurve(calldataload(p), calldataload(add(p, 0x20)), q)) { fail(curveError, i, 0, 0, 2) }
                if iszero(onCurve(calldataload(add(p, 0xc0)), calldataload(add(p, 0xe0)), q)) {
                    fail(curveError, i, 2, 0, 2)
                }
            }
            // Public inputs, all n·K words in one flat pass; on failure name the first one >= r.
            let inputsEnd := add(publicInputs.offset, shl(5, publicInputs.length))
            let inField := 1
            for { let ptr := publicInputs.offset } lt(ptr, inputsEnd) { ptr := add(ptr, 0x20) } {
                inField := and(inField, lt(calldataload(ptr), rMod))
            }
            if iszero(inField) {
                for { let idx := 0 } lt(idx, publicInputs.length) { idx := add(idx, 1) } {
                    let v := calldataload(add(publicInputs.offset, shl(5, idx)))
                    // k > 0 here: with k = 0 there are no inputs and this loop does not run.
                    if iszero(lt(v, rMod)) { fail(inputError, div(idx, k), mod(idx, k), v, 3) }
                }
            }
        }
    }

    /**
     * @dev For each proof i: writes pair i = (r_i·A_i, B_i), adds r_i·C_i into the accumulator in pair n+2 and
     * r_i·x_ij into acc[j]. Returns Σ r_i mod r and whether every ecMul/ecAdd call succeeded (they cannot fail on
     * the points {_checkEncoding} accepted; a failure means a broken precompile).
     */
    function _foldProofs(
        bytes32 seed,
        uint256 buf,
        uint256 k,
        uint256[8][] calldata proofs,
        uint256[] calldata publicInputs
    ) private view returns (uint256 sumR, bool allOk) {
        uint256 n = proofs.length;
        allOk = true;
        for (uint256 i = 0; i < n; ) {
            uint256 r = scalarAt(seed, i);
            assembly ("memory-safe") {
                let rMod := R // one CODECOPY per proof instead of one per use
                sumR := addmod(sumR, r, rMod)
                let p := add(proofs.offset, shl(8, i))
                // (Blocks below scope their locals to stay within the EVM's 16 reachable stack slots.)
                {
                    let pair := add(buf, mul(i, 0xc0))
                    // ecMul input (A.x, A.y, r) at pair[0..0x60); output r·A overwrites pair[0..0x40).
                    calldatacopy(pair, p, 0x40)
                    mstore(add(pair, 0x40), r)
                    allOk := and(allOk, staticcall(gas(), 0x07, pair, 0x60, pair, 0x40))
                    // B_i (EIP-197 order, 128 bytes) goes right after: pair[0x40..0xc0).
                    calldatacopy(add(pair, 0x40), add(p, 0x40), 0x80)
                }
                {
                    // C accumulator (pair n+2): [acc.x, acc.y, C.x, C.y, r] → ecMul into words 2..3, then ecAdd
                    // into words 0..1 (two statements: Yul evaluates call arguments right to left).
                    let cAcc := add(buf, mul(add(n, 2), 0xc0))
                    calldatacopy(add(cAcc, 0x40), add(p, 0xc0), 0x40)
                    mstore(add(cAcc, 0x80), r)
                    allOk := and(allOk, staticcall(gas(), 0x07, add(cAcc, 0x40), 0x60, add(cAcc, 0x40), 0x40))
                    allOk := and(allOk, staticcall(gas(), 0x06, cAcc, 0x80, cAcc, 0x40))
                }
                {
                    // Fold the public inputs: acc[j] += r·x_ij (mod r); acc sits right after the n + 3 pairs.
                    let x := add(publicInputs.offset, shl(5, mul(i, k)))
                    let a := add(buf, mul(add(n, 3), 0xc0))
                    for { let accEnd := add(a, shl(5, k)) } lt(a, accEnd) { a := add(a, 0x20) } {
                        mstore(a, addmod(mload(a), mulmod(r, calldataload(x), rMod), rMod))
                        x := add(x, 0x20)
                    }
                }
            }
            unchecked {
                ++i; // i < n ≤ calldata size, cannot overflow
            }
        }
    }

    /**
     * @dev Writes pairs n ((Σr)·α, −β), n+1 ((Σr)·IC_0 + Σ_j acc[j]·IC_{j+1}, −γ) and completes n+2 (Σ r·C, −δ).
     */
    function _appendKeyPairs(uint256[] memory key, uint256 buf, uint256 acc, uint256 n, uint256 k, uint256 sumR)
        private
        view
    {
        bytes4 precompileError = IAggregateVerifier.AggregateVerifierPrecompileFailed.selector;
        assembly ("memory-safe") {
            let kw := add(key, 0x20) // first key word
            let ok := 1
            // Pair n: (Σr)·α, then −β.
            let pair := add(buf, mul(n, 0xc0))
            mstore(pair, mload(add(kw, shl(5, KEY_ALPHA1))))
            mstore(add(pair, 0x20), mload(add(kw, shl(5, add(KEY_ALPHA1, 1)))))
            mstore(add(pair, 0x40), sumR)
            ok := and(ok, staticcall(gas(), 0x07, pair, 0x60, pair, 0x40))
            mcopy4(add(pair, 0x40), add(kw, shl(5, KEY_NEG_BETA2)))

            // Pair n+1 as accumulator [acc.x, acc.y, P.x, P.y, s]: start with (Σr)·IC_0 ...
            pair := add(pair, 0xc0)
            let ic := add(kw, shl(5, KEY_IC))
            mstore(pair, mload(ic))
            mstore(add(pair, 0x20), mload(add(ic, 0x20)))
            mstore(add(pair, 0x40), sumR)
            ok := and(ok, staticcall(gas(), 0x07, pair, 0x60, pair, 0x40))
            // ... then add (Σ_i r_i·x_ij)·IC_{j+1} for each input j: K ecMuls + K ecAdds for the whole batch.
            for { let j := 0 } lt(j, k) { j := add(j, 1) } {
                let point := add(ic, shl(6, add(j, 1)))
                mstore(add(pair, 0x40), mload(point))
                mstore(add(pair, 0x60), mload(add(point, 0x20)))
                mstore(add(pair, 0x80), mload(add(acc, shl(5, j))))
                ok := and(ok, staticcall(gas(), 0x07, add(pair, 0x40), 0x60, add(pair, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), 0x06, pair, 0x80, pair, 0x40))
            }
            mcopy4(add(pair, 0x40), add(kw, shl(5, KEY_NEG_GAMMA2)))

            // Pair n+2: Σ r_i·C_i is already in place; append −δ.
            pair := add(pair, 0xc0)
            mcopy4(add(pair, 0x40), add(kw, shl(5, KEY_NEG_DELTA2)))

            if iszero(ok) {
                mstore(0x00, precompileError)
                mstore(0x04, 0x07)
                revert(0x00, 0x24)
            }

            // Copies 4 words (a G2 point); MCOPY is Cancun-only, so word by word on Shanghai.
            function mcopy4(dst, src) {
                mstore(dst, mload(src))
                mstore(add(dst, 0x20), mload(add(src, 0x20)))
                mstore(add(dst, 0x40), mload(add(src, 0x40)))
                mstore(add(dst, 0x60), mload(add(src, 0x60)))
            }
        }
    }

    /// @dev One call to the pairing precompile over `pairs` pairs at `buf`, forwarding exactly its EIP-1108 price.
    function _pairing(uint256 buf, uint256 pairs) private view returns (bool ok, bool isOne) {
        uint256 pairingGas = _PAIRING_BASE_GAS + _PAIRING_PAIR_GAS * pairs;
        assembly ("memory-safe") {
            ok := staticcall(pairingGas, 0x08, buf, mul(pairs, 0xc0), 0x00, 0x20)
            isOne := and(ok, eq(mload(0x00), 1))
        }
    }

    /**
     * @dev Only runs after the batch pairing call failed. A and C were checked and the key points are validated at
     * deployment, so the cause is a G2 point B_i off the twist or outside the subgroup (or too little gas): find the
     * first such proof with one single-pair call e(G1, B_i) each and revert naming it.
     */
    function _diagnosePairingFailure(uint256[8][] calldata proofs) private view {
        bytes4 curveError = IAggregateVerifier.AggregateVerifierPointNotOnCurve.selector;
        bytes4 precompileError = IAggregateVerifier.AggregateVerifierPrecompileFailed.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            // G1 generator (1, 2): any valid G1 point works, the result is ignored, only success matters.
            mstore(m, 1)
            mstore(add(m, 0x20), 2)
            for { let i := 0 } lt(i, proofs.length) { i := add(i, 1) } {
                // Not enough gas left to tell a bad point from an out-of-gas call: report the precompile.
                if lt(gas(), _DIAGNOSE_MIN_GAS) { break }
                calldatacopy(add(m, 0x40), add(add(proofs.offset, shl(8, i)), 0x40), 0x80)
                if iszero(staticcall(add(_PAIRING_BASE_GAS, _PAIRING_PAIR_GAS), 0x08, m, 0xc0, 0x00, 0x20)) {
                    mstore(0x00, curveError)
                    mstore(0x04, i)
                    mstore(0x24, 1)
                    revert(0x00, 0x44)
                }
            }
            mstore(0x00, precompileError)
            mstore(0x04, 0x08)
            revert(0x00, 0x24)
        }
    }
}
