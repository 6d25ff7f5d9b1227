// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {CBDCAccessControl} from "./CBDCAccessControl.sol";

/**
 * @title RealDigital
 * @notice Local, ABI-compatible implementation of the Drex pilot's Real Digital (CBDC, ERC20, 2 decimals)
 * described in RealDigital.md / abi/RealDigital.json of bacen/pilotord-kit-onboarding @ 77343bb.
 * @dev Built on OpenZeppelin 5.5; the pilot used OZ 4.x, so `increaseAllowance`/`decreaseAllowance` and the
 * `_beforeTokenTransfer` hook are re-added here on top of OZ 5's single `_update` override point.
 *
 * Every balance change (transfer, transferFrom, mint, burn, burnFrom, move, moveAndBurn) runs
 * {_beforeTokenTransfer}, which enforces, in this order:
 *  1. not paused (`EnforcedPause()`);
 *  2. every non-zero side is an enabled account (`CBDCAccountNotEnabled(account)`);
 *  3. the sender's unfrozen balance covers the amount (`CBDCInsufficientUnfrozenBalance(...)`).
 *
 * Choices on points the kit leaves SILENT:
 *  - `move` and `moveAndBurn` get NO exemption: they honour pause, enabled accounts and frozen balances. The
 *    authority first calls {decreaseFrozenBalance} (or {CBDCAccessControl-enableAccount}) when it must seize funds.
 *  - `burn(uint256)` and `burnFrom` require `BURNER_ROLE` (burnFrom also the holder's allowance).
 *  - A frozen balance may exceed the balance: the wallet then has no unfrozen balance and incoming funds stay
 *    frozen until the freeze is lifted. {decreaseFrozenBalance} below zero reverts.
 *  - `FrozenBalance` carries the new total frozen, not the delta.
 *  - Pause stops balance changes only; approvals, enabling and freezing stay possible so that the authority can
 *    prepare a remedy while paused.
 */
