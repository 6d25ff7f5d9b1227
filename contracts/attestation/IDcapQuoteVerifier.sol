// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IDcapQuoteVerifier
 * @notice Structs, enums, errors and the entry point of Intel DCAP ECDSA quote verification (SGX quote v3, TDX v4).
 * @dev Field layouts follow Intel's "Intel SGX ECDSA Quote Library API" (DCAP), Appendix A (quote v3) and the
 *      "Intel TDX DCAP Quoting Library API", Appendix A (quote v4). All integers in a quote are little-endian.
 */
interface IDcapQuoteVerifier {
    /// @notice TCB status as Intel's TCB Info / QE Identity name it, ordered from best to worst.
    enum TcbStatus {
        UpToDate,
        SWHardeningNeeded,
        ConfigurationNeeded,
        ConfigurationAndSWHardeningNeeded,
        OutOfDate,
        OutOfDateConfigurationNeeded,
        Revoked
    }

    /// @notice Quote header, 48 bytes (quote v3 §A.3 / v4 §A.3.1).
    struct QuoteHeader {
        uint16 version; // [0,2)   LE: 3 (SGX) or 4 (TDX)
        uint16 attestationKeyType; // [2,4) LE: 2 = ECDSA-256-with-P-256
        uint32 teeType; // [4,8)   LE: 0x00 SGX, 0x81 TDX (reserved, zero, in v3)
        uint16 qeSvn; // [8,10)   LE (reserved in v4)
        uint16 pceSvn; // [10,12) LE (reserved in v4)
        bytes16 qeVendorId; // [12,28) Intel: 939a7233f79c4ca9940a0db3957f0607
        bytes20 userData; // [28,48) first 20 bytes of the platform identifier
    }

    /// @notice SGX enclave report body, 384 bytes (v3 §A.3.2; also the QE report).
    struct EnclaveReport {
        bytes16 cpuSvn; // [0,16)
        uint32 miscSelect; // [16,20) LE
        bytes16 attributes; // [48,64) byte 0 bit 1 = DEBUG
        bytes32 mrEnclave; // [64,96)
        bytes32 mrSigner; // [128,160)
        uint16 isvProdId; // [256,258) LE
        uint16 isvSvn; // [258,260) LE
        bytes reportData; // [320,384) 64 bytes
    }

    /// @notice TDX 1.0 TD report body, 584 bytes (v4 §A.3.2).
    struct TdReport {
        bytes16 teeTcbSvn; // [0,16)
        bytes mrSeam; // [16,64)
        bytes mrSignerSeam; // [64,112)
        bytes8 seamAttributes; // [112,120)
        bytes8 tdAttributes; // [120,128) byte 0 bit 0 = DEBUG
        bytes8 xfam; // [128,136)
        bytes mrTd; // [136,184)
        bytes mrConfigId; // [184,232)
        bytes mrOwner; // [232,280)
        bytes mrOwnerConfig; // [280,328)
        bytes rtmrs; // [328,520) RTMR0..3, 48 bytes each
        bytes reportData; // [520,584)
    }

    /// @notice The ECDSA quote signature data that follows the body (v3 §A.4, v4 §A.4).
    struct AuthData {
        bytes32 quoteSigR; // ECDSA over sha256(header ‖ body) by the attestation key
        bytes32 quoteSigS;
        bytes32 attestationKeyX;
        bytes32 attestationKeyY;
        EnclaveReport qeReport;
        bytes32 qeReportDigest; // sha256 of the 384 raw QE report bytes: the PCK-signed message
        bytes32 qeSigR;
        bytes32 qeSigS;
        bytes qeAuthData;
        bytes pckChainPem; // certification data type 5: PCK leaf, intermediate CA, root, PEM
    }

    /// @notice A parsed quote. For v3 `td` is empty; for v4 `enclave` is empty.
    struct Quote {
        QuoteHeader header;
        EnclaveReport enclave;
        TdReport td;
        bytes32 signedDigest; // sha256(header ‖ body)
        AuthData auth;
        uint256 declaredLength; // bytes the quote's own length fields account for
    }

    /// @notice What a successful verification proves, the input of the registry's policy.
    struct VerifiedQuote {
        uint16 version;
        uint32 teeType;
        bytes32 mrEnclave; // SGX
        bytes32 mrSigner; // SGX
        uint16 isvProdId; // SGX
        uint16 isvSvn; // SGX
        bytes mrTd; // TDX (48 bytes)
        bytes reportData; // 64 bytes
        bool debug;
        bytes6 fmspc;
        TcbStatus platformTcbStatus;
        TcbStatus tdxModuleTcbStatus; // UpToDate for SGX
        TcbStatus qeTcbStatus;
        TcbStatus tcbStatus; // the combination the policy judges
        uint64 validUntil; // earliest expiry of every certificate, CRL and collateral item used
        uint256 pckSerial;
    }

    /// @notice (a) The quote signature over header ‖ body does not verify under the attestation key.
    error QuoteVerifierQuoteSignatureInvalid(bytes32 digest, bytes32 attestationKeyX);
    /// @notice (b) The QE report signature does not verify under the PCK leaf key.
    error QuoteVerifierQeReportSignatureInvalid(bytes32 digest, bytes32 pckKeyX);
    /// @notice (c) The QE report data is not sha256(attestation key ‖ QE auth data) ‖ 32 zero bytes.
    error QuoteVerifierQeReportDataMismatch(bytes32 found, bytes32 expected);
    /// @notice (d) The PCK leaf signature does not verify under its issuing CA key.
    error QuoteVerifierPckSignatureInvalid(uint256 serial, bytes32 issuerHash);
    /// @notice (d) The PCK chain does not carry exactly leaf, intermediate CA, root.
    error QuoteVerifierPckChainLengthMismatch(uint256 found, uint256 expected);
    /// @notice (d) A certificate of the chain is not one the collateral store has verified to the pinned root.
    error QuoteVerifierCaCertificateUnknown(bytes32 found, bytes32 expected);
    /// @notice (d) A certificate or collateral item is not valid at the checked time.
    error QuoteVerifierNotValidAt(uint256 time, uint256 notBefore, uint256 notAfter);
    /// @notice (d) A certificate of the chain is revoked by its issuer's CRL.
    error QuoteVerifierCertificateRevoked(uint256 serial, bytes32 issuerHash);
    /// @notice The QE report does not match Intel's QE identity (MRSIGNER, ISVPRODID, MISCSELECT or ATTRIBUTES).
    error QuoteVerifierQeIdentityMismatch(bytes32 found, bytes32 expected);
    /// @notice The PCK leaf's PCE ID / the TDX module identity do not match the TCB Info.
    error QuoteVerifierTcbInfoMismatch(bytes32 found, bytes32 expected);

    /**
     * @notice Verifies a quote (v3 or v4) against the on-chain collateral at time `atTime`.
     * @dev Reverts with a named error on any malformed input or failed check; returns the proven facts.
     * @param quote the raw quote, exactly as long as its length fields say (no trailing padding)
     * @param atTime unix time at which every certificate, CRL and collateral item must be valid
     * @return v the verified fields and TCB statuses
     */
    function verifyQuote(bytes calldata quote, uint64 atTime) external view returns (VerifiedQuote memory v);
}
