// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Base64} from "solady/src/utils/Base64.sol";

/// @notice The PEM text has a byte outside a certificate block that is not whitespace or NUL, at offset `found`.
error PemChainUnexpectedByte(uint256 found, uint256 expected);
/// @notice A certificate block has no END line, or its base64 body is not a multiple of 4 characters (offset `found`).
error PemChainBlockInvalid(uint256 found, uint256 expected);
/// @notice The chain holds more certificates than the verifier accepts.
error PemChainTooLong(uint256 found, uint256 expected);

/**
 * @title PemChain
 * @notice Locates and decodes the certificates of certification data type 5 (RFC 7468 PEM,
 *         "-----BEGIN CERTIFICATE-----" blocks). Whitespace and NUL bytes between blocks are allowed (Intel's quote
 *         generator ends the chain with "\n\0"); anything else reverts.
 * @dev A block's *body* is the text between "-----BEGIN CERTIFICATE-----" and "-----END CERTIFICATE-----". For
 *      certificates already verified on-chain, the verifier compares keccak256 of the raw body with the hash of
 *      its canonical form ({canonicalBody}: "\n", base64 in 64-character lines each ending "\n"), which costs a
 *      hash instead of a base64 decode; any other formatting falls back to {decode}. The base64 alphabet is not
 *      validated: a non-base64 character only garbles the decoded DER, which then fails DER parsing, the
 *      certificate hash comparison or the signature check — each a named error.
 */
library PemChain {
    uint256 internal constant MAX_CERTIFICATES = 4;
    bytes32 private constant BEGIN = "-----BEGIN CERTIFICATE-----"; // 27 bytes
    bytes32 private constant END = "-----END CERTIFICATE-----"; // 25 bytes
    uint256 private constant ONES = 0x0101010101010101010101010101010101010101010101010101010101010101;
    uint256 private constant HIGHS = 0x8080808080808080808080808080808080808080808080808080808080808080;

    struct Block {
        uint256 start; // first body byte (after BEGIN)
        uint256 end; // first byte of the END line
    }

    /// @notice The blocks of `pem`, in order (at most MAX_CERTIFICATES).
    function blocks(bytes memory pem) internal pure returns (Block[] memory found) {
        found = new Block[](MAX_CERTIFICATES);
        uint256 count;
        uint256 i;
        uint256 len = pem.length;
        while (i < len) {
            uint8 c = uint8(pem[i]);
            if (c == 0x0a || c == 0x0d || c == 0x20 || c == 0x09 || c == 0x00) {
                unchecked {
                    ++i;
                }
                continue;
            }
            if (i + 27 > len || !_startsWith(pem, i, BEGIN, 27)) revert PemChainUnexpectedByte(i, 0);
            if (count == MAX_CERTIFICATES) revert PemChainTooLong(count + 1, MAX_CERTIFICATES);
            uint256 start = i + 27;
            uint256 end = _findDash(pem, start);
            if (end + 25 > len || !_startsWith(pem, end, END, 25)) revert PemChainBlockInvalid(end, start);
            found[count++] = Block(start, end);
            i = end + 25;
        }
        assembly ("memory-safe") {
            mstore(found, count)
        }
    }

    /// @notice keccak256 of a block's raw body.
    function hashBody(bytes memory pem, Block memory b) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let s := mload(b)
            h := keccak256(add(add(pem, 0x20), s), sub(mload(add(b, 0x20)), s))
        }
    }

    /// @notice The DER certificate of a block: base64 characters collected (newlines, CR, spaces dropped), decoded.
    function decode(bytes memory pem, Block memory b) internal pure returns (bytes memory) {
        bytes memory b64 = _compact(pem, b.start, b.end);
        if (b64.length == 0 || b64.length % 4 != 0) revert PemChainBlockInvalid(b.end, b.start);
        return Base64.decode(string(b64));
    }

    /// @notice The canonical PEM body of a DER certificate: "\n" then base64 in lines of 64 characters, each "\n"-ended.
    function canonicalBody(bytes memory der) internal pure returns (bytes memory out) {
        bytes memory b64 = bytes(Base64.encode(der));
        uint256 lines = (b64.length + 63) / 64;
        out = new bytes(1 + b64.length + lines);
        out[0] = 0x0a;
        uint256 o = 1;
        for (uint256 i; i < b64.length; i += 64) {
            uint256 n = b64.length - i < 64 ? b64.length - i : 64;
            assembly ("memory-safe") {
                let src := add(add(b64, 0x20), i)
                let dst := add(add(out, 0x20), o)
                mstore(dst, mload(src))
                if gt(n, 32) { mstore(add(dst, 32), mload(add(src, 32))) }
            }
            o += n;
            out[o++] = 0x0a;
        }
    }

    /// @dev True when some byte of `w` equals the byte repeated in `pattern` (SWAR "has zero byte" test).
    function _has(uint256 w, uint256 pattern) private pure returns (bool r) {
        assembly {
            let x := xor(w, pattern)
            r := iszero(iszero(and(and(sub(x, ONES), not(x)), HIGHS)))
        }
    }

    /// @dev Offset of the first '-' at or after `from` (pem.length when none). Scans a word at a time.
    function _findDash(bytes memory pem, uint256 from) private pure returns (uint256 i) {
        uint256 len = pem.length;
        i = from;
        unchecked {
            while (i + 32 <= len) {
                uint256 w;
                assembly ("memory-safe") {
                    w := mload(add(add(pem, 0x20), i))
                }
                if (_has(w, 0x2d * ONES)) break;
                i += 32;
            }
            while (i < len && pem[i] != "-") ++i;
        }
    }

    /// @dev The bytes of [from, to) without '\n', '\r' and ' '. Fast path: a 64-character line followed by '\n'
    ///      is copied with two word moves once a SWAR test shows it holds none of those bytes.
    function _compact(bytes memory pem, uint256 from, uint256 to) private pure returns (bytes memory out) {
        out = new bytes(to - from + 64);
        uint256 n;
        assembly ("memory-safe") {
            function hasByte(w, pattern) -> r {
                let x := xor(w, pattern)
                r := and(and(sub(x, ONES), not(x)), HIGHS)
            }
            let src := add(pem, 0x20)
            let dst := add(out, 0x20)
            let i := from
            for {} lt(i, to) {} {
                if lt(add(i, 64), to) {
                    if eq(byte(0, mload(add(src, add(i, 64)))), 0x0a) {
                        let w1 := mload(add(src, i))
                        let w2 := mload(add(src, add(i, 32)))
                        let bad := or(or(or(hasByte(w1, mul(0x0a, ONES)), hasByte(w2, mul(0x0a, ONES))),
                                         or(hasByte(w1, mul(0x0d, ONES)), hasByte(w2, mul(0x0d, ONES)))),
                                      or(hasByte(w1, mul(0x20, ONES)), hasByte(w2, mul(0x20, ONES))))
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
                if iszero(or(or(eq(c, 0x0a), eq(c, 0x0d)), eq(c, 0x20))) {
                    mstore8(add(dst, n), c)
                    n := add(n, 1)
                }
                i := add(i, 1)
            }
            mstore(out, n)
        }
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