contract RealDigital is ERC20, Pausable, CBDCAccessControl {
    mapping(address wallet => uint256 frozen) private _frozenBalances;

    /**
     * @param _name token name ("Real Digital" on the pilot).
     * @param _symbol token symbol ("BRL" on the pilot).
     * @param _authority wallet that receives every operational role; the deployer becomes `DEFAULT_ADMIN_ROLE`.
     */
    constructor(string memory _name, string memory _symbol, address _authority)
        ERC20(_name, _symbol)
        CBDCAccessControl(_authority)
    {}

    /**
     * @notice Amounts have 2 decimals: the integer 505 is 5.05.
     * @return always 2.
     */
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /**
     * @notice Frozen part of `wallet`'s balance, which {transfer} and the other debits cannot move.
     * @param wallet wallet to look up.
     * @return frozen amount (2 decimals); may exceed the balance.
     */
    function frozenBalanceOf(address wallet) external view returns (uint256) {
        return _frozenBalances[wallet];
    }

    /**
     * @notice Mints `amount` to `to`.
     * @dev Requirements: caller holds `MINTER_ROLE`; not paused; `to` enabled.
     * Emits a {Transfer} event from the zero address.
     * @param to receiving wallet.
     * @param amount amount (2 decimals).
     */
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /**
     * @notice Burns `amount` of the caller's own tokens.
     * @dev Requirements: caller holds `BURNER_ROLE`; not paused; caller enabled; unfrozen balance ≥ `amount`.
     * Emits a {Transfer} event to the zero address.
     * @param amount amount (2 decimals).
     */
    function burn(uint256 amount) external onlyRole(BURNER_ROLE) {
        _burn(_msgSender(), amount);
    }

    /**
     * @notice Burns `amount` from `account`, spending the caller's allowance.
     * @dev Requirements: caller holds `BURNER_ROLE`; allowance(account, caller) ≥ `amount`; not paused; `account`
     * enabled; its unfrozen balance ≥ `amount`.
     * Emits a {Transfer} event to the zero address (and no {Approval}, as OZ's `_spendAllowance`).
     * @param account holder whose tokens are burned.
     * @param amount amount (2 decimals).
     */
    function burnFrom(address account, uint256 amount) external onlyRole(BURNER_ROLE) {
        _spendAllowance(account, _msgSender(), amount);
        _burn(account, amount);
    }

    /**
     * @notice Forced transfer of `amount` from `from` to `to`, without allowance.
     * @dev Requirements: caller holds `MOVER_ROLE`; not paused; both enabled; `from`'s unfrozen balance ≥ `amount`.
     * Emits a {Transfer} event.
     * @param from debited wallet.
     * @param to credited wallet.
     * @param amount amount (2 decimals).
     */
    function move(address from, address to, uint256 amount) external onlyRole(MOVER_ROLE) {
        _transfer(from, to, amount);
    }

    /**
     * @notice Forced burn of `amount` from `from`, without allowance.
     * @dev Requirements: caller holds `MOVER_ROLE`; not paused; `from` enabled; its unfrozen balance ≥ `amount`.
     * Emits a {Transfer} event to the zero address.
     * @param from debited wallet.
     * @param amount amount (2 decimals).
     */
    function moveAndBurn(address from, uint256 amount) external onlyRole(MOVER_ROLE) {
        _burn(from, amount);
    }

    /**
     * @notice Freezes `amount` more of `from`'s balance.
     * @dev Requirements: caller holds `FREEZER_ROLE`. The total may exceed the balance (see contract notes).
     * Emits a {FrozenBalance} event with the new total.
     * @param from wallet to freeze.
     * @param amount additional frozen amount (2 decimals).
     */
    function increaseFrozenBalance(address from, uint256 amount) external onlyRole(FREEZER_ROLE) {
        uint256 frozen = _frozenBalances[from] + amount;
        _frozenBalances[from] = frozen;
        emit FrozenBalance(from, frozen);
    }

    /**
     * @notice Releases `amount` of `from`'s frozen balance.
     * @dev Requirements: caller holds `FREEZER_ROLE`; `amount` ≤ frozen balance of `from`.
     * Emits a {FrozenBalance} event with the new total.
     * @param from wallet to unfreeze.
     * @param amount released amount (2 decimals).
     */
    function decreaseFrozenBalance(address from, uint256 amount) external onlyRole(FREEZER_ROLE) {
        uint256 frozen = _frozenBalances[from];
        if (amount > frozen) revert CBDCFrozenBalanceUnderflow(from, frozen, amount);
        unchecked {
            // amount <= frozen, checked just above.
            frozen -= amount;
        }
        _frozenBalances[from] = frozen;
        emit FrozenBalance(from, frozen);
    }

    /**
     * @notice Stops every balance change until {unpause}.
     * @dev Requirements: caller holds `PAUSER_ROLE`; not already paused. Emits a {Paused} event.
     */
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /**
     * @notice Resumes balance changes.
     * @dev Requirements: caller holds `PAUSER_ROLE`; paused. Emits an {Unpaused} event.
     */
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /**
     * @notice Raises the allowance of `spender` over the caller's tokens by `addedValue` (OZ 4.x surface).
     * @dev Emits an {Approval} event with the new allowance.
     * @param spender allowed spender.
     * @param addedValue increase (2 decimals).
     * @return always true.
     */
    function increaseAllowance(address spender, uint256 addedValue) external returns (bool) {
        address owner = _msgSender();
        _approve(owner, spender, allowance(owner, spender) + addedValue);
        return true;
    }

    /**
     * @notice Lowers the allowance of `spender` over the caller's tokens by `subtractedValue` (OZ 4.x surface).
     * @dev Requirements: current allowance ≥ `subtractedValue`. Emits an {Approval} event with the new allowance.
     * @param spender allowed spender.
     * @param subtractedValue decrease (2 decimals).
     * @return always true.
     */
    function decreaseAllowance(address spender, uint256 subtractedValue) external returns (bool) {
        address owner = _msgSender();
        uint256 current = allowance(owner, spender);
        if (current < subtractedValue) revert CBDCAllowanceUnderflow(spender, current, subtractedValue);
        unchecked {
            // subtractedValue <= current, checked just above.
            _approve(owner, spender, current - subtractedValue);
        }
        return true;
    }

    /**
     * @dev The pilot's hook on transfer, mint and burn (`from == 0` mints, `to == 0` burns): pause, enabled accounts
     * (`checkAccess`) and `checkFrozenBalance`, in that order. A frozen check only runs when something is frozen,
     * so an unfrozen wallet short of funds gets OZ's `ERC20InsufficientBalance`.
     */
    function _beforeTokenTransfer(address from, address to, uint256 amount) internal virtual whenNotPaused {
        _checkAccess(from, to);
        if (from != address(0)) {
            uint256 frozen = _frozenBalances[from];
            if (frozen != 0) {
                uint256 balance = balanceOf(from);
                uint256 unfrozen = balance > frozen ? balance - frozen : 0;
                if (unfrozen < amount) revert CBDCInsufficientUnfrozenBalance(from, unfrozen, amount);
            }
        }
    }

    /// @dev OZ 5's single override point for transfer, mint and burn; runs the pilot's hook first.
    function _update(address from, address to, uint256 value) internal virtual override {
        _beforeTokenTransfer(from, to, value);
        super._update(from, to, value);
    }
}
