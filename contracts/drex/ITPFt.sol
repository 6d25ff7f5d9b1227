// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ITPFt
 * @notice Types, events and errors of the tokenized federal bonds (TPFt) contract. The struct and the two
 * argument-less errors are the pilot's (abi/ITPFt.json of bacen/pilotord-kit-onboarding @ 77343bb; selectors
 * `OnlyMinterContract()` 0x02d80202, `OnlyDirectPlacementContract()` 0x49561003); events and other errors are ours
 * (the pilot ABI has none besides the AccessControl ones).
 */
interface ITPFt {
    /**
     * @notice What identifies a TPFt: acronym ("sigla", e.g. "LTN"), code (e.g. "100000") and maturity as Unix
     * seconds (e.g. 1695686400 for 2023-09-26 00:00 UTC, exemplos/example5.ts).
     */
    struct TPFtData {
        string acronym;
        string code;
        uint256 maturityDate;
    }

    /// @notice Caller lacks `MINTER_ROLE` for {createTPFt} or {mint} (pilot error).
    error OnlyMinterContract();

    /// @notice Caller lacks `DIRECT_PLACEMENT_ROLE` for {directPlacement} (pilot error).
    error OnlyDirectPlacementContract();

    /// @notice A TPFt was created under `tpftId`.
    event TPFtCreated(uint256 indexed tpftId, string acronym, string code, uint256 maturityDate);

    /// @notice The frozen quantity of `tpftId` held by `wallet` is now `frozen` (new total).
    event TPFtFrozenBalanceChanged(address indexed wallet, uint256 indexed tpftId, uint256 frozen);

    /// @notice `wallet` may now (`enabled == true`) or may no longer hold and move TPFt.
    event TPFtAddressEnabledChanged(address indexed wallet, bool enabled);

    /// @notice The payment status of `tpftId` for `account` is now `status` (true = paid).
    event TPFtPaymentStatusChanged(address indexed account, uint256 indexed tpftId, bool status);

    /// @notice Transfers of `tpftId` are now paused (`status == true`) or resumed.
    event TPFtIdPausedChanged(uint256 indexed tpftId, bool status);

    /// @notice No TPFt is registered for this data.
    error TPFtNotFound(string acronym, string code, uint256 maturityDate);

    /// @notice {createTPFt} for data already registered as `tpftId`.
    error TPFtAlreadyExists(uint256 tpftId);

    /// @notice `tpftId` was never created (ids run from 1 to `lastId`).
    error TPFtUnknownId(uint256 tpftId, uint256 lastId);

    /// @notice `wallet` is not enabled (see {TPFt-enableAddress}) but sends or receives TPFt.
    error TPFtAddressNotEnabled(address wallet);

    /// @notice Transfers of `tpftId` are paused ({TPFt-setTpftIdToPaused}).
    error TPFtIdPaused(uint256 tpftId);

    /// @notice `wallet` moves `needed` of `tpftId` while only `unfrozen` is free.
    error TPFtInsufficientUnfrozenBalance(address wallet, uint256 tpftId, uint256 unfrozen, uint256 needed);

    /// @notice {TPFt-decreaseFrozenBalance} asks to release `decrease` of `tpftId` from `wallet`, frozen `frozen`.
    error TPFtFrozenBalanceUnderflow(address wallet, uint256 tpftId, uint256 frozen, uint256 decrease);

    /// @notice The zero address was given where a wallet or authority is needed.
    error TPFtInvalidAddress(address account);
}
