// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICBDC
 * @notice Events and errors shared by the Real Digital family ({RealDigital}, {RealTokenizado}) and its access base
 * {CBDCAccessControl}.
 * @dev The three events are part of the pilot ABI (abi/RealDigital.json, abi/RealTokenizado.json of
 * bacen/pilotord-kit-onboarding @ 77343bb) and keep its exact shape: no indexed parameters. The errors are ours: the
 * pilot ABI (built on OpenZeppelin 4.x) declares none and reverts with strings the kit does not document.
 */
interface ICBDC {
    /// @notice `member` may now send and receive the token.
    event EnabledAccount(address member);

    /// @notice `member` may no longer send or receive the token.
    event DisabledAccount(address member);

    /**
     * @notice The frozen part of `wallet` changed.
     * @dev SILENT in the kit whether `amount` is the delta or the total; we emit the NEW TOTAL frozen for `wallet`,
     * so an indexer needs only the last event per wallet.
     */
    event FrozenBalance(address wallet, uint256 amount);

    /// @notice `account` is not enabled (see {CBDCAccessControl-enableAccount}) but sends or receives tokens.
    error CBDCAccountNotEnabled(address account);

    /// @notice The zero address cannot be enabled, disabled, nor be an authority or reserve.
    error CBDCInvalidAccount(address account);

    /// @notice `account` moves `needed` while only `unfrozen` (balance minus frozen balance) is free.
    error CBDCInsufficientUnfrozenBalance(address account, uint256 unfrozen, uint256 needed);

    /// @notice {decreaseFrozenBalance} asks to release `decrease` from `account` whose frozen balance is `frozen`.
    error CBDCFrozenBalanceUnderflow(address account, uint256 frozen, uint256 decrease);

    /// @notice {decreaseAllowance} asks to remove `decrease` from a `spender` allowance of `allowance`.
    error CBDCAllowanceUnderflow(address spender, uint256 allowance, uint256 decrease);
}
