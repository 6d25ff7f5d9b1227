// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A DER element was cut short: it needs `expected` bytes up to offset `expected` but the buffer ends at `found`.
error DerParserTruncated(uint256 found, uint256 expected);
/// @notice A DER element had another tag than the ASN.1 structure requires.
error DerParserTagMismatch(uint8 found, uint8 expected);
/// @notice A DER length used more than three length octets or the indefinite form (0x80), which DER forbids.
error DerParserLengthUnsupported(uint8 found, uint8 expected);
/// @notice A DER INTEGER did not fit the 32 bytes a uint256 holds.
error DerParserIntegerTooLong(uint256 found, uint256 expected);
/// @notice A DER time had another length than UTCTime (13) or GeneralizedTime (15) allow.
error DerParserTimeInvalid(uint256 found, uint256 expected);

/**
 * @title DerParser
 * @notice Minimal DER (ITU-T X.690 §10) walker over a `bytes` buffer: just what PCK certificates and CRLs need.
 * @dev A node is addressed by three offsets into the buffer: `start` (tag byte), `content` (first content
 *      byte) and `end` (one past the last content byte). Every read is bounds-checked against the enclosing end,
 *      so malformed input reverts with a named error and never reads past the buffer.
 */
library DerParser {
    struct Node {
        uint8 tag;
        uint256 start;
        uint256 content;
        uint256 end;
    }

    uint8 internal constant TAG_BOOLEAN = 0x01;
    uint8 internal constant TAG_INTEGER = 0x02;
    uint8 internal constant TAG_BIT_STRING = 0x03;
    uint8 internal constant TAG_OCTET_STRING = 0x04;
    uint8 internal constant TAG_OID = 0x06;
    uint8 internal constant TAG_ENUMERATED = 0x0a;
    uint8 internal constant TAG_UTC_TIME = 0x17;
    uint8 internal constant TAG_GENERALIZED_TIME = 0x18;
    uint8 internal constant TAG_SEQUENCE = 0x30;

    /// @dev Reads the node starting at `at`, which must end at or before `limit`.
    ///      Assembly: every offset is checked against `limit` (itself capped at der.length) before the read, so
    ///      the unchecked memory reads never leave the buffer; this is the parsers' hot path.
    function nodeAt(bytes memory der, uint256 at, uint256 limit) internal pure returns (Node memory n) {
        if (limit > der.length) limit = der.length;
        if (at + 2 > limit) revert DerParserTruncated(limit, at + 2);
        uint256 tag;
        uint256 first;
        uint256 len;
        uint256 content;
        assembly ("memory-safe") {
            let w := mload(add(add(der, 0x20), at))
            tag := byte(0, w)
            first := byte(1, w)
            content := add(at, 2)
            len := first
            if gt(first, 0x7f) {
                let octets := and(first, 0x7f)
                // 1 to 3 length octets; they sit in bytes 2..4 of the same word.
                len := shr(sub(256, mul(8, octets)), shl(16, w))
                content := add(content, octets)
            }
        }
        if (first > 0x7f) {
            uint256 octets = first & 0x7f;
            // DER forbids the indefinite form; three octets (16 MiB) exceed any quote.
            if (octets == 0 || octets > 3) revert DerParserLengthUnsupported(uint8(first), 0x83);
            if (content > limit) revert DerParserTruncated(limit, content);
        }
        if (content + len > limit) revert DerParserTruncated(limit, content + len);
        n.tag = uint8(tag);
        n.start = at;
        n.content = content;
        n.end = content + len;
    }

    /// @dev Like {nodeAt} but requires tag `tag`.
    function expect(bytes memory der, uint256 at, uint256 limit, uint8 tag) internal pure returns (Node memory n) {
        n = nodeAt(der, at, limit);
        if (n.tag != tag) revert DerParserTagMismatch(n.tag, tag);
    }

    /// @dev First child of a constructed node.
    function firstChild(bytes memory der, Node memory parent) internal pure returns (Node memory) {
        return nodeAt(der, parent.content, parent.end);
    }

    /// @dev The node after `n` inside `parent`.
    function next(bytes memory der, Node memory n, Node memory parent) internal pure returns (Node memory) {
        return nodeAt(der, n.end, parent.end);
    }

    /// @dev Content of an unsigned INTEGER as uint256 (a leading 0x00 sign octet is allowed).
    function readUint(bytes memory der, Node memory n) internal pure returns (uint256 v) {
        if (n.tag != TAG_INTEGER && n.tag != TAG_ENUMERATED) revert DerParserTagMismatch(n.tag, TAG_INTEGER);
        uint256 from = n.content;
        uint256 len = n.end - n.content;
        if (len > 32 && len == 33 && der[from] == 0) {
            from += 1;
            len = 32;
        }
        if (len > 32) revert DerParserIntegerTooLong(len, 32);
        for (uint256 i; i < len; ++i) v = (v << 8) | uint8(der[from + i]);
    }

    /// @dev keccak256 of the whole node (tag, length and content).
    function hashNode(bytes memory der, Node memory n) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let s := mload(add(n, 0x20))
            let e := mload(add(n, 0x60))
            h := keccak256(add(add(der, 0x20), s), sub(e, s))
        }
    }

    /// @dev keccak256 of the node's content only.
    function hashContent(bytes memory der, Node memory n) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let s := mload(add(n, 0x40))
            let e := mload(add(n, 0x60))
            h := keccak256(add(add(der, 0x20), s), sub(e, s))
        }
    }

    /// @dev Copy of bytes [from, to) of `der`.
    function slice(bytes memory der, uint256 from, uint256 to) internal pure returns (bytes memory out) {
        out = new bytes(to - from);
        for (uint256 i; i < out.length; i += 32) {
            bytes32 w;
            assembly ("memory-safe") {
                w := mload(add(add(der, 0x20), add(from, i)))
                mstore(add(add(out, 0x20), i), w)
            }
        }
        // The last word may have copied bytes beyond `to` into the free memory after `out`: harmless, the
        // free-memory pointer already sits past the rounded-up allocation of `new bytes`.
    }

    /// @dev Reads a 32-byte big-endian word at `at` (caller guarantees `at + 32 <= der.length`).
    function word(bytes memory der, uint256 at) internal pure returns (bytes32 w) {
        assembly ("memory-safe") {
            w := mload(add(add(der, 0x20), at))
        }
    }

    /// @dev UTCTime (YYMMDDHHMMSSZ, years 1950–2049 per RFC 5280 §4.1.2.5.1) or GeneralizedTime
    ///      (YYYYMMDDHHMMSSZ) to unix seconds.
    function readTime(bytes memory der, Node memory n) internal pure returns (uint64) {
        uint256 p = n.content;
        uint256 len = n.end - n.content;
        uint256 year;
        if (n.tag == TAG_UTC_TIME) {
            if (len != 13) revert DerParserTimeInvalid(len, 13);
            year = _digits(der, p, 2);
            year += year < 50 ? 2000 : 1900;
            p += 2;
        } else if (n.tag == TAG_GENERALIZED_TIME) {
            if (len != 15) revert DerParserTimeInvalid(len, 15);
            year = _digits(der, p, 4);
            p += 4;
        } else {
            revert DerParserTagMismatch(n.tag, TAG_UTC_TIME);
        }
        if (der[n.end - 1] != "Z") revert DerParserTimeInvalid(uint8(der[n.end - 1]), uint8(bytes1("Z")));
        return toUnix(year, _digits(der, p, 2), _digits(der, p + 2, 2), _digits(der, p + 4, 2), _digits(der, p + 6, 2), _digits(der, p + 8, 2));
    }

    /// @dev Civil date to unix seconds (Howard Hinnant's days_from_civil); rejects out-of-range fields.
    function toUnix(uint256 y, uint256 mo, uint256 d, uint256 h, uint256 mi, uint256 s) internal pure returns (uint64) {
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970) {
            revert DerParserTimeInvalid(mo * 100 + d, 1231);
        }
        int256 yy = int256(y) - (mo <= 2 ? int256(1) : int256(0));
        int256 era = yy / 400;
        int256 yoe = yy - era * 400;
        int256 m = int256(mo);
        int256 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + int256(d) - 1;
        int256 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        int256 days_ = era * 146097 + doe - 719468;
        return uint64(uint256(days_ * 86400 + int256(h * 3600 + mi * 60 + s)));
    }

    function _digits(bytes memory der, uint256 at, uint256 count) private pure returns (uint256 v) {
        for (uint256 i; i < count; ++i) {
            uint8 c = uint8(der[at + i]);
            if (c < 0x30 || c > 0x39) revert DerParserTimeInvalid(c, 0x39);
            v = v * 10 + (c - 0x30);
        }
    }
}
