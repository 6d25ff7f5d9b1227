// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapCollateral} from "./IDcapCollateral.sol";
import {IDcapQuoteVerifier} from "./IDcapQuoteVerifier.sol";
import {X509Parser} from "./X509Parser.sol";
import {P256Signature} from "./P256Signature.sol";
import {CollateralJson} from "./CollateralJson.sol";
import {PemChain} from "./PemChain.sol";

/**
 * @title DcapCollateral
 * @notice On-chain store of Intel DCAP collateral, each item verified on upload: CA certificates chained to a root
 *         pinned at deployment, CRLs signed by their CA, TCB Info and QE Identity signed by the TCB Signing
 *         certificate. Uploads are permissionless because every item must carry Intel's (or, on a development
 *         network, the pinned test root's) signature; an item older than the stored one is refused so that
 *         nobody can roll back to collateral with better TCB statuses. Validity windows are stored, not checked
 *         here: the quote verifier judges them at the time it checks.
 */
contract DcapCollateral is IDcapCollateral {
    bytes32 private immutable _rootHash;
    bytes32 private immutable _rootSubjectHash;
    bytes32 private immutable _rootPemBodyHash;

    mapping(bytes32 subjectHash => CaKey) private _caBySubject;
    mapping(bytes32 certHash => bytes32 subjectHash) private _subjectOfCert;
    mapping(bytes32 pemBodyHash => bytes32 subjectHash) private _subjectOfPemBody;
    mapping(bytes32 issuerHash => CrlInfo) private _crls;
    mapping(bytes32 issuerHash => mapping(uint256 serial => uint64 epoch)) private _revokedInEpoch;
    CaKey private _tcbSigner;
    mapping(bytes32 kindAndFmspc => TcbInfo) private _tcbInfos;
    mapping(uint8 kind => QeIdentity) private _qeIdentities;

    /**
     * @notice Pins the root CA: its self-signature is verified once, here.
     * @param rootDer DER of the root certificate (production: Intel SGX Root CA)
     */
    constructor(bytes memory rootDer) {
        X509Parser.Certificate memory c = X509Parser.parseCertificate(rootDer);
        if (c.issuerHash != c.subjectHash) revert DcapCollateralRootNotSelfSigned(c.issuerHash, c.subjectHash);
        if (!P256Signature.verify(c.tbsDigest, c.sigR, c.sigS, c.keyX, c.keyY)) {
            revert DcapCollateralCertificateSignatureInvalid(keccak256(rootDer), c.subjectHash);
        }
        _rootHash = keccak256(rootDer);
        _rootSubjectHash = c.subjectHash;
        _rootPemBodyHash = keccak256(PemChain.canonicalBody(rootDer));
        _store(c, rootDer);
    }

    /**
     * @notice Adds an intermediate CA certificate (e.g. Intel SGX PCK Platform/Processor CA).
     * @dev Requirements: DER parses; basicConstraints cA = TRUE; issuer is a stored CA; signature verifies.
     * Emits {CaCertificateAdded}.
     */
    function addCaCertificate(bytes calldata der) external {
        X509Parser.Certificate memory c = _verifiedByStoredIssuer(der);
        if (!c.isCa) revert DcapCollateralNotCa(c.subjectHash, bytes32(uint256(1)));
        _store(c, der);
    }

    /**
     * @notice Sets the TCB Signing certificate that signs TCB Info and QE Identity.
     * @dev Requirements: issued directly by the pinned root; signature verifies. Emits {CaCertificateAdded}.
     */
    function setTcbSigningCertificate(bytes calldata der) external {
        X509Parser.Certificate memory c = _verifiedByStoredIssuer(der);
        if (c.issuerHash != _rootSubjectHash) revert DcapCollateralIssuerUnknown(c.issuerHash, _rootSubjectHash);
        _tcbSigner = _toKey(c, keccak256(der), bytes32(0));
        emit CaCertificateAdded(c.subjectHash, keccak256(der), c.serial);
    }

    /**
     * @notice Adds a CRL of a stored CA, replacing its previous one.
     * @dev Requirements: issuer is a stored CA; signature verifies; thisUpdate not older than the stored CRL's.
     * Emits {CrlAdded}.
     */
    function addCrl(bytes calldata der) external {
        X509Parser.Crl memory l = X509Parser.parseCrl(der);
        CaKey storage issuer = _caBySubject[l.issuerHash];
        if (issuer.x == 0) revert DcapCollateralIssuerUnknown(l.issuerHash, bytes32(0));
        if (!P256Signature.verify(l.tbsDigest, l.sigR, l.sigS, issuer.x, issuer.y)) {
            revert DcapCollateralCrlSignatureInvalid(keccak256(der), l.issuerHash);
        }
        CrlInfo storage info = _crls[l.issuerHash];
        if (l.thisUpdate < info.thisUpdate) revert DcapCollateralCrlStale(l.thisUpdate, info.thisUpdate);
        uint64 epoch = info.epoch + 1;
        _crls[l.issuerHash] = CrlInfo(l.thisUpdate, l.nextUpdate, epoch);
        mapping(uint256 => uint64) storage revoked = _revokedInEpoch[l.issuerHash];
        for (uint256 i; i < l.revokedSerials.length; ++i) revoked[l.revokedSerials[i]] = epoch;
        emit CrlAdded(l.issuerHash, l.thisUpdate, l.nextUpdate, l.revokedSerials.length);
    }

    /**
     * @notice Adds Intel TCB Info (v3) for one FMSPC.
     * @param tcbInfoJson the exact bytes of the `tcbInfo` object as Intel's PCS serves them
     * @param signature r‖s (64 bytes) over sha256(tcbInfoJson) by the TCB Signing key
     * @dev Requirements: signature verifies; issueDate not older than the stored one. Emits {TcbInfoAdded}.
     */
    function addTcbInfo(bytes calldata tcbInfoJson, bytes calldata signature) external {
        if (!_verifyTcbSigned(tcbInfoJson, signature)) {
            revert DcapCollateralTcbInfoSignatureInvalid(sha256(tcbInfoJson), _tcbSigner.x);
        }
        TcbInfo memory t = abi.decode(CollateralJson.parseTcbInfoEncoded(string(tcbInfoJson)), (TcbInfo));
        TcbInfo storage s = _tcbInfos[_tcbKey(t.kind, t.fmspc)];
        if (t.issueDate < s.issueDate) revert DcapCollateralStale(t.issueDate, s.issueDate);
        s.kind = t.kind;
        s.version = t.version;
        s.issueDate = t.issueDate;
        s.nextUpdate = t.nextUpdate;
        s.evaluationDataNumber = t.evaluationDataNumber;
        s.fmspc = t.fmspc;
        s.pceId = t.pceId;
        s.mrSignerSeam = t.mrSignerSeam;
        s.seamAttributes = t.seamAttributes;
        s.seamAttributesMask = t.seamAttributesMask;
        delete s.levels;
        for (uint256 i; i < t.levels.length; ++i) s.levels.push(t.levels[i]);
        delete s.moduleLevels;
        for (uint256 i; i < t.moduleLevels.length; ++i) s.moduleLevels.push(t.moduleLevels[i]);
        emit TcbInfoAdded(t.kind, t.fmspc, t.issueDate, t.nextUpdate);
    }

    /**
     * @notice Adds Intel QE Identity (v2) for the SGX QE or the TD QE.
     * @param identityJson the exact bytes of the `enclaveIdentity` object
     * @param signature r‖s (64 bytes) over sha256(identityJson) by the TCB Signing key
     * @dev Requirements: signature verifies; issueDate not older than the stored one. Emits {QeIdentityAdded}.
     */
    function addQeIdentity(bytes calldata identityJson, bytes calldata signature) external {
        if (!_verifyTcbSigned(identityJson, signature)) {
            revert DcapCollateralQeIdentitySignatureInvalid(sha256(identityJson), _tcbSigner.x);
        }
        QeIdentity memory q = abi.decode(CollateralJson.parseQeIdentityEncoded(string(identityJson)), (QeIdentity));
        QeIdentity storage s = _qeIdentities[q.kind];
        if (q.issueDate < s.issueDate) revert DcapCollateralStale(q.issueDate, s.issueDate);
        s.kind = q.kind;
        s.version = q.version;
        s.issueDate = q.issueDate;
        s.nextUpdate = q.nextUpdate;
        s.evaluationDataNumber = q.evaluationDataNumber;
        s.miscSelect = q.miscSelect;
        s.miscSelectMask = q.miscSelectMask;
        s.attributes = q.attributes;
        s.attributesMask = q.attributesMask;
        s.mrSigner = q.mrSigner;
        s.isvProdId = q.isvProdId;
        delete s.levels;
        for (uint256 i; i < q.levels.length; ++i) s.levels.push(q.levels[i]);
        emit QeIdentityAdded(q.kind, q.issueDate, q.nextUpdate);
    }

    /// @notice keccak256 of the pinned root certificate's DER.
    function rootHash() external view returns (bytes32) {
        return _rootHash;
    }

    /// @notice The stored CA key for a subject Name hash (all zero when unknown).
    function caKeyBySubject(bytes32 subjectHash) external view returns (CaKey memory) {
        return _caBySubject[subjectHash];
    }

    /// @notice The subject Name hash of a stored CA certificate, by keccak256 of its DER (zero when unknown).
    function subjectOfCertificate(bytes32 certHash) external view returns (bytes32) {
        return _subjectOfCert[certHash];
    }

    /// @notice The subject Name hash of a stored CA certificate, by keccak256 of its canonical PEM body.
    function subjectOfPemBody(bytes32 pemBodyHash) external view returns (bytes32) {
        return _subjectOfPemBody[pemBodyHash];
    }

    /// @notice keccak256 of the pinned root's canonical PEM body.
    function rootPemBodyHash() external view returns (bytes32) {
        return _rootPemBodyHash;
    }

    /// @notice The current CRL of an issuer (epoch 0 when none).
    function crl(bytes32 issuerHash) external view returns (CrlInfo memory) {
        return _crls[issuerHash];
    }

    /// @notice Whether the issuer's current CRL lists `serial`.
    function isRevoked(bytes32 issuerHash, uint256 serial) external view returns (bool) {
        uint64 epoch = _crls[issuerHash].epoch;
        return epoch != 0 && _revokedInEpoch[issuerHash][serial] == epoch;
    }

    /// @notice The TCB Signing key (all zero until set).
    function tcbSigner() external view returns (CaKey memory) {
        return _tcbSigner;
    }

    /// @notice Stored TCB Info of a TEE kind (0 SGX, 1 TDX) and FMSPC (issueDate 0 when none).
    function tcbInfo(uint8 kind, bytes6 fmspc) external view returns (TcbInfo memory) {
        return _tcbInfos[_tcbKey(kind, fmspc)];
    }

    /// @notice Stored QE Identity of a kind (0 QE, 1 TD_QE; issueDate 0 when none).
    function qeIdentity(uint8 kind) external view returns (QeIdentity memory) {
        return _qeIdentities[kind];
    }

    function _verifiedByStoredIssuer(bytes calldata der) private view returns (X509Parser.Certificate memory c) {
        c = X509Parser.parseCertificate(der);
        CaKey storage issuer = _caBySubject[c.issuerHash];
        if (issuer.x == 0) revert DcapCollateralIssuerUnknown(c.issuerHash, bytes32(0));
        if (!P256Signature.verify(c.tbsDigest, c.sigR, c.sigS, issuer.x, issuer.y)) {
            revert DcapCollateralCertificateSignatureInvalid(keccak256(der), c.issuerHash);
        }
    }

    function _verifyTcbSigned(bytes calldata json, bytes calldata signature) private view returns (bool) {
        if (signature.length != 64) revert DcapCollateralSignatureLengthInvalid(signature.length, 64);
        if (_tcbSigner.x == 0) revert DcapCollateralTcbSignerUnknown(bytes32(0), bytes32(uint256(1)));
        return P256Signature.verify(
            sha256(json), bytes32(signature[0:32]), bytes32(signature[32:64]), _tcbSigner.x, _tcbSigner.y
        );
    }

    function _store(X509Parser.Certificate memory c, bytes memory der) private {
        bytes32 certHash = keccak256(der);
        bytes32 pemBodyHash = keccak256(PemChain.canonicalBody(der));
        _caBySubject[c.subjectHash] = _toKey(c, certHash, pemBodyHash);
        _subjectOfCert[certHash] = c.subjectHash;
        _subjectOfPemBody[pemBodyHash] = c.subjectHash;
        emit CaCertificateAdded(c.subjectHash, certHash, c.serial);
    }

    function _toKey(X509Parser.Certificate memory c, bytes32 certHash, bytes32 pemBodyHash) private pure returns (CaKey memory) {
        return CaKey(c.keyX, c.keyY, c.notBefore, c.notAfter, c.serial, c.issuerHash, certHash, pemBodyHash);
    }

    function _tcbKey(uint8 kind, bytes6 fmspc) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(kind, fmspc));
    }
}
