// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier} from "./IDcapQuoteVerifier.sol";
import {IDcapCollateral} from "./IDcapCollateral.sol";
import {QuoteLayout, QuoteParserTruncated, QuoteParserVersionMismatch} from "./QuoteLayout.sol";
import {QuoteV3Parser} from "./QuoteV3Parser.sol";
import {QuoteV4Parser} from "./QuoteV4Parser.sol";
import {X509Parser} from "./X509Parser.sol";
import {PemChain} from "./PemChain.sol";
import {P256Signature} from "./P256Signature.sol";
import {TcbPolicy} from "./TcbPolicy.sol";

/**
 * @title DcapQuoteVerifier
 * @notice Verifies Intel DCAP ECDSA quotes (SGX v3, TDX v4) against collateral already verified on-chain by
 *         {DcapCollateral}. Stateless and `view`: the registry calls it at `block.timestamp`, tests and tools at an
 *         explicit time inside the collateral's validity windows.
 * @dev Steps, in order (each failure is a named error):
 *      1. parse (QuoteV3Parser / QuoteV4Parser; exact length, no trailing bytes)
 *      2. (c) QE report data = sha256(attestation key ‖ QE auth data) ‖ 32 zero bytes
 *      3. (a) quote signature over sha256(header ‖ body) by the attestation key
 *      4. (d) PCK chain: root = pinned root, intermediate = a CA the store verified, leaf signed by it; each valid at
 *         `atTime`; leaf and intermediate not on their issuer's CRL, each CRL current at `atTime`
 *      5. (b) QE report signature by the PCK leaf key
 *      6. QE identity (MRSIGNER, ISVPRODID, masked MISCSELECT/ATTRIBUTES) and QE TCB status; the TCB Signing
 *         certificate valid at `atTime` and not on the root's CRL
 *      7. TCB Info for the leaf's FMSPC: PCE ID, platform (and TDX module) TCB status; combined status
 */
