// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier as T} from "./IDcapQuoteVerifier.sol";

/// @notice The quote ends at `found` bytes but its structure needs at least `expected`.
error QuoteParserTruncated(uint256 found, uint256 expected);
/// @notice The header's version is not the one this parser reads.
error QuoteParserVersionMismatch(uint16 found, uint16 expected);
/// @notice The header's attestation key type is not 2 (ECDSA-256-with-P-256).
error QuoteParserAttestationKeyTypeMismatch(uint16 found, uint16 expected);
/// @notice The header's TEE type is not the one this parser reads (0x00 SGX, 0x81 TDX).
error QuoteParserTeeTypeMismatch(uint32 found, uint32 expected);
/// @notice The header's QE vendor ID is not Intel's.
error QuoteParserQeVendorMismatch(bytes16 found, bytes16 expected);
/// @notice A certification data block has another type than the layout requires (5 = PEM PCK chain, 6 = QE report).
error QuoteParserCertificationDataTypeMismatch(uint16 found, uint16 expected);
/// @notice Bytes follow the end the quote's own length fields declare (`found` total, `expected` declared).
error QuoteParserTrailingBytes(uint256 found, uint256 expected);
/// @notice A nested length field disagrees with the length of the block that contains it.
error QuoteParserLengthMismatch(uint256 found, uint256 expected);

/**
 * @title QuoteLayout
 * @notice Byte-level readers shared by {QuoteV3Parser} and {QuoteV4Parser}. Every read is bounds-checked first
 *         and reverts with {QuoteParserTruncated}, never with an out-of-bounds panic.
 */
