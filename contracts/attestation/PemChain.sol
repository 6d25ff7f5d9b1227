// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base64} from "solady/src/utils/Base64.sol";

/// @notice The PEM text has a byte outside a certificate block that is not whitespace or NUL, at offset `found`.
error PemChainUnexpectedByte(uint256 found, uint256 expected);
/// @notice A certificate block has no END line, or its base64 body is not valid base64 (offset `found`).
error PemChainBlockInvalid(uint256 found, uint256 expected);
/// @notice The chain holds more certificates than the verifier accepts.
error PemChainTooLong(uint256 found, uint256 expected);

/**
 * @title PemChain
 * @notice Splits certification data type 5 (RFC 7468 PEM, "-----BEGIN CERTIFICATE-----" blocks) into DER
 *         certificates. Whitespace and NUL bytes between blocks are allowed (Intel's quote generator ends the
 *         chain with "\n\0"); anything else reverts. Base64 bodies must be a multiple of 4 characters; the alphabet
 *         is not validated (see {_body}).
 */
library PemChain {
    uint256 internal constant MAX_CERTIFICATES = 4;
    bytes32 private constant BEGIN = "-----BEGIN CERTIFICATE-----"; // 27 bytes
    bytes32 private constant END = "-----END CERTIFICATE-----"; // 25 bytes

    function split(bytes memory pem) internal pure returns (bytes[] memory ders) {
        ders = new bytes[](MAX_CERTIFICATES);
        uint256 count;
        uint256 i;
        uint256 len = pem.length;
        while (i < len) {
            uint8 c = uint8(pem[i]);
            if (c == 0x0a || c == 0x0d || c == 0x20 || c == 0x09 || c == 0x00) {
                ++i;
                continue;
            }
            if (i + 27 > len || !_startsWith(pem, i, BEGIN, 27)) revert PemChainUnexpectedByte(i, 0);
            if (count == MAX_CERTIFICATES) revert PemChainTooLong(count + 1, MAX_CERTIFICATES);
            (bytes memory b64, uint256 after_) = _body(pem, i + 27);
            ders[count++] = Base64.decode(string(b64));
            i = after_;
        }
        assembly ("memory-safe") {
            mstore(ders, count)
        }
    }

    /// @dev Collects the base64 characters from `from` up to the END line (newlines, CR and spaces dropped);
    ///      returns them and the offset after the END line. Fast path: a standard 64-character line followed by
    ///      '\n' is copied with two word moves once a SWAR test shows it holds no '-', '\n', '\r' or ' '.
    ///      The alphabet is not validated: a non-base64 character only garbles the decoded DER, which then fails
    ///      DER parsing, the certificate hash comparison or the signature check — each a named error.
    function _body(bytes memory pem, uint256 from) private pure returns (bytes memory out, uint256 after_) {
        uint256 len = pem.length;
        out = new bytes(len - from + 64);
        uint256 n;
        uint256 endAt = type(uint256).max;
        assembly ("memory-safe") {
            // True when some byte of `w` equals the byte repeated in `pattern` (SWAR "has zero byte" test).
            function hasByte(w, pattern) -> r {
                let x := xor(w, pattern)
                r := and(and(sub(x, 0x0101010101010101010101010101010101010101010101010101010101010101), not(x)),
                         0x8080808080808080808080808080808080808080808080808080808080808080)
            }
            let src := add(pem, 0x20)
            let dst := add(out, 0x20)
            let i := from
            for {} lt(i, len) {} {
                if lt(add(i, 64), len) {
                    if eq(byte(0, mload(add(src, add(i, 64)))), 0x0a) {
                        let w1 := mload(add(src, i))
                        let w2 := mload(add(src, add(i, 32)))
                        let bad := or(or(hasByte(w1, 0x2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d),
                                         hasByte(w2, 0x2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d)),
                                      or(or(hasByte(w1, 0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a),
                                            hasByte(w2, 0x0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a)),
                                         or(or(hasByte(w1, 0x0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d),
                                               hasByte(w2, 0x0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d)),
                                            or(hasByte(w1, 0x2020202020202020202020202020202020202020202020202020202020202020),
                                               hasByte(w2, 0x2020202020202020202020202020202020202020202020202020202020202020)))))
                        if iszero(bad) {
                            mstore(add(dst, n), w1)
                            mstore(add(dst, add(n, 32)), w2)
                            n := add(n, 64)
                            i := add(i, 65)
                            continue
                        }
                    }
                }
                let c := byte(0, mload(add(src, i)))
                if eq(c, 0x2d) { endAt := i break } // '-': start of the END line
                if iszero(or(or(eq(c, 0x0a), eq(c, 0x0d)), eq(c, 0x20))) {
                    mstore8(add(dst, n), c)
                    n := add(n, 1)
                }
                i := add(i, 1)
            }
            mstore(out, n)
        }
        if (endAt == type(uint256).max || n == 0 || n % 4 != 0) {
            revert PemChainBlockInvalid(endAt == type(uint256).max ? len : endAt, from);
        }
        if (endAt + 25 > len || !_startsWith(pem, endAt, END, 25)) revert PemChainBlockInvalid(endAt, from);
        after_ = endAt + 25;
    }

    function _startsWith(bytes memory data, uint256 at, bytes32 prefix, uint256 n) private pure returns (bool eq_) {
        bytes32 w;
        assembly ("memory-safe") {
            w := mload(add(add(data, 0x20), at))
        }
        uint256 mask = type(uint256).max << (8 * (32 - n));
        eq_ = (uint256(w) & mask) == (uint256(prefix) & mask);
    }
}
