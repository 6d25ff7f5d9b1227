// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RealDigital} from "./RealDigital.sol";

/**
 * @title RealDigitalEnableAccount
 * @notice Local, ABI-compatible implementation of the pilot's self-service enabling of Real Digital wallets
 * (RealDigitalEnableAccount.md / abi/RealDigitalEnableAccount.json of bacen/pilotord-kit-onboarding @ 77343bb).
 * @dev This contract must hold `ACCESS_ROLE` on Real Digital. SILENT in the kit: how it knows which participant a
 * wallet belongs to (nothing in the ABI maps wallet → CNPJ8). Choice: any wallet already enabled on Real Digital
 * may enable any other address; a wallet may disable only itself.
 */
contract RealDigitalEnableAccount {
    /// @notice `caller` is not enabled on Real Digital.
    error RealDigitalEnableAccountNotAuthorizedAccount(address caller);

    /// @notice The Real Digital address given at deployment is zero.
    error RealDigitalEnableAccountInvalidAccessControl(address accessControl);

    RealDigital private immutable _cbdc;

    /// @param accessControlAddress the Real Digital contract whose accounts this contract manages.
    constructor(address accessControlAddress) {
        if (accessControlAddress == address(0)) {
            revert RealDigitalEnableAccountInvalidAccessControl(accessControlAddress);
        }
        _cbdc = RealDigital(accessControlAddress);
    }

    /**
     * @notice Enables `member` on Real Digital.
     * @dev Requirements: caller enabled on Real Digital. Real Digital emits {ICBDC-EnabledAccount}.
     * @param member wallet to enable.
     */
    function enableAccount(address member) external {
        _requireAuthorized();
        _cbdc.enableAccount(member);
    }

    /**
     * @notice Disables the calling wallet on Real Digital.
     * @dev Requirements: caller enabled on Real Digital. Real Digital emits {ICBDC-DisabledAccount}.
     */
    function disableAccount() external {
        _requireAuthorized();
        _cbdc.disableAccount(msg.sender);
    }

    function _requireAuthorized() private view {
        if (!_cbdc.authorizedAccounts(msg.sender)) revert RealDigitalEnableAccountNotAuthorizedAccount(msg.sender);
    }
}
