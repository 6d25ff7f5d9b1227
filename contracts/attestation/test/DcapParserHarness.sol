// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapQuoteVerifier} from "../IDcapQuoteVerifier.sol";
import {QuoteLayout, QuoteParserVersionMismatch} from "../QuoteLayout.sol";
import {QuoteV3Parser} from "../QuoteV3Parser.sol";
import {QuoteV4Parser} from "../QuoteV4Parser.sol";
import {X509Parser} from "../X509Parser.sol";
import {PemChain} from "../PemChain.sol";
import {P256Signature} from "../P256Signature.sol";

/**
 * @title DcapParserHarness
 * @notice Test-only: exposes the attestation parsers for unit tests, the fuzz run (eth_call) and gas profiling.
 */
contract DcapParserHarness {
    /// @notice Parses a quote (v3 or v4) and returns it.
    function parseQuote(bytes calldata quote) external pure returns (IDcapQuoteVerifier.Quote memory q) {
        uint16 version = QuoteLayout.le16(quote, 0);
        if (version == QuoteV3Parser.VERSION) return QuoteV3Parser.parse(quote);
        if (version == QuoteV4Parser.VERSION) return QuoteV4Parser.parse(quote);
        revert QuoteParserVersionMismatch(version, QuoteV3Parser.VERSION);
    }

    /// @notice Parses a quote, splits its PEM chain and parses every certificate and the leaf's SGX extension.
    function parseAll(bytes calldata quote) external view returns (uint256 certificates, bytes6 fmspc) {
        IDcapQuoteVerifier.Quote memory q = this.parseQuote(quote);
        bytes[] memory ders = this.splitPem(q.auth.pckChainPem);
        for (uint256 i; i < ders.length; ++i) X509Parser.parseCertificate(ders[i]);
        if (ders.length > 0) {
            X509Parser.Certificate memory leaf = X509Parser.parseCertificate(ders[0]);
            fmspc = X509Parser.parseSgxExtension(ders[0], leaf).fmspc;
        }
        certificates = ders.length;
    }

    /// @notice Splits PEM text into DER certificates.
    function splitPem(bytes calldata pem) external pure returns (bytes[] memory ders) {
        bytes memory text = pem;
        PemChain.Block[] memory blocks = PemChain.blocks(text);
        ders = new bytes[](blocks.length);
        for (uint256 i; i < blocks.length; ++i) ders[i] = PemChain.decode(text, blocks[i]);
    }

    /// @notice The canonical PEM body of a DER certificate.
    function canonicalBody(bytes calldata der) external pure returns (bytes memory) {
        return PemChain.canonicalBody(der);
    }

    /// @notice Parses a DER certificate.
    function parseCertificate(bytes calldata der) external view returns (X509Parser.Certificate memory) {
        return X509Parser.parseCertificate(der);
    }

    /// @notice Parses the SGX extension of a DER certificate.
    function parseSgxExtension(bytes calldata der) external view returns (X509Parser.SgxExtension memory) {
        bytes memory d = der;
        return X509Parser.parseSgxExtension(d, X509Parser.parseCertificate(d));
    }

    /// @notice Parses a DER CRL.
    function parseCrl(bytes calldata der) external view returns (X509Parser.Crl memory) {
        return X509Parser.parseCrl(der);
    }

    /// @notice Fuzz driver: runs {parseAll} on each input with `gasPerInput` and returns, per input, the first
    ///         4 bytes of its revert data (empty = parsed; a Panic selector or empty revert data would be a finding).
    function probeParse(bytes[] calldata inputs, uint256 gasPerInput) external view returns (bytes[] memory reverts, bool[] memory ok) {
        reverts = new bytes[](inputs.length);
        ok = new bool[](inputs.length);
        for (uint256 i; i < inputs.length; ++i) {
            try this.parseAll{gas: gasPerInput}(inputs[i]) {
                ok[i] = true;
            } catch (bytes memory reason) {
                reverts[i] = _head(reason);
            }
        }
    }

    /// @notice Fuzz driver for the full verifier at `atTime`; same result shape as {probeParse}.
    function probeVerify(IDcapQuoteVerifier verifier, bytes[] calldata inputs, uint64 atTime, uint256 gasPerInput)
        external
        view
        returns (bytes[] memory reverts, bool[] memory ok)
    {
        reverts = new bytes[](inputs.length);
        ok = new bool[](inputs.length);
        for (uint256 i; i < inputs.length; ++i) {
            try verifier.verifyQuote{gas: gasPerInput}(inputs[i], atTime) {
                ok[i] = true;
            } catch (bytes memory reason) {
                reverts[i] = _head(reason);
            }
        }
    }

    function _head(bytes memory reason) private pure returns (bytes memory) {
        if (reason.length <= 36) return reason;
        bytes memory h = new bytes(36); // selector + first word (a Panic's code)
        for (uint256 j; j < 36; ++j) h[j] = reason[j];
        return h;
    }

    /// @notice P-256 verification through the suite's wrapper.
    function verifyP256(bytes32 h, bytes32 r, bytes32 s, bytes32 x, bytes32 y) external view returns (bool) {
        return P256Signature.verify(h, r, s, x, y);
    }
}
