// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEnclaveRegistry} from "./IEnclaveRegistry.sol";
import {IDcapQuoteVerifier} from "./IDcapQuoteVerifier.sol";

/**
 * @title EnclaveRegistry
 * @notice Registers the secp256k1 signing keys of attested enclaves. A key enters through a DCAP quote that
 *         {IDcapQuoteVerifier} verifies at `block.timestamp` and that passes the regulator's policy; per batch, a
 *         ledger then only checks a cheap ECDSA signature against {isActiveEnclaveKey}.
 *
 * Report data layout (64 bytes, the enclave's REPORTDATA / TDREPORT REPORTDATA):
 *   [0, 20)   enclave signing key: the Ethereum address of a secp256k1 key generated inside the enclave
 *   [20, 32)  zero
 *   [32, 64)  keccak256(abi.encode(REPORT_DATA_DOMAIN, chainId, registry, key))
 * so a quote registers exactly one key on exactly one chain and registry (no replay elsewhere).
 *
 * Policy (set by the regulator): a measurement allow-list — MRENCLAVE, or MRSIGNER + ISVPRODID with a minimum
 * ISVSVN (SGX), or MRTD (TDX); debug enclaves refused; a set of acceptable TCB statuses (default UpToDate and
 * SWHardeningNeeded); Revoked is refused whatever the set says. A key expires after `keyLifetime` or when the
 * quote's collateral expires, whichever is first. The regulator can revoke a key, or a measurement (which
 * deactivates every key registered under it), at once.
 */
