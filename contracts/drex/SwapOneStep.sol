// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ApprovedDigitalCurrency} from "./ApprovedDigitalCurrency.sol";
import {RealDigital} from "./RealDigital.sol";
import {RealTokenizado} from "./RealTokenizado.sol";

/**
 * @title SwapOneStep
 * @notice Local, ABI-compatible implementation of the pilot's one-transaction swap of Real Tokenizado between
 * customers of two banks (SwapOneStep.md / abi/SwapOneStep.json of bacen/pilotord-kit-onboarding @ 77343bb).
 * @dev One call by the paying customer, atomically:
 *  1. burns `amount` of `tokenSender` from the payer ({RealDigital-burnFrom}: the payer approved this contract);
 *  2. moves `amount` Real Digital from `tokenSender.reserve()` to `tokenReceiver.reserve()` (`transferFrom`: the
 *     paying bank's reserve approved this contract on Real Digital — exemplos/example8.ts);
 *  3. mints `amount` of `tokenReceiver` to `receiver`.
 * Any failing leg reverts all three. This contract needs `BURNER_ROLE` and `MINTER_ROLE` on every Real Tokenizado
 * it serves (granted by their admin, BCB) and both tokens on the allow-list.
 *
 * Choices on SILENT points: same token on both sides reverts ({SwapOneStepSameToken}: a same-bank payment is a
 * plain `transfer`); zero amount reverts ({SwapOneStepZeroAmount}); a paused token reverts through its own
 * `EnforcedPause()`.
 */
contract SwapOneStep is ApprovedDigitalCurrency {
    /**
     * @notice A swap settled: `amount` left `sender` at bank `senderNumber` and reached `receiver` at bank
     * `receiverNumber` (both CNPJ8).
     */
    event SwapExecuted(
        uint256 indexed senderNumber,
        uint256 indexed receiverNumber,
        address sender,
        address receiver,
        uint256 amount
    );

    /// @notice Both sides of the swap are the same Real Tokenizado `token`.
    error SwapOneStepSameToken(address token);

    /// @notice A swap of zero.
    error SwapOneStepZeroAmount();

    /// @notice The Real Digital address given at deployment is zero.
    error SwapOneStepInvalidCBDC(address cbdc);

    RealDigital private immutable _cbdc;

    /**
     * @param _admin wallet holding `DEFAULT_ADMIN_ROLE` (note: first, as in the pilot ABI).
     * @param _authority wallet allowed to change the token allow-list (`ACCESS_ROLE`).
     * @param _CBDC the Real Digital contract used as settlement asset between banks.
     */
    // solhint-disable-next-line var-name-mixedcase
    constructor(address _admin, address _authority, RealDigital _CBDC) ApprovedDigitalCurrency(_authority, _admin) {
        if (address(_CBDC) == address(0)) revert SwapOneStepInvalidCBDC(address(_CBDC));
        _cbdc = _CBDC;
    }

    /**
     * @notice Pays `amount` from the caller (a customer of `tokenSender`'s bank) to `receiver` (a customer of
     * `tokenReceiver`'s bank), settling between the banks in Real Digital.
     * @dev Requirements: both tokens approved and distinct; `amount` > 0; the caller's allowance on `tokenSender`
     * and the sender bank reserve's allowance on Real Digital cover `amount`; every token rule (enabled accounts,
     * pause, frozen balances) holds on each leg.
     * Emits a {SwapExecuted} event (and the tokens' {Transfer} events).
     * @param tokenSender the payer's bank Real Tokenizado.
     * @param tokenReceiver the payee's bank Real Tokenizado.
     * @param receiver the payee's wallet.
     * @param amount amount (2 decimals).
     */
    function executeSwap(RealTokenizado tokenSender, RealTokenizado tokenReceiver, address receiver, uint256 amount)
        external
    {
        _requireApproved(address(tokenSender));
        _requireApproved(address(tokenReceiver));
        if (address(tokenSender) == address(tokenReceiver)) revert SwapOneStepSameToken(address(tokenSender));
        if (amount == 0) revert SwapOneStepZeroAmount();
        address payer = _msgSender();

        tokenSender.burnFrom(payer, amount);
        // Real Digital returns true or reverts (OZ ERC20); no silent-failure path to guard against.
        _cbdc.transferFrom(tokenSender.reserve(), tokenReceiver.reserve(), amount);
        tokenReceiver.mint(receiver, amount);

        emit SwapExecuted(tokenSender.cnpj8(), tokenReceiver.cnpj8(), payer, receiver, amount);
    }
}
