// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title AccountRulesDouble
 * @dev TEST DOUBLE ONLY — never deploy to a real network. A minimal contract that answers the part of the Drex
 * pilot's AccountRules ABI (bacen/pilotord-kit-onboarding @ 77343bb, abi/AccountRules.json) that our
 * permissioning tooling uses: permitted accounts, deployers and contract targets, read-only mode, and the
 * Besu `transactionAllowed` hook. The real contract's storage/ingress split and role model are not
 * reproduced: here one admin (the deployer) may change every list.
 */
contract AccountRulesDouble {
    /// @dev Thrown when a caller other than the admin changes a list.
    /// @param found the caller
    /// @param expected the admin
    error AccountRulesDoubleCallerNotAdmin(address found, address expected);

    /// @dev Thrown when a list is changed while the contract is in read-only mode.
    /// @param found whether read-only mode is on (always true here)
    /// @param expected the required mode (false)
    error AccountRulesDoubleReadOnly(bool found, bool expected);

    event AccountAdded(bool accountAdded, address accountAddress);
    event AccountRemoved(bool accountRemoved, address accountAddress);
    event AddDeployer(string message, address deployer);
    event RemoveDeployer(string message, address deployer);
    event AddTarget(string message, address target);
    event RemoveTarget(string message, address target);

    address private immutable _admin;
    bool private _readOnly;
    address[] private _accountList;
    mapping(address account => bool permitted) private _accounts;
    mapping(address deployer => bool allowed) private _deployers;
    mapping(address target => bool enabled) private _targets;

    constructor() {
        _admin = msg.sender;
        _accounts[msg.sender] = true;
        _accountList.push(msg.sender);
    }

    modifier onlyAdminWritable() {
        if (msg.sender != _admin) revert AccountRulesDoubleCallerNotAdmin(msg.sender, _admin);
        if (_readOnly) revert AccountRulesDoubleReadOnly(true, false);
        _;
    }

    /// @notice Whether `_account` may send transactions.
    function accountPermitted(address _account) external view returns (bool) {
        return _accounts[_account];
    }

    /// @notice Permits `account` to send transactions.
    /// @dev Requirements: caller is the admin; not read-only. Emits an {AccountAdded} event.
    function addAccount(address account) external onlyAdminWritable returns (bool) {
        return _addAccount(account);
    }

    /// @notice Permits every address in `accounts`.
    /// @dev Requirements: caller is the admin; not read-only. Emits an {AccountAdded} event per account.
    function addAccounts(address[] calldata accounts) external onlyAdminWritable returns (bool) {
        for (uint256 i = 0; i < accounts.length; i++) _addAccount(accounts[i]);
        return true;
    }

    /// @notice Withdraws `account`'s permission.
    /// @dev Requirements: caller is the admin; not read-only. Emits an {AccountRemoved} event.
    function removeAccount(address account) external onlyAdminWritable returns (bool) {
        bool removed = _accounts[account];
        _accounts[account] = false;
        emit AccountRemoved(removed, account);
        return removed;
    }

    /// @notice Allows `deployer` to create contracts.
    /// @dev Requirements: caller is the admin; not read-only. Emits an {AddDeployer} event.
    function addDeployer(address deployer) external onlyAdminWritable returns (bool) {
        _deployers[deployer] = true;
        emit AddDeployer("deployer added", deployer);
        return true;
    }

    /// @notice Withdraws `deployer`'s right to create contracts.
    /// @dev Requirements: caller is the admin; not read-only. Emits a {RemoveDeployer} event.
    function removeDeployer(address deployer) external onlyAdminWritable {
        _deployers[deployer] = false;
        emit RemoveDeployer("deployer removed", deployer);
    }

    /// @notice Whether `deployer` may create contracts.
    function verifyDeployer(address deployer) external view returns (bool) {
        return _deployers[deployer];
    }

    /// @notice Same as {verifyDeployer}, as the public mapping getter of the real contract.
    function deployers(address deployer) external view returns (bool) {
        return _deployers[deployer];
    }

    /// @notice Enables `target` as a callable contract.
    /// @dev Requirements: caller is the admin; not read-only. Emits an {AddTarget} event.
    function addTarget(address target) external onlyAdminWritable returns (bool) {
        _targets[target] = true;
        emit AddTarget("target added", target);
        return true;
    }

    /// @notice Disables `target`.
    /// @dev Requirements: caller is the admin; not read-only. Emits a {RemoveTarget} event.
    function removeTarget(address target) external onlyAdminWritable {
        _targets[target] = false;
        emit RemoveTarget("target removed", target);
    }

    /// @notice Whether `target` may be called.
    function verifyTarget(address target) external view returns (bool) {
        return _targets[target];
    }

    /// @notice Same as {verifyTarget}, as the public mapping getter of the real contract.
    function targetsEnabled(address target) external view returns (bool) {
        return _targets[target];
    }

    /// @notice Besu's account permissioning hook: permitted sender, and a deployer for creations or an enabled target.
    function transactionAllowed(address sender, address target, uint256, uint256, uint256, bytes calldata) external view returns (bool) {
        if (!_accounts[sender]) return false;
        if (target == address(0)) return _deployers[sender];
        return _targets[target];
    }

    /// @notice Whether the lists are frozen.
    function isReadOnly() external view returns (bool) {
        return _readOnly;
    }

    /// @notice Freezes the lists. Requirements: caller is the admin.
    function enterReadOnly() external returns (bool) {
        if (msg.sender != _admin) revert AccountRulesDoubleCallerNotAdmin(msg.sender, _admin);
        _readOnly = true;
        return true;
    }

    /// @notice Unfreezes the lists. Requirements: caller is the admin.
    function exitReadOnly() external returns (bool) {
        if (msg.sender != _admin) revert AccountRulesDoubleCallerNotAdmin(msg.sender, _admin);
        _readOnly = false;
        return true;
    }

    /// @notice Permissioning interface version (2, as configured on the pilot).
    function getContractVersion() external pure returns (uint256) {
        return 2;
    }

    /// @notice Number of accounts ever added (removed ones stay listed with a false flag).
    function getSize() external view returns (uint256) {
        return _accountList.length;
    }

    /// @notice Account at `index` in insertion order.
    function getByIndex(uint256 index) external view returns (address) {
        return _accountList[index];
    }

    /// @notice Every account ever added.
    function getAccounts() external view returns (address[] memory) {
        return _accountList;
    }

    function _addAccount(address account) private returns (bool) {
        bool added = !_accounts[account];
        if (added) {
            _accounts[account] = true;
            _accountList.push(account);
        }
        emit AccountAdded(added, account);
        return added;
    }
}