contract EnclaveRegistry is IEnclaveRegistry {
    struct EnclaveKey {
        bytes32 measurementId;
        uint64 expiresAt;
        bool revoked;
    }

    struct SignerRule {
        bool allowed;
        uint16 minIsvSvn;
    }

    /// @dev Domain tag of the report-data binding: keccak256("hardhat-drex-swarm.EnclaveRegistry.reportData.v1").
    bytes32 public constant REPORT_DATA_DOMAIN = keccak256("hardhat-drex-swarm.EnclaveRegistry.reportData.v1");
    /// @dev Bit i of the accepted-status mask accepts TcbStatus(i); default UpToDate (bit 0) | SWHardeningNeeded (bit 1).
    uint8 public constant DEFAULT_ACCEPTED_TCB_STATUSES = 0x03;
    uint8 private constant REVOKED_BIT = uint8(1) << uint8(IDcapQuoteVerifier.TcbStatus.Revoked);
    uint8 private constant KIND_MRENCLAVE = 1;
    uint8 private constant KIND_MRSIGNER = 2;
    uint8 private constant KIND_MRTD = 3;

    IDcapQuoteVerifier private immutable _verifier;
    address private _regulator;
    uint8 private _acceptedTcbStatuses;
    uint64 private _keyLifetime;
    mapping(bytes32 measurementId => bool) private _allowedMeasurements;
    mapping(bytes32 signerId => SignerRule) private _signerRules;
    mapping(address key => EnclaveKey) private _keys;

    event EnclaveKeyRegistered(address indexed key, bytes32 indexed measurementId, uint64 expiresAt, IDcapQuoteVerifier.TcbStatus tcbStatus);
    event EnclaveKeyRevoked(address indexed key);
    event MeasurementAllowed(bytes32 indexed measurementId, bool allowed);
    event SignerRuleSet(bytes32 indexed measurementId, bool allowed, uint16 minIsvSvn);
    event AcceptedTcbStatusesSet(uint8 mask);
    event KeyLifetimeSet(uint64 lifetime);
    event RegulatorTransferred(address indexed previous, address indexed next);

    error EnclaveRegistryNotRegulator(address found, address expected);
    error EnclaveRegistryDebugEnclave(bytes32 measurementId, bool expected);
    error EnclaveRegistryMeasurementNotAllowed(bytes32 found, bytes32 expected);
    error EnclaveRegistryIsvSvnTooLow(uint16 found, uint16 expected);
    error EnclaveRegistryTcbStatusNotAccepted(IDcapQuoteVerifier.TcbStatus found, uint8 expected);
    error EnclaveRegistryTcbRevoked(IDcapQuoteVerifier.TcbStatus found, IDcapQuoteVerifier.TcbStatus expected);
    error EnclaveRegistryReportDataMismatch(bytes32 found, bytes32 expected);
    error EnclaveRegistryKeyRevoked(address found, address expected);
    error EnclaveRegistryMaskInvalid(uint8 found, uint8 expected);

    modifier onlyRegulator() {
        if (msg.sender != _regulator) revert EnclaveRegistryNotRegulator(msg.sender, _regulator);
        _;
    }

    /**
     * @param verifier_ the DCAP quote verifier (with its collateral store)
     * @param regulator_ the account that sets policy and revokes
     * @param keyLifetime_ seconds a registered key stays valid at most
     */
    constructor(IDcapQuoteVerifier verifier_, address regulator_, uint64 keyLifetime_) {
        _verifier = verifier_;
        _regulator = regulator_;
        _acceptedTcbStatuses = DEFAULT_ACCEPTED_TCB_STATUSES;
        _keyLifetime = keyLifetime_;
        emit RegulatorTransferred(address(0), regulator_);
    }

    /**
     * @notice Verifies `quote` now, applies the policy and registers the key its report data carries.
     * @dev Requirements: the quote verifies at block.timestamp; the policy accepts it; the report data binds
     *      the key to this chain and registry; the key was not revoked.
     * Emits {EnclaveKeyRegistered}.
     * @return key the registered enclave signing key
     */
    function register(bytes calldata quote) external returns (address key) {
        IDcapQuoteVerifier.VerifiedQuote memory v = _verifier.verifyQuote(quote, uint64(block.timestamp));
        bytes32 measurementId = _applyPolicy(v);
        key = _boundKey(v.reportData);
        EnclaveKey storage k = _keys[key];
        if (k.revoked) revert EnclaveRegistryKeyRevoked(key, address(0));
        // Saturating: a lifetime near 2^64 must not overflow (the collateral's expiry caps it anyway).
        uint256 untilLifetime = block.timestamp + _keyLifetime;
        uint64 expiresAt = untilLifetime < v.validUntil ? uint64(untilLifetime) : v.validUntil;
        k.measurementId = measurementId;
        k.expiresAt = expiresAt;
        emit EnclaveKeyRegistered(key, measurementId, expiresAt, v.tcbStatus);
    }

    /**
     * @notice Verifies `quote` at `atTime` and applies the policy, without the report-data binding or any state
     *         change: lets the regulator and tests judge real quotes inside their (past) validity windows.
     * @return v the verified quote
     * @return measurementId the allow-list entry that admitted it
     */
    function checkPolicyAt(bytes calldata quote, uint64 atTime)
        external
        view
        returns (IDcapQuoteVerifier.VerifiedQuote memory v, bytes32 measurementId)
    {
        v = _verifier.verifyQuote(quote, atTime);
        measurementId = _applyPolicy(v);
    }

    /// @inheritdoc IEnclaveRegistry
    function isActiveEnclaveKey(address key) external view returns (bool) {
        EnclaveKey storage k = _keys[key];
        return !k.revoked && k.expiresAt >= block.timestamp && k.expiresAt != 0 && _allowedMeasurements[k.measurementId];
    }

    /// @notice The registration record of `key`.
    function enclaveKey(address key) external view returns (EnclaveKey memory) {
        return _keys[key];
    }

    /// @notice The report data an enclave must put in its quote to register `key` here.
    function expectedReportData(address key) external view returns (bytes memory) {
        return abi.encodePacked(bytes20(key), bytes12(0), _binding(key));
    }

    /**
     * @notice Allows or disallows an MRENCLAVE (SGX). Disallowing deactivates every key registered under it.
     * @dev Requirements: caller is the regulator. Emits {MeasurementAllowed}.
     */
    function allowMrEnclave(bytes32 mrEnclave, bool allowed) external onlyRegulator {
        _setMeasurement(mrEnclaveId(mrEnclave), allowed);
    }

    /**
     * @notice Allows or disallows enclaves by MRSIGNER + ISVPRODID with a minimum ISVSVN (SGX).
     * @dev Requirements: caller is the regulator. Emits {SignerRuleSet} and {MeasurementAllowed}.
     */
    function allowMrSigner(bytes32 mrSigner, uint16 isvProdId, uint16 minIsvSvn, bool allowed) external onlyRegulator {
        bytes32 id = mrSignerId(mrSigner, isvProdId);
        _signerRules[id] = SignerRule(allowed, minIsvSvn);
        emit SignerRuleSet(id, allowed, minIsvSvn);
        _setMeasurement(id, allowed);
    }

    /**
     * @notice Allows or disallows an MRTD (TDX, 48 bytes). Disallowing deactivates every key registered under it.
     * @dev Requirements: caller is the regulator. Emits {MeasurementAllowed}.
     */
    function allowMrTd(bytes calldata mrTd, bool allowed) external onlyRegulator {
        _setMeasurement(mrTdId(mrTd), allowed);
    }

    /**
     * @notice Revokes a measurement (any id from {mrEnclaveId}, {mrSignerId}, {mrTdId}) at once.
     * @dev Requirements: caller is the regulator. Emits {MeasurementAllowed}(id, false).
     */
    function revokeMeasurement(bytes32 measurementId) external onlyRegulator {
        _signerRules[measurementId].allowed = false;
        _setMeasurement(measurementId, false);
    }

    /**
     * @notice Revokes an enclave key for good (it cannot be registered again).
     * @dev Requirements: caller is the regulator. Emits {EnclaveKeyRevoked}.
     */
    function revokeKey(address key) external onlyRegulator {
        _keys[key].revoked = true;
        emit EnclaveKeyRevoked(key);
    }

    /**
     * @notice Sets the accepted TCB statuses: bit i accepts TcbStatus(i).
     * @dev Requirements: caller is the regulator; the Revoked bit (64) is not set. Emits {AcceptedTcbStatusesSet}.
     */
    function setAcceptedTcbStatuses(uint8 mask) external onlyRegulator {
        if (mask & REVOKED_BIT != 0 || mask >= REVOKED_BIT << 1) revert EnclaveRegistryMaskInvalid(mask, REVOKED_BIT - 1);
        _acceptedTcbStatuses = mask;
        emit AcceptedTcbStatusesSet(mask);
    }

    /**
     * @notice Sets the maximum lifetime of newly registered keys.
     * @dev Requirements: caller is the regulator. Emits {KeyLifetimeSet}.
     */
    function setKeyLifetime(uint64 lifetime) external onlyRegulator {
        _keyLifetime = lifetime;
        emit KeyLifetimeSet(lifetime);
    }

    /**
     * @notice Hands the regulator role to `next`.
     * @dev Requirements: caller is the regulator. Emits {RegulatorTransferred}.
     */
    function transferRegulator(address next) external onlyRegulator {
        emit RegulatorTransferred(_regulator, next);
        _regulator = next;
    }

    /// @notice The regulator account.
    function regulator() external view returns (address) {
        return _regulator;
    }

    /// @notice The accepted TCB status mask.
    function acceptedTcbStatuses() external view returns (uint8) {
        return _acceptedTcbStatuses;
    }

    /// @notice The quote verifier.
    function verifier() external view returns (IDcapQuoteVerifier) {
        return _verifier;
    }

    /// @notice Measurement id of an MRENCLAVE.
    function mrEnclaveId(bytes32 mrEnclave) public pure returns (bytes32) {
        return keccak256(abi.encode(KIND_MRENCLAVE, mrEnclave));
    }

    /// @notice Measurement id of an MRSIGNER + ISVPRODID pair.
    function mrSignerId(bytes32 mrSigner, uint16 isvProdId) public pure returns (bytes32) {
        return keccak256(abi.encode(KIND_MRSIGNER, mrSigner, isvProdId));
    }

    /// @notice Measurement id of an MRTD.
    function mrTdId(bytes memory mrTd) public pure returns (bytes32) {
        return keccak256(abi.encode(KIND_MRTD, mrTd));
    }

    function _applyPolicy(IDcapQuoteVerifier.VerifiedQuote memory v) private view returns (bytes32 id) {
        if (v.teeType == 0) {
            id = mrEnclaveId(v.mrEnclave);
            if (!_allowedMeasurements[id]) {
                bytes32 signer = mrSignerId(v.mrSigner, v.isvProdId);
                SignerRule memory rule = _signerRules[signer];
                if (!rule.allowed) revert EnclaveRegistryMeasurementNotAllowed(id, signer);
                if (v.isvSvn < rule.minIsvSvn) revert EnclaveRegistryIsvSvnTooLow(v.isvSvn, rule.minIsvSvn);
                id = signer;
            }
        } else {
            id = mrTdId(v.mrTd);
            if (!_allowedMeasurements[id]) revert EnclaveRegistryMeasurementNotAllowed(id, bytes32(0));
        }
        if (v.debug) revert EnclaveRegistryDebugEnclave(id, false);
        // Revoked is refused first and unconditionally (Automata's verifier once accepted a revoked TCB level).
        if (v.tcbStatus == IDcapQuoteVerifier.TcbStatus.Revoked) {
            revert EnclaveRegistryTcbRevoked(v.tcbStatus, IDcapQuoteVerifier.TcbStatus.UpToDate);
        }
        if (_acceptedTcbStatuses & (uint8(1) << uint8(v.tcbStatus)) == 0) {
            revert EnclaveRegistryTcbStatusNotAccepted(v.tcbStatus, _acceptedTcbStatuses);
        }
    }

    function _boundKey(bytes memory reportData) private view returns (address key) {
        bytes32 low;
        bytes32 high;
        assembly ("memory-safe") {
            low := mload(add(reportData, 0x20))
            high := mload(add(reportData, 0x40))
        }
        key = address(bytes20(low));
        if (uint256(low) << 160 != 0) revert EnclaveRegistryReportDataMismatch(low, bytes32(bytes20(key)));
        bytes32 expected = _binding(key);
        if (high != expected) revert EnclaveRegistryReportDataMismatch(high, expected);
    }

    function _binding(address key) private view returns (bytes32) {
        return keccak256(abi.encode(REPORT_DATA_DOMAIN, block.chainid, address(this), key));
    }

    function _setMeasurement(bytes32 id, bool allowed) private {
        _allowedMeasurements[id] = allowed;
        emit MeasurementAllowed(id, allowed);
    }
}
