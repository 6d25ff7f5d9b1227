// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {P256} from "@openzeppelin/contracts/utils/cryptography/P256.sol";

/**
 * @title P256Signature
 * @notice ECDSA P-256 verification through OpenZeppelin's {P256} (RIP-7212 precompile when the chain has one,
 *         Solidity otherwise — the Drex pilot has none).
 * @dev OpenZeppelin refuses high-s signatures (s > n/2) to prevent malleability. Intel's signers do not normalise
 *      s, and (r, n − s) is the same signature's other valid form (SEC 1 §4.1.4), so s is normalised here. Quotes
 *      are not identified by their signature bytes anywhere in this suite, so malleability is harmless.
 */
library P256Signature {
    /// @dev Order n of the P-256 group (SEC 2 §2.4.2).
    uint256 private constant N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551;
    uint256 private constant HALF_N = N / 2;

    /// @notice True when (r, s) is a valid signature of digest `h` by public key (x, y); false otherwise.
    function verify(bytes32 h, bytes32 r, bytes32 s, bytes32 x, bytes32 y) internal view returns (bool) {
        uint256 sv = uint256(s);
        if (sv > HALF_N && sv < N) s = bytes32(N - sv);
        return P256.verify(h, r, s, x, y);
    }
}
