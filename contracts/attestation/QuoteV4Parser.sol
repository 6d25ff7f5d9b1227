// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier as T} from "./IDcapQuoteVerifier.sol";
import {QuoteLayout, QuoteParserCertificationDataTypeMismatch, QuoteParserLengthMismatch} from "./QuoteLayout.sol";

/**
 * @title QuoteV4Parser
 * @notice Parses an Intel TDX ECDSA quote, version 4 (DCAP "Intel TDX DCAP Quoting Library API", Appendix A):
 *
 *   [0, 48)        header (version 4, key type 2, TEE type 0x81)
 *   [48, 632)      TD report body, TDX 1.0 (584)
 *   [632, 636)     signature data length L (LE uint32); the quote is exactly 636 + L bytes
 *   [636, 700)     ECDSA signature r‖s over sha256(header ‖ body) by the attestation key
 *   [700, 764)     attestation public key x‖y
 *   [764, 766)     certification data type (must be 6: QE report certification data)
 *   [766, 770)     size S of that block; it must end exactly at the end of the quote
 *   [770, 770+S)   QE report (384), QE report signature (64), QE auth data (2 + n),
 *                  certification data type 5 (2), size (4), PEM PCK chain
 */
library QuoteV4Parser {
    uint16 internal constant VERSION = 4;
    uint32 internal constant TEE_TYPE_TDX = 0x00000081;
    uint256 private constant BODY_END = 48 + 584;

    /// @notice Parses `q`; reverts with a QuoteParser* error on malformed input.
    function parse(bytes calldata q) internal pure returns (T.Quote memory quote) {
        quote.header = QuoteLayout.readHeader(q, VERSION, TEE_TYPE_TDX);
        quote.td = QuoteLayout.readTdReport(q, 48);
        quote.declaredLength = QuoteLayout.readSignatureDataLength(q, BODY_END);
        quote.signedDigest = sha256(q[0:BODY_END]);
        uint256 at = BODY_END + 4;
        QuoteLayout.readQuoteSignature(q, at, quote.auth);
        at += 128;
        uint16 certType = QuoteLayout.le16(q, at);
        if (certType != QuoteLayout.CERT_TYPE_QE_REPORT) {
            revert QuoteParserCertificationDataTypeMismatch(certType, QuoteLayout.CERT_TYPE_QE_REPORT);
        }
        uint256 size = QuoteLayout.le32(q, at + 2);
        at += 6;
        if (at + size != quote.declaredLength) revert QuoteParserLengthMismatch(at + size, quote.declaredLength);
        QuoteLayout.readQeBlock(q, at, quote.declaredLength, quote.auth);
    }
}
