// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/**
 * @title ApprovedDigitalCurrency
 * @notice Allow-list of the tokens a swap contract accepts (abi/ApprovedDigitalCurrency.json of
 * bacen/pilotord-kit-onboarding @ 77343bb; base of every swap contract).
 * @dev Abstract: the pilot exposes no getter for the list (the .md's public `approvedDigitalCurrency` mapping is
 * absent from the ABI), so {_requireApproved} is how swaps consult it.
 */
abstract contract ApprovedDigitalCurrency is AccessControl {
    /// @notice `asset` is now approved (`approved == true`) or no longer approved for swaps. Not in the pilot ABI.
    event DigitalCurrencyApprovalChanged(address indexed asset, bool approved);

    /// @notice `asset` is used in a swap but is not on the allow-list.
    error ApprovedDigitalCurrencyNotApproved(address asset);

    /// @notice The zero address cannot be admin or authority.
    error ApprovedDigitalCurrencyInvalidAccount(address account);

    /// @notice Role allowed to change the allow-list.
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    mapping(address asset => bool approved) private _approved;

    /**
     * @param _authority wallet allowed to change the allow-list.
     * @param _admin wallet holding `DEFAULT_ADMIN_ROLE`.
     */
    constructor(address _authority, address _admin) {
        if (_authority == address(0)) revert ApprovedDigitalCurrencyInvalidAccount(_authority);
        if (_admin == address(0)) revert ApprovedDigitalCurrencyInvalidAccount(_admin);
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
    }

    /**
     * @notice Adds `asset` to, or removes it from, the allow-list.
     * @dev Requirements: caller holds `ACCESS_ROLE`. Emits a {DigitalCurrencyApprovalChanged} event.
     * @param asset token contract (a Real Tokenizado).
     * @param approved whether swaps may use it.
     */
    function setDigitalCurrencyApproval(address asset, bool approved) external onlyRole(ACCESS_ROLE) {
        _approved[asset] = approved;
        emit DigitalCurrencyApprovalChanged(asset, approved);
    }

    /// @dev Reverts with {ApprovedDigitalCurrencyNotApproved} unless `asset` is on the allow-list.
    function _requireApproved(address asset) internal view {
        if (!_approved[asset]) revert ApprovedDigitalCurrencyNotApproved(asset);
    }
}
