// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DerParser} from "./DerParser.sol";

/// @notice The certificate's or CRL's algorithm identifier is not ecdsa-with-SHA256 (OID 1.2.840.10045.4.3.2).
error X509ParserSignatureAlgorithmUnsupported(bytes32 found, bytes32 expected);
/// @notice The subject public key is not an uncompressed P-256 point (id-ecPublicKey, prime256v1, 0x04‖x‖y).
error X509ParserPublicKeyUnsupported(bytes32 found, bytes32 expected);
/// @notice The certificate has no Intel SGX extension (OID 1.2.840.113741.1.13.1) although the caller needs one.
error X509ParserSgxExtensionMissing(uint256 found, uint256 expected);
/// @notice An SGX extension field has the wrong length (`found`) for its type (`expected`).
error X509ParserSgxExtensionFieldInvalid(uint256 found, uint256 expected);

/**
 * @title X509Parser
 * @notice Parses the parts of RFC 5280 certificates and CRLs that Intel's PCK hierarchy uses.
 * @dev Certificate (RFC 5280 §4.1):
 *        SEQUENCE { tbsCertificate SEQUENCE { [0] version, serialNumber INTEGER, signature AlgId, issuer Name,
 *                   validity SEQUENCE { notBefore, notAfter }, subject Name, subjectPublicKeyInfo,
 *                   [3] extensions }, signatureAlgorithm AlgId, signatureValue BIT STRING { ECDSA-Sig-Value } }
 *      CertificateList (RFC 5280 §5.1):
 *        SEQUENCE { tbsCertList SEQUENCE { version INTEGER, signature AlgId, issuer Name, thisUpdate,
 *                   nextUpdate, revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER, … },
 *                   [0] crlExtensions }, signatureAlgorithm, signatureValue }
 *      SGX extension (Intel "SGX PCK Certificate and CRL Profile" §1.3.5): OID 1.2.840.113741.1.13.1, a SEQUENCE of
 *        SEQUENCE { OID, value } with .1 PPID, .2 TCB (SEQUENCE of .2.1–.2.16 component SVNs, .2.17 PCESVN,
 *        .2.18 CPUSVN), .3 PCE-ID (OCTET STRING 2), .4 FMSPC (OCTET STRING 6), .5 SGX type.
 *      Names are compared by keccak256 of their full DER encoding (RFC 5280 §7.1 binary comparison).
 */
