// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {RealDigital} from "./RealDigital.sol";

/**
 * @title RealDigitalDefaultAccount
 * @notice Local, ABI-compatible implementation of the pilot's registry of each participant's default Real Digital
 * wallet, keyed by CNPJ8 (RealDigitalDefaultAccount.md / abi/RealDigitalDefaultAccount.json of
 * bacen/pilotord-kit-onboarding @ 77343bb).
 * @dev Choices on SILENT points:
 *  - A default wallet (first or updated) must be enabled on Real Digital: swaps and interbank payments send Real
 *    Digital there, which a non-enabled wallet could not receive.
 *  - {addDefaultAccount} may overwrite an existing entry: it is BCB's recovery path when a participant loses the
 *    key of its default wallet. Duplicate wallets across CNPJ8s are not checked.
 *  - `onlyParticipant` = caller enabled on Real Digital (kit revert text "Not authorized Account").
 */
contract RealDigitalDefaultAccount is AccessControl {
    /// @notice The default wallet of `cnpj8` changed from `previousWallet` to `newWallet`. Not in the pilot ABI.
    event DefaultAccountUpdated(uint256 indexed cnpj8, address indexed previousWallet, address indexed newWallet);

    /// @notice `caller` is not enabled on Real Digital (the kit's "Not authorized Account").
    error RealDigitalDefaultAccountNotAuthorizedAccount(address caller);

    /// @notice `caller` is not the current default wallet `expected` of the CNPJ8 it tries to update.
    error RealDigitalDefaultAccountNotDefaultWallet(address caller, address expected);

    /// @notice `wallet` cannot become a default wallet: it is zero or not enabled on Real Digital.
    error RealDigitalDefaultAccountWalletNotEnabled(address wallet);

    /// @notice A zero address was given for the token, authority or admin.
    error RealDigitalDefaultAccountInvalidAddress(address account);

    /// @notice Role allowed to register first default wallets (BCB).
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    RealDigital private immutable _cbdc;
    mapping(uint256 cnpj8 => address wallet) private _defaultAccounts;

    /**
     * @param token the Real Digital contract whose enabled accounts define participants.
     * @param _authority wallet with `ACCESS_ROLE` (BCB).
     * @param _admin wallet with `DEFAULT_ADMIN_ROLE` (BCB).
     */
    constructor(RealDigital token, address _authority, address _admin) {
        if (address(token) == address(0)) revert RealDigitalDefaultAccountInvalidAddress(address(token));
        if (_authority == address(0)) revert RealDigitalDefaultAccountInvalidAddress(_authority);
        if (_admin == address(0)) revert RealDigitalDefaultAccountInvalidAddress(_admin);
        _cbdc = token;
        _grantRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(ACCESS_ROLE, _authority);
    }

    /**
     * @notice Default Real Digital wallet of the participant `cnpj8` (pilot public mapping).
     * @param cnpj8 participant's CNPJ8.
     * @return wallet default wallet, zero when none was registered.
     */
    function defaultAccount(uint256 cnpj8) external view returns (address wallet) {
        return _defaultAccounts[cnpj8];
    }

    /**
     * @notice Registers (or, as recovery, replaces) the default wallet of `cnpj8`.
     * @dev Requirements: caller holds `ACCESS_ROLE`; `wallet` enabled on Real Digital.
     * Emits a {DefaultAccountUpdated} event.
     * @param cnpj8 participant's CNPJ8.
     * @param wallet its default wallet.
     */
    function addDefaultAccount(uint256 cnpj8, address wallet) external onlyRole(ACCESS_ROLE) {
        _setDefault(cnpj8, wallet);
    }

    /**
     * @notice The participant moves its default wallet to `newWallet`.
     * @dev Requirements: caller enabled on Real Digital and the current default wallet of `cnpj8`; `newWallet`
     * enabled on Real Digital. Emits a {DefaultAccountUpdated} event.
     * @param cnpj8 participant's CNPJ8.
     * @param newWallet its new default wallet.
     */
    function updateDefaultWallet(uint256 cnpj8, address newWallet) external {
        address caller = _msgSender();
        if (!_cbdc.authorizedAccounts(caller)) revert RealDigitalDefaultAccountNotAuthorizedAccount(caller);
        address current = _defaultAccounts[cnpj8];
        if (caller != current) revert RealDigitalDefaultAccountNotDefaultWallet(caller, current);
        _setDefault(cnpj8, newWallet);
    }

    function _setDefault(uint256 cnpj8, address wallet) private {
        if (wallet == address(0) || !_cbdc.authorizedAccounts(wallet)) {
            revert RealDigitalDefaultAccountWalletNotEnabled(wallet);
        }
        address previous = _defaultAccounts[cnpj8];
        _defaultAccounts[cnpj8] = wallet;
        emit DefaultAccountUpdated(cnpj8, previous, wallet);
    }
}
