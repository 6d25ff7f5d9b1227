// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ICBDC} from "./ICBDC.sol";

/**
 * @title CBDCAccessControl
 * @notice Roles and the wallet allow-list of the Real Digital family (pilot doc CBDCAccessControl.md).
 * @dev Abstract base of {RealDigital} and therefore of {RealTokenizado}.
 *
 * Role ids are SILENT in the kit; we use the OpenZeppelin convention `keccak256("<NAME>")`. The six operational roles:
 * - `PAUSER_ROLE`  — {RealDigital-pause}/{RealDigital-unpause};
 * - `MINTER_ROLE`  — {RealDigital-mint};
 * - `ACCESS_ROLE`  — {enableAccount}/{disableAccount};
 * - `MOVER_ROLE`   — {RealDigital-move}/{RealDigital-moveAndBurn};
 * - `BURNER_ROLE`  — {RealDigital-burn}/{RealDigital-burnFrom} (SILENT whether burn is gated; we gate it);
 * - `FREEZER_ROLE` — {RealDigital-increaseFrozenBalance}/{RealDigital-decreaseFrozenBalance}. The pilot ABI has no
 *   `FREEZER_ROLE()` getter, so the id is `internal` here too (value `keccak256("FREEZER_ROLE")`).
 *
 * Constructor choice (the ABI has no `_admin` argument, unlike the .md): `DEFAULT_ADMIN_ROLE` goes to the deployer
 * (BCB deploys every pilot contract), all six operational roles go to `authority`.
 */
abstract contract CBDCAccessControl is AccessControl, ICBDC {
    /// @notice Role allowed to pause and unpause every balance change.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role allowed to mint.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice Role allowed to enable and disable wallets.
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");
    /// @notice Role allowed to move (forced transfer) and move-and-burn.
    bytes32 public constant MOVER_ROLE = keccak256("MOVER_ROLE");
    /// @notice Role allowed to burn its own tokens and, with an allowance, someone else's.
    bytes32 public constant BURNER_ROLE = keccak256("BURNER_ROLE");
    /// @dev Role allowed to freeze part of a wallet. Not in the pilot ABI, hence `internal`.
    bytes32 internal constant FREEZER_ROLE = keccak256("FREEZER_ROLE");

    mapping(address account => bool enabled) private _authorizedAccounts;

    /**
     * @param authority wallet that receives every operational role (BCB for Real Digital, the bank for its Real
     * Tokenizado). The deployer receives `DEFAULT_ADMIN_ROLE`.
     */
    constructor(address authority) {
        if (authority == address(0)) revert CBDCInvalidAccount(authority);
        _grantRole(DEFAULT_ADMIN_ROLE, _msgSender());
        _grantRole(PAUSER_ROLE, authority);
        _grantRole(MINTER_ROLE, authority);
        _grantRole(ACCESS_ROLE, authority);
        _grantRole(MOVER_ROLE, authority);
        _grantRole(BURNER_ROLE, authority);
        _grantRole(FREEZER_ROLE, authority);
    }

    /**
     * @notice Whether `account` is enabled to send and receive the token (pilot public mapping).
     * @param account wallet to look up.
     * @return enabled true once {enableAccount} ran and no later {disableAccount}.
     */
    function authorizedAccounts(address account) external view returns (bool enabled) {
        return _authorizedAccounts[account];
    }

    /**
     * @notice Enables `member` to send and receive the token.
     * @dev Requirements: caller holds `ACCESS_ROLE`; `member` is not the zero address. Enabling an enabled wallet
     * is a no-op that still emits (idempotent, like the pilot's mapping write).
     * Emits an {EnabledAccount} event.
     * @param member wallet to enable.
     */
    function enableAccount(address member) external onlyRole(ACCESS_ROLE) {
        if (member == address(0)) revert CBDCInvalidAccount(member);
        _authorizedAccounts[member] = true;
        emit EnabledAccount(member);
    }

    /**
     * @notice Disables `member`: it can neither send nor receive until enabled again. Its balance stays.
     * @dev Requirements: caller holds `ACCESS_ROLE`; `member` is not the zero address.
     * Emits a {DisabledAccount} event.
     * @param member wallet to disable.
     */
    function disableAccount(address member) external onlyRole(ACCESS_ROLE) {
        if (member == address(0)) revert CBDCInvalidAccount(member);
        _authorizedAccounts[member] = false;
        emit DisabledAccount(member);
    }

    /**
     * @notice Whether `account` may receive the token.
     * @param account wallet to check.
     * @return true when `account` is enabled.
     */
    function verifyAccount(address account) public view virtual returns (bool) {
        return _authorizedAccounts[account];
    }

    /**
     * @dev The pilot's `checkAccess(from, to)`: every non-zero side of a balance change must be enabled. The zero
     * side of a mint (`from`) or burn (`to`) is exempt (SILENT in the kit; otherwise nothing could be minted).
     */
    function _checkAccess(address from, address to) internal view {
        if (from != address(0) && !verifyAccount(from)) revert CBDCAccountNotEnabled(from);
        if (to != address(0) && !verifyAccount(to)) revert CBDCAccountNotEnabled(to);
    }
}
