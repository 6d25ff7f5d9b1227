// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RealDigital} from "./RealDigital.sol";

// Naming (kept out of NatSpec, whose parser reads every at-sign as a tag): name "RealTokenizado@<cnpj8>" and symbol
// "BRL@<cnpj8>" (smartcontracts.md) rather than "DREX@<cnpj8>" (RealTokenizado.md), CNPJ8 in plain decimal. Both are
// constructor arguments, so a deployer may pick either symbol.
/**
 * @title RealTokenizado
 * @notice Local, ABI-compatible implementation of the pilot's Real Tokenizado (tokenized deposits of one bank,
 * ERC20, 2 decimals), per RealTokenizado.md / abi/RealTokenizado.json of bacen/pilotord-kit-onboarding @ 77343bb.
 * @dev Inherits {RealDigital} (every rule there applies: enabled accounts, pause, freeze, roles). The bank is the
 * `_authority` (all operational roles on its own token); BCB deploys, so BCB holds `DEFAULT_ADMIN_ROLE`.
 *
 * Choices on SILENT/CONFLICT points:
 *  - Name and symbol: see the comment above the contract (CONFLICT between two kit pages).
 *  - {updateReserve} is `DEFAULT_ADMIN_ROLE` (BCB) only: changing the bank's settlement wallet is a request to BCB
 *    (smartcontracts.md). The new reserve must be non-zero; whether it is enabled on Real Digital is not checked
 *    here (this contract does not know Real Digital); a swap to a non-enabled reserve reverts in Real Digital.
 *  - Swap contracts need `MINTER_ROLE` and `BURNER_ROLE` here (granted by the admin); they burn the payer's tokens
 *    with {burnFrom} under the payer's allowance.
 */
contract RealTokenizado is RealDigital {
    /// @notice The bank's reserve wallet changed from `previousReserve` to `newReserve`. Not in the pilot ABI.
    event ReserveUpdated(address indexed previousReserve, address indexed newReserve);

    string private _participantName;
    uint256 private immutable _participantCnpj8;
    address private _reserveWallet;

    /**
     * @param _name token name (see the naming comment above the contract).
     * @param _symbol token symbol (idem).
     * @param _authority the bank's wallet: every operational role on this token.
     * @param _participant the bank's name.
     * @param _cnpj8 first 8 digits of the bank's CNPJ, as a number (leading zeros are lost).
     * @param _reserve the bank's Real Digital wallet used by swaps and DvP settlement.
     */
    constructor(
        string memory _name,
        string memory _symbol,
        address _authority,
        string memory _participant,
        uint256 _cnpj8,
        address _reserve
    ) RealDigital(_name, _symbol, _authority) {
        if (_reserve == address(0)) revert CBDCInvalidAccount(_reserve);
        _participantName = _participant;
        _participantCnpj8 = _cnpj8;
        _reserveWallet = _reserve;
    }

    /**
     * @notice The bank's name.
     * @return participant name given at deployment.
     */
    function participant() external view returns (string memory) {
        return _participantName;
    }

    /**
     * @notice The bank's CNPJ8 (first 8 digits of its CNPJ).
     * @return cnpj8 as a number.
     */
    function cnpj8() external view returns (uint256) {
        return _participantCnpj8;
    }

    /**
     * @notice The bank's reserve wallet: Real Digital leaves/enters it when its customers swap across banks.
     * @return reserve wallet.
     */
    function reserve() external view returns (address) {
        return _reserveWallet;
    }

    /**
     * @notice Replaces the bank's reserve wallet.
     * @dev Requirements: caller holds `DEFAULT_ADMIN_ROLE`; `newReserve` is non-zero.
     * Emits a {ReserveUpdated} event.
     * @param newReserve new reserve wallet.
     */
    function updateReserve(address newReserve) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newReserve == address(0)) revert CBDCInvalidAccount(newReserve);
        address previous = _reserveWallet;
        _reserveWallet = newReserve;
        emit ReserveUpdated(previous, newReserve);
    }
}