library QuoteLayout {
    uint256 internal constant HEADER_LENGTH = 48;
    uint256 internal constant ENCLAVE_REPORT_LENGTH = 384;
    uint256 internal constant TD_REPORT_LENGTH = 584;
    uint16 internal constant ATTESTATION_KEY_TYPE_ECDSA_P256 = 2;
    /// @dev Intel's QE vendor ID (DCAP quote library, "QE Vendor ID": 939A7233-F79C-4CA9-940A-0DB3957F0607).
    bytes16 internal constant INTEL_QE_VENDOR_ID = 0x939a7233f79c4ca9940a0db3957f0607;
    uint16 internal constant CERT_TYPE_PCK_CHAIN = 5;
    uint16 internal constant CERT_TYPE_QE_REPORT = 6;

    function need(bytes calldata q, uint256 end) internal pure {
        if (end > q.length) revert QuoteParserTruncated(q.length, end);
    }

    function le16(bytes calldata q, uint256 at) internal pure returns (uint16) {
        need(q, at + 2);
        return uint16(uint8(q[at])) | (uint16(uint8(q[at + 1])) << 8);
    }

    function le32(bytes calldata q, uint256 at) internal pure returns (uint32) {
        need(q, at + 4);
        return uint32(le16(q, at)) | (uint32(le16(q, at + 2)) << 16);
    }

    function b32(bytes calldata q, uint256 at) internal pure returns (bytes32) {
        need(q, at + 32);
        return bytes32(q[at:at + 32]);
    }

    /// @dev Header [0,48): see {IDcapQuoteVerifier.QuoteHeader}. Checks version, key type, TEE type, vendor.
    function readHeader(bytes calldata q, uint16 version, uint32 teeType) internal pure returns (T.QuoteHeader memory h) {
        need(q, HEADER_LENGTH);
        h.version = le16(q, 0);
        if (h.version != version) revert QuoteParserVersionMismatch(h.version, version);
        h.attestationKeyType = le16(q, 2);
        if (h.attestationKeyType != ATTESTATION_KEY_TYPE_ECDSA_P256) {
            revert QuoteParserAttestationKeyTypeMismatch(h.attestationKeyType, ATTESTATION_KEY_TYPE_ECDSA_P256);
        }
        h.teeType = le32(q, 4);
        if (h.teeType != teeType) revert QuoteParserTeeTypeMismatch(h.teeType, teeType);
        h.qeSvn = le16(q, 8);
        h.pceSvn = le16(q, 10);
        h.qeVendorId = bytes16(q[12:28]);
        if (h.qeVendorId != INTEL_QE_VENDOR_ID) revert QuoteParserQeVendorMismatch(h.qeVendorId, INTEL_QE_VENDOR_ID);
        h.userData = bytes20(q[28:48]);
    }

    /// @dev SGX enclave report body at [at, at+384): see {IDcapQuoteVerifier.EnclaveReport}.
    function readEnclaveReport(bytes calldata q, uint256 at) internal pure returns (T.EnclaveReport memory r) {
        need(q, at + ENCLAVE_REPORT_LENGTH);
        r.cpuSvn = bytes16(q[at:at + 16]);
        r.miscSelect = le32(q, at + 16);
        r.attributes = bytes16(q[at + 48:at + 64]);
        r.mrEnclave = bytes32(q[at + 64:at + 96]);
        r.mrSigner = bytes32(q[at + 128:at + 160]);
        r.isvProdId = le16(q, at + 256);
        r.isvSvn = le16(q, at + 258);
        r.reportData = q[at + 320:at + 384];
    }

    /// @dev TDX 1.0 TD report body at [at, at+584): see {IDcapQuoteVerifier.TdReport}.
    function readTdReport(bytes calldata q, uint256 at) internal pure returns (T.TdReport memory r) {
        need(q, at + TD_REPORT_LENGTH);
        r.teeTcbSvn = bytes16(q[at:at + 16]);
        r.mrSeam = q[at + 16:at + 64];
        r.mrSignerSeam = q[at + 64:at + 112];
        r.seamAttributes = bytes8(q[at + 112:at + 120]);
        r.tdAttributes = bytes8(q[at + 120:at + 128]);
        r.xfam = bytes8(q[at + 128:at + 136]);
        r.mrTd = q[at + 136:at + 184];
        r.mrConfigId = q[at + 184:at + 232];
        r.mrOwner = q[at + 232:at + 280];
        r.mrOwnerConfig = q[at + 280:at + 328];
        r.rtmrs = q[at + 328:at + 520];
        r.reportData = q[at + 520:at + 584];
    }

    /// @dev Reads the 4-byte signature data length at `at` and enforces the quote's total length policy:
    ///      the quote must end exactly where this length says. Trailing bytes are not covered by any
    ///      signature, so they are refused ({QuoteParserTrailingBytes}) instead of silently ignored.
    function readSignatureDataLength(bytes calldata q, uint256 at) internal pure returns (uint256 end) {
        end = at + 4 + le32(q, at);
        need(q, end);
        if (q.length != end) revert QuoteParserTrailingBytes(q.length, end);
    }

    /// @dev ECDSA signature and attestation key at [at, at+128).
    function readQuoteSignature(bytes calldata q, uint256 at, T.AuthData memory a) internal pure {
        need(q, at + 128);
        a.quoteSigR = bytes32(q[at:at + 32]);
        a.quoteSigS = bytes32(q[at + 32:at + 64]);
        a.attestationKeyX = bytes32(q[at + 64:at + 96]);
        a.attestationKeyY = bytes32(q[at + 96:at + 128]);
    }

    /// @dev QE report (384), QE report signature (64), QE auth data (2 + n), certification data type 5
    ///      (2 + 4 + n) starting at `at`; the block must end exactly at `end`.
    function readQeBlock(bytes calldata q, uint256 at, uint256 end, T.AuthData memory a) internal pure {
        a.qeReport = readEnclaveReport(q, at);
        a.qeReportDigest = sha256(q[at:at + ENCLAVE_REPORT_LENGTH]);
        at += ENCLAVE_REPORT_LENGTH;
        need(q, at + 64);
        a.qeSigR = bytes32(q[at:at + 32]);
        a.qeSigS = bytes32(q[at + 32:at + 64]);
        at += 64;
        uint256 authLen = le16(q, at);
        at += 2;
        need(q, at + authLen);
        a.qeAuthData = q[at:at + authLen];
        at += authLen;
        uint16 certType = le16(q, at);
        if (certType != CERT_TYPE_PCK_CHAIN) revert QuoteParserCertificationDataTypeMismatch(certType, CERT_TYPE_PCK_CHAIN);
        uint256 certLen = le32(q, at + 2);
        at += 6;
        if (at + certLen != end) revert QuoteParserLengthMismatch(at + certLen, end);
        need(q, end);
        a.pckChainPem = q[at:end];
    }
}