library X509Parser {
    using DerParser for bytes;

    struct Certificate {
        bytes32 tbsDigest; // sha256 of the tbsCertificate TLV: the signed message
        uint256 serial;
        bytes32 issuerHash; // keccak256(issuer Name DER)
        bytes32 subjectHash; // keccak256(subject Name DER)
        uint64 notBefore;
        uint64 notAfter;
        bytes32 keyX;
        bytes32 keyY;
        bytes32 sigR;
        bytes32 sigS;
        bool isCa; // basicConstraints cA = TRUE
        uint256 sgxExtStart; // offset of the SGX extension's value SEQUENCE, 0 when absent
    }

    struct SgxExtension {
        bytes16 tcbComponents; // .2.1–.2.16 SVNs, one byte each, component 1 first
        uint16 pceSvn; // .2.17
        bytes16 cpuSvn; // .2.18
        bytes2 pceId; // .3
        bytes6 fmspc; // .4
    }

    struct Crl {
        bytes32 tbsDigest;
        bytes32 issuerHash;
        uint64 thisUpdate;
        uint64 nextUpdate;
        uint256[] revokedSerials;
        bytes32 sigR;
        bytes32 sigS;
    }

    /// @dev DER of AlgorithmIdentifier content for ecdsa-with-SHA256: OID 1.2.840.10045.4.3.2 (RFC 5758 §3.2).
    bytes32 private constant ECDSA_SHA256_ALG = keccak256(hex"06082a8648ce3d040302");
    /// @dev DER of AlgorithmIdentifier content for id-ecPublicKey + prime256v1 (RFC 5480 §2.1.1).
    bytes32 private constant EC_P256_ALG = keccak256(hex"06072a8648ce3d020106082a8648ce3d030107");
    /// @dev OID 2.5.29.19 basicConstraints content bytes.
    bytes32 private constant OID_BASIC_CONSTRAINTS = keccak256(hex"551d13");
    /// @dev OID 1.2.840.113741.1.13.1 (Intel SGX extensions) content bytes.
    bytes32 private constant OID_SGX_EXTENSION = keccak256(hex"2a864886f84d010d01");

    /// @notice Parses a DER certificate. Reverts with a DerParser/X509Parser error on malformed input.
    function parseCertificate(bytes memory der) internal view returns (Certificate memory c) {
        DerParser.Node memory root = der.expect(0, der.length, DerParser.TAG_SEQUENCE);
        DerParser.Node memory tbs = der.expect(root.content, root.end, DerParser.TAG_SEQUENCE);
        c.tbsDigest = _sha256(der, tbs.start, tbs.end);

        DerParser.Node memory n = der.firstChild(tbs);
        if (n.tag == 0xa0) n = der.next(n, tbs); // [0] EXPLICIT version
        if (n.tag != DerParser.TAG_INTEGER) revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(n.tag)), bytes32(uint256(2)));
        c.serial = der.readUint(n);
        n = der.next(n, tbs); // signature AlgId
        _requireEcdsaSha256(der, n);
        n = der.next(n, tbs); // issuer
        if (n.tag != DerParser.TAG_SEQUENCE) revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(n.tag)), bytes32(uint256(0x30)));
        c.issuerHash = der.hashNode(n);
        n = der.next(n, tbs); // validity
        if (n.tag != DerParser.TAG_SEQUENCE) revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(n.tag)), bytes32(uint256(0x30)));
        DerParser.Node memory t = der.firstChild(n);
        c.notBefore = der.readTime(t);
        c.notAfter = der.readTime(der.next(t, n));
        n = der.next(n, tbs); // subject
        c.subjectHash = der.hashNode(n);
        n = der.next(n, tbs); // subjectPublicKeyInfo
        (c.keyX, c.keyY) = _readP256Key(der, n);
        // Optional issuerUniqueID [1], subjectUniqueID [2], extensions [3].
        while (n.end < tbs.end) {
            n = der.next(n, tbs);
            if (n.tag == 0xa3) _readExtensions(der, n, c);
        }

        DerParser.Node memory alg = der.next(tbs, root);
        _requireEcdsaSha256(der, alg);
        (c.sigR, c.sigS) = _readSignature(der, der.next(alg, root), root);
    }

    /// @notice Parses the SGX extension of a certificate parsed by {parseCertificate}.
    function parseSgxExtension(bytes memory der, Certificate memory c) internal pure returns (SgxExtension memory e) {
        if (c.sgxExtStart == 0) revert X509ParserSgxExtensionMissing(0, 1);
        DerParser.Node memory list = der.expect(c.sgxExtStart, der.length, DerParser.TAG_SEQUENCE);
        uint256 seen;
        for (uint256 at = list.content; at < list.end; ) {
            DerParser.Node memory item = der.expect(at, list.end, DerParser.TAG_SEQUENCE);
            DerParser.Node memory oid = der.expect(item.content, item.end, DerParser.TAG_OID);
            DerParser.Node memory value = der.next(oid, item);
            uint256 arc = _sgxArc(der, oid);
            if (arc == 2) {
                _readTcb(der, value, e);
                seen |= 1;
            } else if (arc == 3) {
                e.pceId = bytes2(_octets(der, value, 2));
                seen |= 2;
            } else if (arc == 4) {
                e.fmspc = bytes6(_octets(der, value, 6));
                seen |= 4;
            }
            at = item.end;
        }
        if (seen != 7) revert X509ParserSgxExtensionMissing(seen, 7);
    }

    /// @notice Parses a DER CRL.
    function parseCrl(bytes memory der) internal view returns (Crl memory crl) {
        DerParser.Node memory root = der.expect(0, der.length, DerParser.TAG_SEQUENCE);
        DerParser.Node memory tbs = der.expect(root.content, root.end, DerParser.TAG_SEQUENCE);
        crl.tbsDigest = _sha256(der, tbs.start, tbs.end);
        DerParser.Node memory n = der.firstChild(tbs);
        if (n.tag == DerParser.TAG_INTEGER) n = der.next(n, tbs); // version v2
        _requireEcdsaSha256(der, n);
        n = der.next(n, tbs);
        if (n.tag != DerParser.TAG_SEQUENCE) revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(n.tag)), bytes32(uint256(0x30)));
        crl.issuerHash = der.hashNode(n);
        n = der.next(n, tbs);
        crl.thisUpdate = der.readTime(n);
        n = der.next(n, tbs);
        crl.nextUpdate = der.readTime(n);
        if (n.end < tbs.end) {
            n = der.next(n, tbs);
            if (n.tag == DerParser.TAG_SEQUENCE) {
                uint256 count;
                for (uint256 at = n.content; at < n.end; count++) at = der.nodeAt(at, n.end).end;
                crl.revokedSerials = new uint256[](count);
                uint256 i;
                for (uint256 at = n.content; at < n.end; i++) {
                    DerParser.Node memory entry = der.expect(at, n.end, DerParser.TAG_SEQUENCE);
                    crl.revokedSerials[i] = der.readUint(der.firstChild(entry));
                    at = entry.end;
                }
            }
        }
        DerParser.Node memory alg = der.next(tbs, root);
        _requireEcdsaSha256(der, alg);
        (crl.sigR, crl.sigS) = _readSignature(der, der.next(alg, root), root);
    }

    function _requireEcdsaSha256(bytes memory der, DerParser.Node memory alg) private pure {
        if (alg.tag != DerParser.TAG_SEQUENCE) revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(alg.tag)), ECDSA_SHA256_ALG);
        bytes32 h = der.hashContent(alg);
        if (h != ECDSA_SHA256_ALG) revert X509ParserSignatureAlgorithmUnsupported(h, ECDSA_SHA256_ALG);
    }

    function _readP256Key(bytes memory der, DerParser.Node memory spki) private pure returns (bytes32 x, bytes32 y) {
        if (spki.tag != DerParser.TAG_SEQUENCE) revert X509ParserPublicKeyUnsupported(bytes32(uint256(spki.tag)), EC_P256_ALG);
        DerParser.Node memory alg = der.expect(spki.content, spki.end, DerParser.TAG_SEQUENCE);
        bytes32 h = der.hashContent(alg);
        if (h != EC_P256_ALG) revert X509ParserPublicKeyUnsupported(h, EC_P256_ALG);
        DerParser.Node memory bits = der.expect(alg.end, spki.end, DerParser.TAG_BIT_STRING);
        // BIT STRING content: 0x00 (unused bits) ‖ 0x04 (uncompressed) ‖ x (32) ‖ y (32) = 66 bytes.
        if (bits.end - bits.content != 66 || der[bits.content] != 0 || der[bits.content + 1] != 0x04) {
            revert X509ParserPublicKeyUnsupported(bytes32(bits.end - bits.content), bytes32(uint256(66)));
        }
        x = der.word(bits.content + 2);
        y = der.word(bits.content + 34);
    }

    function _readSignature(bytes memory der, DerParser.Node memory bits, DerParser.Node memory root)
        private
        pure
        returns (bytes32 r, bytes32 s)
    {
        if (bits.tag != DerParser.TAG_BIT_STRING || bits.end - bits.content < 1 || der[bits.content] != 0) {
            revert X509ParserSignatureAlgorithmUnsupported(bytes32(uint256(bits.tag)), bytes32(uint256(DerParser.TAG_BIT_STRING)));
        }
        DerParser.Node memory seq = der.expect(bits.content + 1, bits.end, DerParser.TAG_SEQUENCE);
        DerParser.Node memory rn = der.expect(seq.content, seq.end, DerParser.TAG_INTEGER);
        DerParser.Node memory sn = der.expect(rn.end, seq.end, DerParser.TAG_INTEGER);
        r = bytes32(der.readUint(rn));
        s = bytes32(der.readUint(sn));
        root; // the signature is the certificate's last element; trailing bytes inside root are ignored by design
    }

    function _readExtensions(bytes memory der, DerParser.Node memory wrapper, Certificate memory c) private pure {
        DerParser.Node memory list = der.expect(wrapper.content, wrapper.end, DerParser.TAG_SEQUENCE);
        for (uint256 at = list.content; at < list.end; ) {
            DerParser.Node memory ext = der.expect(at, list.end, DerParser.TAG_SEQUENCE);
            DerParser.Node memory oid = der.expect(ext.content, ext.end, DerParser.TAG_OID);
            DerParser.Node memory value = der.next(oid, ext);
            if (value.tag == DerParser.TAG_BOOLEAN) value = der.next(value, ext); // critical flag
            if (value.tag != DerParser.TAG_OCTET_STRING) revert X509ParserSgxExtensionFieldInvalid(value.tag, DerParser.TAG_OCTET_STRING);
            bytes32 oidHash = der.hashContent(oid);
            if (oidHash == OID_BASIC_CONSTRAINTS) {
                DerParser.Node memory bc = der.expect(value.content, value.end, DerParser.TAG_SEQUENCE);
                if (bc.end > bc.content) {
                    DerParser.Node memory flag = der.firstChild(bc);
                    c.isCa = flag.tag == DerParser.TAG_BOOLEAN && flag.end == flag.content + 1 && der[flag.content] != 0;
                }
            } else if (oidHash == OID_SGX_EXTENSION) {
                c.sgxExtStart = value.content;
            }
            at = ext.end;
        }
    }

    /// @dev Last arc of an OID under 1.2.840.113741.1.13.1 (9 content bytes + 1), or 0 for any other OID.
    function _sgxArc(bytes memory der, DerParser.Node memory oid) private pure returns (uint256) {
        if (oid.end - oid.content != 10) return 0;
        bytes32 prefix;
        assembly ("memory-safe") {
            prefix := keccak256(add(add(der, 0x20), mload(add(oid, 0x40))), 9)
        }
        if (prefix != OID_SGX_EXTENSION) return 0;
        return uint8(der[oid.content + 9]);
    }

    function _readTcb(bytes memory der, DerParser.Node memory seq, SgxExtension memory e) private pure {
        if (seq.tag != DerParser.TAG_SEQUENCE) revert X509ParserSgxExtensionFieldInvalid(seq.tag, DerParser.TAG_SEQUENCE);
        uint256 comps;
        for (uint256 at = seq.content; at < seq.end; ) {
            DerParser.Node memory item = der.expect(at, seq.end, DerParser.TAG_SEQUENCE);
            DerParser.Node memory oid = der.expect(item.content, item.end, DerParser.TAG_OID);
            DerParser.Node memory value = der.next(oid, item);
            // TCB item OIDs are 1.2.840.113741.1.13.1.2.<k>: 11 content bytes, the last is k.
            if (oid.end - oid.content == 11) {
                uint256 k = uint8(der[oid.content + 10]);
                if (k >= 1 && k <= 16) {
                    uint256 svn = der.readUint(value);
                    if (svn > 255) revert X509ParserSgxExtensionFieldInvalid(svn, 255);
                    comps |= svn << (8 * (16 - k));
                } else if (k == 17) {
                    uint256 pce = der.readUint(value);
                    if (pce > type(uint16).max) revert X509ParserSgxExtensionFieldInvalid(pce, type(uint16).max);
                    e.pceSvn = uint16(pce);
                } else if (k == 18) {
                    e.cpuSvn = bytes16(_octets(der, value, 16));
                }
            }
            at = item.end;
        }
        e.tcbComponents = bytes16(uint128(comps));
    }

    function _octets(bytes memory der, DerParser.Node memory n, uint256 len) private pure returns (bytes32 w) {
        if (n.tag != DerParser.TAG_OCTET_STRING || n.end - n.content != len) {
            revert X509ParserSgxExtensionFieldInvalid(n.end - n.content, len);
        }
        w = der.word(n.content);
        // Keep only the first `len` bytes (the word may run past the field).
        w &= bytes32(type(uint256).max << (8 * (32 - len)));
    }

    function _sha256(bytes memory der, uint256 from, uint256 to) private view returns (bytes32 h) {
        // The SHA-256 precompile (0x02) exists on every EVM chain including Besu/Shanghai.
        assembly ("memory-safe") {
            if iszero(staticcall(gas(), 0x02, add(add(der, 0x20), from), sub(to, from), 0x00, 0x20)) { revert(0, 0) }
            h := mload(0x00)
        }
    }
}
