// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier as T} from "./IDcapQuoteVerifier.sol";
import {QuoteLayout} from "./QuoteLayout.sol";

/**
 * @title QuoteV3Parser
 * @notice Parses an Intel SGX ECDSA quote, version 3 (DCAP "Intel SGX ECDSA Quote Library API", Appendix A):
 *
 *   [0, 48)        header (version 3, key type 2, TEE type 0)
 *   [48, 432)      ISV enclave report body (384)
 *   [432, 436)     signature data length L (LE uint32); the quote is exactly 436 + L bytes
 *   [436, 500)     ECDSA signature r‖s over sha256(header ‖ body) by the attestation key
 *   [500, 564)     attestation public key x‖y (P-256)
 *   [564, 948)     QE report body (384)
 *   [948, 1012)    QE report signature r‖s by the PCK leaf key
 *   [1012, 1014)   QE auth data length n, then n bytes
 *   then           certification data type (2, must be 5), size (4), PEM PCK chain (leaf, CA, root)
 */
library QuoteV3Parser {
    uint16 internal constant VERSION = 3;
    uint32 internal constant TEE_TYPE_SGX = 0x00000000;
    uint256 private constant BODY_END = 48 + 384;

    /// @notice Parses `q`; reverts with a QuoteParser* or QuoteLayout error on malformed input.
    function parse(bytes calldata q) internal pure returns (T.Quote memory quote) {
        quote.header = QuoteLayout.readHeader(q, VERSION, TEE_TYPE_SGX);
        quote.enclave = QuoteLayout.readEnclaveReport(q, 48);
        quote.declaredLength = QuoteLayout.readSignatureDataLength(q, BODY_END);
        quote.signedDigest = sha256(q[0:BODY_END]);
        uint256 at = BODY_END + 4;
        QuoteLayout.readQuoteSignature(q, at, quote.auth);
        QuoteLayout.readQeBlock(q, at + 128, quote.declaredLength, quote.auth);
    }
}
