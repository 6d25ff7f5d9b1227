// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier} from "./IDcapQuoteVerifier.sol";

/**
 * @title IDcapCollateral
 * @notice The one interface through which Intel collateral enters verification: CA keys verified to the pinned
 *         root, CRLs, TCB Info and QE Identity — each verified on upload (signature) and judged at use (validity).
 */
interface IDcapCollateral {
    /// @notice A CA (or TCB Signing) certificate whose signature chains to the pinned root.
    struct CaKey {
        bytes32 x;
        bytes32 y;
        uint64 notBefore;
        uint64 notAfter;
        uint256 serial;
        bytes32 issuerHash;
        bytes32 certHash; // keccak256 of the certificate DER
        bytes32 pemBodyHash; // keccak256 of its canonical PEM body (PemChain.canonicalBody)
    }

    struct CrlInfo {
        uint64 thisUpdate;
        uint64 nextUpdate;
        uint64 epoch; // increments with every accepted CRL of this issuer; 0 = none yet
    }

    /// @notice One TCB level of TCB Info (v3), component SVNs one byte each, component 1 first.
    struct TcbLevel {
        bytes16 sgxComponents;
        bytes16 tdxComponents;
        uint16 pceSvn;
        IDcapQuoteVerifier.TcbStatus status;
    }

    /// @notice One TCB level of a TDX module identity ("TDX_<major>").
    struct TdxModuleLevel {
        uint8 majorVersion;
        uint8 isvSvn;
        IDcapQuoteVerifier.TcbStatus status;
    }

    struct TcbInfo {
        uint8 kind; // 0 SGX, 1 TDX
        uint32 version;
        uint64 issueDate;
        uint64 nextUpdate;
        uint32 evaluationDataNumber;
        bytes6 fmspc;
        bytes2 pceId;
        bytes mrSignerSeam; // TDX module MRSIGNER (48 bytes)
        bytes8 seamAttributes;
        bytes8 seamAttributesMask;
        TcbLevel[] levels; // in Intel's order: best first
        TdxModuleLevel[] moduleLevels;
    }

    struct QeLevel {
        uint16 isvSvn;
        IDcapQuoteVerifier.TcbStatus status;
    }

    struct QeIdentity {
        uint8 kind; // 0 QE (SGX), 1 TD_QE
        uint32 version;
        uint64 issueDate;
        uint64 nextUpdate;
        uint32 evaluationDataNumber;
        bytes4 miscSelect;
        bytes4 miscSelectMask;
        bytes16 attributes;
        bytes16 attributesMask;
        bytes32 mrSigner;
        uint16 isvProdId;
        QeLevel[] levels;
    }

    /// @notice Emitted when a CA certificate is verified and stored.
    event CaCertificateAdded(bytes32 indexed subjectHash, bytes32 indexed certHash, uint256 serial);
    /// @notice Emitted when a CRL is verified and stored.
    event CrlAdded(bytes32 indexed issuerHash, uint64 thisUpdate, uint64 nextUpdate, uint256 revokedCount);
    /// @notice Emitted when a TCB Info is verified and stored.
    event TcbInfoAdded(uint8 indexed kind, bytes6 indexed fmspc, uint64 issueDate, uint64 nextUpdate);
    /// @notice Emitted when a QE Identity is verified and stored.
    event QeIdentityAdded(uint8 indexed kind, uint64 issueDate, uint64 nextUpdate);

    error DcapCollateralIssuerUnknown(bytes32 found, bytes32 expected);
    error DcapCollateralCertificateSignatureInvalid(bytes32 found, bytes32 expected);
    error DcapCollateralNotCa(bytes32 found, bytes32 expected);
    error DcapCollateralRootNotSelfSigned(bytes32 found, bytes32 expected);
    error DcapCollateralCrlSignatureInvalid(bytes32 found, bytes32 expected);
    error DcapCollateralCrlStale(uint64 found, uint64 expected);
    error DcapCollateralTcbSignerUnknown(bytes32 found, bytes32 expected);
    error DcapCollateralTcbInfoSignatureInvalid(bytes32 found, bytes32 expected);
    error DcapCollateralQeIdentitySignatureInvalid(bytes32 found, bytes32 expected);
    error DcapCollateralSignatureLengthInvalid(uint256 found, uint256 expected);
    error DcapCollateralJsonFieldInvalid(bytes32 field, bytes32 expected);
    error DcapCollateralStale(uint64 found, uint64 expected);

    function rootHash() external view returns (bytes32);
    function caKeyBySubject(bytes32 subjectHash) external view returns (CaKey memory);
    function subjectOfCertificate(bytes32 certHash) external view returns (bytes32);
    function subjectOfPemBody(bytes32 pemBodyHash) external view returns (bytes32);
    function rootPemBodyHash() external view returns (bytes32);
    function crl(bytes32 issuerHash) external view returns (CrlInfo memory);
    function isRevoked(bytes32 issuerHash, uint256 serial) external view returns (bool);
    function tcbSigner() external view returns (CaKey memory);
    function tcbInfo(uint8 kind, bytes6 fmspc) external view returns (TcbInfo memory);
    function qeIdentity(uint8 kind) external view returns (QeIdentity memory);
}
