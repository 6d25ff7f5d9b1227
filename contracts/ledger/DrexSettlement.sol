// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {ISwapOneStepLike} from "../hooks/IDrexHooks.sol";
import {ISwarmLedger} from "./ISwarmLedger.sol";
import {LedgerAssets, SHARD_BANKS, SNARK_SCALAR_FIELD} from "./LedgerConstants.sol";

/**
 * @title DrexSettlement
 * @dev The ledger's escrow on the Drex pilot: tokens taken in for deposits, withdrawals paid out, and the inter-bank
 * net positions of a batch settled through SwapOneStep.
 *
 * Money model. The escrow holds, per bank, the Real Tokenizado (RT) of every ledger account of that bank (asset =
 * bank index 1..B in `banks` order), and the TPFt of every bond account (asset = TPFT_ASSET_BASE + TPFt id).
 *
 * Settlement. A batch's summed net positions are settled debtor by creditor with `SwapOneStep.executeSwap`: RT
 * burned from escrow at the debtor bank, Real Digital moved from the debtor's reserve to the creditor's, RT minted
 * to escrow at the creditor bank. Any failing leg reverts the whole commit.
 *
 * Operating requirements (set up once): the ledger is an enabled account of every bank's RT (the bank calls
 * `enableAccount(ledger)`) and an enabled TPFt address; every bank's reserve approved SwapOneStep on Real Digital.
 */
abstract contract DrexSettlement is ISwarmLedger {
    using SafeERC20 for IERC20;

    ISwapOneStepLike private immutable _swap;
    IERC1155 private immutable _tpft;
    address[] private _banks;

    /// @param drex the banks' RT in asset order (at most SHARD_BANKS), SwapOneStep and TPFt (zero addresses: none).
    constructor(DrexConfig memory drex) {
        if (drex.banks.length > SHARD_BANKS) revert SwarmLedgerTooManyBanks(drex.banks.length, SHARD_BANKS);
        _swap = ISwapOneStepLike(drex.swap);
        _tpft = IERC1155(drex.tpft);
        _banks = drex.banks;
    }

    /// @notice The banks' Real Tokenizado, in asset order (asset i + 1 is `banks()[i]`).
    function banks() external view returns (address[] memory) {
        return _banks;
    }

    /// @notice The TPFt contract of the escrow (zero address: no TPFt).
    function tpft() external view returns (IERC1155) {
        return _tpft;
    }

    /// @dev Whether the escrow holds `asset`: a bank whose RT is wired, or a TPFt asset when TPFt is wired.
    function _escrowHolds(uint256 asset) internal view returns (bool) {
        return _isWiredBank(asset) || (LedgerAssets.isTpft(asset) && address(_tpft) != address(0));
    }

    /// @dev The TPFt contract (the only ERC1155 the escrow accepts).
    function _tpftContract() internal view returns (address) {
        return address(_tpft);
    }

    /// @dev Pulls `amount` of `asset` from `from` into escrow: RT with `transferFrom`, TPFt with `safeTransferFrom`.
    function _pullIntoEscrow(uint256 asset, address from, uint256 amount) internal {
        if (_isWiredBank(asset)) {
            IERC20(_banks[asset - 1]).safeTransferFrom(from, address(this), amount);
        } else {
            _tpft.safeTransferFrom(from, address(this), asset - LedgerAssets.TPFT_ASSET_BASE, amount, "");
        }
    }

    /// @dev Pays one withdrawal of batch `batchNumber` from escrow. Emits a {WithdrawalPaid} event.
    function _pay(uint256 batchNumber, Withdrawal calldata w) internal {
        if (_isWiredBank(w.asset)) {
            IERC20(_banks[w.asset - 1]).safeTransfer(w.recipient, w.amount);
        } else if (LedgerAssets.isTpft(w.asset) && address(_tpft) != address(0)) {
            _tpft.safeTransferFrom(address(this), w.recipient, w.asset - LedgerAssets.TPFT_ASSET_BASE, w.amount, "");
        } else {
            revert SwarmLedgerUnknownAsset(w.asset);
        }
        emit WithdrawalPaid(batchNumber, w.from, w.asset, w.recipient, w.amount);
    }

    /// @dev Adds shard `i`'s net positions (field-encoded signed values) to `net`; they must sum to zero.
    function _addNet(uint256 i, uint256[] calldata positions, int256[] memory net) internal view {
        int256 sum = 0;
        for (uint256 j = 0; j < SHARD_BANKS; ++j) {
            uint256 v = positions[j];
            int256 x = v > SNARK_SCALAR_FIELD / 2 ? -int256(SNARK_SCALAR_FIELD - v) : int256(v);
            if (x != 0 && j >= _banks.length) revert SwarmLedgerUnknownBank(i, j + 1, v);
            net[j] += x;
            sum += x;
        }
        if (sum != 0) revert SwarmLedgerNetPositionsUnbalanced(i);
    }

    /**
     * @dev Settles the batch's net positions: debtors (negative) pay creditors (positive) in bank order, one
     * SwapOneStep leg per (debtor, creditor) pair. Emits one {InterbankSettlement} event per leg, after the swap.
     */
    function _settle(uint256 batchNumber, int256[] memory net) internal {
        uint256 c = 0;
        for (uint256 d = 0; d < SHARD_BANKS; ++d) {
            while (net[d] < 0) {
                while (net[c] <= 0) ++c; // positions sum to zero, so a creditor remains while a debtor does
                uint256 owed = uint256(-net[d]);
                uint256 amount = owed < uint256(net[c]) ? owed : uint256(net[c]);
                net[d] += int256(amount);
                net[c] -= int256(amount);
                IERC20(_banks[d]).forceApprove(address(_swap), amount);
                _swap.executeSwap(_banks[d], _banks[c], address(this), amount);
                emit InterbankSettlement(batchNumber, d + 1, c + 1, amount);
            }
        }
    }

    function _isWiredBank(uint256 asset) private view returns (bool) {
        return asset >= 1 && asset <= _banks.length && _banks[asset - 1] != address(0);
    }
}