contract DcapQuoteVerifier is IDcapQuoteVerifier {
    /// @notice Required collateral is not on-chain: `what` names it, `key` identifies it.
    error QuoteVerifierCollateralMissing(bytes32 what, bytes32 key);

    uint8 private constant KIND_SGX = 0;
    uint8 private constant KIND_TDX = 1;

    IDcapCollateral private immutable _collateral;

    struct Chain {
        X509Parser.Certificate leaf;
        bytes leafDer;
        IDcapCollateral.CaKey ca;
        bytes32 caSubject;
        uint64 validUntil;
    }

    constructor(IDcapCollateral collateral_) {
        _collateral = collateral_;
    }

    /// @notice The collateral store this verifier trusts.
    function collateral() external view returns (IDcapCollateral) {
        return _collateral;
    }

    /// @inheritdoc IDcapQuoteVerifier
    function verifyQuote(bytes calldata quote, uint64 atTime) external view returns (VerifiedQuote memory v) {
        // Step 1: parse by version.
        uint16 version = QuoteLayout.le16(quote, 0);
        Quote memory q;
        if (version == QuoteV3Parser.VERSION) q = QuoteV3Parser.parse(quote);
        else if (version == QuoteV4Parser.VERSION) q = QuoteV4Parser.parse(quote);
        else revert QuoteParserVersionMismatch(version, QuoteV3Parser.VERSION);
        return _verify(q, atTime);
    }

    function _verify(Quote memory q, uint64 atTime) private view returns (VerifiedQuote memory v) {
        AuthData memory a = q.auth;
        // Step 2 (c): the QE bound the attestation key and its auth data into its report (cheapest check first).
        bytes32 expected = sha256(abi.encodePacked(a.attestationKeyX, a.attestationKeyY, a.qeAuthData));
        (bytes32 low, bytes32 high) = _halves(a.qeReport.reportData);
        if (low != expected) revert QuoteVerifierQeReportDataMismatch(low, expected);
        if (high != 0) revert QuoteVerifierQeReportDataMismatch(high, bytes32(0));
        // Step 3 (a): the attestation key signed header ‖ body.
        if (!P256Signature.verify(q.signedDigest, a.quoteSigR, a.quoteSigS, a.attestationKeyX, a.attestationKeyY)) {
            revert QuoteVerifierQuoteSignatureInvalid(q.signedDigest, a.attestationKeyX);
        }
        // Step 4 (d): the PCK chain.
        Chain memory c = _verifyChain(a.pckChainPem, atTime);
        // Step 5 (b): the PCK leaf key signed the QE report.
        if (!P256Signature.verify(a.qeReportDigest, a.qeSigR, a.qeSigS, c.leaf.keyX, c.leaf.keyY)) {
            revert QuoteVerifierQeReportSignatureInvalid(a.qeReportDigest, c.leaf.keyX);
        }
        uint8 kind = q.header.version == QuoteV3Parser.VERSION ? KIND_SGX : KIND_TDX;
        // Step 6: QE identity.
        v.validUntil = c.validUntil;
        v.qeTcbStatus = _qeStatus(kind, a.qeReport, atTime, v);
        // Step 7: TCB Info.
        _tcbStatus(kind, q, c, atTime, v);
        v.tcbStatus = TcbPolicy.combine(TcbPolicy.combine(v.platformTcbStatus, v.tdxModuleTcbStatus), v.qeTcbStatus);

        v.version = q.header.version;
        v.teeType = q.header.teeType;
        v.pckSerial = c.leaf.serial;
        if (kind == KIND_SGX) {
            v.mrEnclave = q.enclave.mrEnclave;
            v.mrSigner = q.enclave.mrSigner;
            v.isvProdId = q.enclave.isvProdId;
            v.isvSvn = q.enclave.isvSvn;
            v.reportData = q.enclave.reportData;
            v.debug = uint8(q.enclave.attributes[0]) & 0x02 != 0; // SGX ATTRIBUTES.DEBUG (bit 1)
        } else {
            v.mrTd = q.td.mrTd;
            v.reportData = q.td.reportData;
            v.debug = uint8(q.td.tdAttributes[0]) & 0x01 != 0; // TDATTRIBUTES.DEBUG (bit 0)
        }
    }

    function _verifyChain(bytes memory pem, uint64 atTime) private view returns (Chain memory c) {
        PemChain.Block[] memory blocks = PemChain.blocks(pem);
        if (blocks.length != 3) revert QuoteVerifierPckChainLengthMismatch(blocks.length, 3);
        // Root: byte-identical to the pinned one (by canonical PEM body hash, else by DER hash).
        bytes32 rootHash = _collateral.rootHash();
        if (PemChain.hashBody(pem, blocks[2]) != _collateral.rootPemBodyHash()) {
            bytes32 found = keccak256(PemChain.decode(pem, blocks[2]));
            if (found != rootHash) revert QuoteVerifierCaCertificateUnknown(found, rootHash);
        }
        IDcapCollateral.CaKey memory root = _collateral.caKeyBySubject(_collateral.subjectOfCertificate(rootHash));
        // Intermediate: the current certificate of a CA the store verified to the root.
        bytes32 caBody = PemChain.hashBody(pem, blocks[1]);
        c.caSubject = _collateral.subjectOfPemBody(caBody);
        if (c.caSubject != 0) {
            c.ca = _collateral.caKeyBySubject(c.caSubject);
            if (c.ca.pemBodyHash != caBody) revert QuoteVerifierCaCertificateUnknown(caBody, c.ca.pemBodyHash);
        } else {
            bytes32 caHash = keccak256(PemChain.decode(pem, blocks[1]));
            c.caSubject = _collateral.subjectOfCertificate(caHash);
            c.ca = _collateral.caKeyBySubject(c.caSubject);
            if (c.caSubject == 0 || c.ca.certHash != caHash) revert QuoteVerifierCaCertificateUnknown(caHash, c.ca.certHash);
        }
        // Leaf: issued by that CA.
        c.leafDer = PemChain.decode(pem, blocks[0]);
        c.leaf = X509Parser.parseCertificate(c.leafDer);
        if (c.leaf.issuerHash != c.caSubject) revert QuoteVerifierCaCertificateUnknown(c.leaf.issuerHash, c.caSubject);
        if (!P256Signature.verify(c.leaf.tbsDigest, c.leaf.sigR, c.leaf.sigS, c.ca.x, c.ca.y)) {
            revert QuoteVerifierPckSignatureInvalid(c.leaf.serial, c.leaf.issuerHash);
        }
        c.validUntil = type(uint64).max;
        c.validUntil = _within(atTime, c.leaf.notBefore, c.leaf.notAfter, c.validUntil);
        c.validUntil = _within(atTime, c.ca.notBefore, c.ca.notAfter, c.validUntil);
        c.validUntil = _within(atTime, root.notBefore, root.notAfter, c.validUntil);
        c.validUntil = _notRevoked(c.caSubject, c.leaf.serial, atTime, c.validUntil);
        c.validUntil = _notRevoked(c.ca.issuerHash, c.ca.serial, atTime, c.validUntil);
    }

    function _notRevoked(bytes32 issuerHash, uint256 serial, uint64 atTime, uint64 validUntil) private view returns (uint64) {
        IDcapCollateral.CrlInfo memory l = _collateral.crl(issuerHash);
        if (l.epoch == 0) revert QuoteVerifierCollateralMissing("crl", issuerHash);
        validUntil = _within(atTime, l.thisUpdate, l.nextUpdate, validUntil);
        if (_collateral.isRevoked(issuerHash, serial)) revert QuoteVerifierCertificateRevoked(serial, issuerHash);
        return validUntil;
    }

    function _qeStatus(uint8 kind, EnclaveReport memory r, uint64 atTime, VerifiedQuote memory v) private view returns (TcbStatus) {
        IDcapCollateral.QeIdentity memory id = _collateral.qeIdentity(kind);
        if (id.issueDate == 0) revert QuoteVerifierCollateralMissing("qeIdentity", bytes32(uint256(kind)));
        v.validUntil = _within(atTime, id.issueDate, id.nextUpdate, v.validUntil);
        // The TCB Signing certificate that vouched for TCB Info and QE Identity: valid now and not revoked by the root.
        IDcapCollateral.CaKey memory signer = _collateral.tcbSigner();
        v.validUntil = _within(atTime, signer.notBefore, signer.notAfter, v.validUntil);
        v.validUntil = _notRevoked(signer.issuerHash, signer.serial, atTime, v.validUntil);
        if (r.mrSigner != id.mrSigner) revert QuoteVerifierQeIdentityMismatch(r.mrSigner, id.mrSigner);
        if (r.isvProdId != id.isvProdId) revert QuoteVerifierQeIdentityMismatch(bytes32(uint256(r.isvProdId)), bytes32(uint256(id.isvProdId)));
        bytes4 misc = bytes4(r.miscSelect); // numeric value (read LE), compared as Intel's big-endian hex
        if (misc & id.miscSelectMask != id.miscSelect) revert QuoteVerifierQeIdentityMismatch(misc, id.miscSelect);
        if (r.attributes & id.attributesMask != id.attributes) revert QuoteVerifierQeIdentityMismatch(r.attributes, id.attributes);
        return TcbPolicy.qeStatus(id.levels, r.isvSvn);
    }

    function _tcbStatus(uint8 kind, Quote memory q, Chain memory c, uint64 atTime, VerifiedQuote memory v) private view {
        X509Parser.SgxExtension memory ext = X509Parser.parseSgxExtension(c.leafDer, c.leaf);
        v.fmspc = ext.fmspc;
        IDcapCollateral.TcbInfo memory info = _collateral.tcbInfo(kind, ext.fmspc);
        if (info.issueDate == 0) revert QuoteVerifierCollateralMissing("tcbInfo", bytes32(ext.fmspc));
        v.validUntil = _within(atTime, info.issueDate, info.nextUpdate, v.validUntil);
        if (info.pceId != ext.pceId) revert QuoteVerifierTcbInfoMismatch(ext.pceId, info.pceId);
        bool tdx = kind == KIND_TDX;
        v.platformTcbStatus = TcbPolicy.platformStatus(info.levels, ext.tcbComponents, ext.pceSvn, tdx, q.td.teeTcbSvn);
        if (tdx) {
            if (keccak256(q.td.mrSignerSeam) != keccak256(info.mrSignerSeam)) {
                revert QuoteVerifierTcbInfoMismatch(keccak256(q.td.mrSignerSeam), keccak256(info.mrSignerSeam));
            }
            if (q.td.seamAttributes & info.seamAttributesMask != info.seamAttributes) {
                revert QuoteVerifierTcbInfoMismatch(q.td.seamAttributes, info.seamAttributes);
            }
            v.tdxModuleTcbStatus = TcbPolicy.moduleStatus(info.moduleLevels, q.td.teeTcbSvn);
        }
    }

    function _within(uint64 atTime, uint64 notBefore, uint64 notAfter, uint64 validUntil) private pure returns (uint64) {
        if (atTime < notBefore || atTime > notAfter) revert QuoteVerifierNotValidAt(atTime, notBefore, notAfter);
        return notAfter < validUntil ? notAfter : validUntil;
    }

    function _halves(bytes memory data) private pure returns (bytes32 low, bytes32 high) {
        assembly ("memory-safe") {
            low := mload(add(data, 0x20))
            high := mload(add(data, 0x40))
        }
    }
}
