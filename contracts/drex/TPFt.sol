// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ERC1155} from "solady/src/tokens/ERC1155.sol";
import {ITPFt} from "./ITPFt.sol";

/**
 * @title TPFt
 * @notice Local, ABI-compatible implementation of the pilot's tokenized federal bonds (ERC1155, one id per bond,
 * quantities with 2 decimals), per ITPFt.md / TPFtAccessControl.md / abi/ITPFt.json of
 * bacen/pilotord-kit-onboarding @ 77343bb.
 * @dev ERC1155 base: solady's, because OpenZeppelin 5.5's ERC1155 imports `Arrays.sol`, which uses the Cancun
 * `mcopy` opcode and therefore does not compile for the pilot's Shanghai EVM. Roles and pause come from OZ 5.5.
 *
 * Roles (ids `keccak256("<NAME>")`; the pilot ABI has no getters, so they are `internal`):
 *  - `MINTER_ROLE` — {createTPFt}, {mint} (else the pilot error `OnlyMinterContract()`);
 *  - `DIRECT_PLACEMENT_ROLE` — {directPlacement} (else `OnlyDirectPlacementContract()`);
 *  - `FREEZER_ROLE` — {increaseFrozenBalance}/{decreaseFrozenBalance};
 *  - `REPAYMENT_ROLE` — {burn}, {setPaymentStatus}, {setTpftIdToPaused} (SILENT; the kit's suggestion);
 *  - `ACCESS_ROLE` — {enableAddress}/{disableAddress} (SILENT: not in the pilot ABI; we add the getter-less role);
 *  - `DEFAULT_ADMIN_ROLE` — {pause}/{unpause} (ITPFt.md: BCB).
 * Constructor: the deployer (BCB) gets `DEFAULT_ADMIN_ROLE`; `_authority` (the National Treasury, STN) gets every
 * other role.
 *
 * Every balance change (mint, transfer, batch transfer, direct placement, burn) runs {_beforeTokenTransfer}:
 * not paused; every id exists and is not id-paused; every non-zero side enabled; the sender's unfrozen quantity
 * of each id covers the amount. Choices on SILENT points:
 *  - ids are sequential from 1 in creation order; `getTPFtId` returns 0 for unknown data;
 *  - plain ERC1155 `safeTransferFrom`/`safeBatchTransferFrom` are allowed between enabled wallets (by the holder or
 *    an operator approved with `setApprovalForAll`), so DvP and ledger contracts can move bonds;
 *  - `mint(receiver, TPFtData, amount)` for unknown data reverts ({TPFtNotFound}); it does not create the bond;
 *  - the mint receiver is not forced to be the STN wallet (we don't know it), only enabled;
 *  - freezing may exceed the holding (incoming bonds stay frozen); `FrozenBalance` events carry the new total;
 *  - `burn` honours enabling and freezing like every other debit.
 */
contract TPFt is ERC1155, AccessControl, Pausable, ITPFt {
    bytes32 internal constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 internal constant DIRECT_PLACEMENT_ROLE = keccak256("DIRECT_PLACEMENT_ROLE");
    bytes32 internal constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    bytes32 internal constant REPAYMENT_ROLE = keccak256("REPAYMENT_ROLE");
    bytes32 internal constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    uint256 private _lastId;
    mapping(bytes32 dataHash => uint256 tpftId) private _idByData;
    mapping(uint256 tpftId => TPFtData data) private _dataById;
    mapping(address wallet => bool enabled) private _enabled;
    mapping(address wallet => mapping(uint256 tpftId => uint256 frozen)) private _frozen;
    mapping(address account => mapping(uint256 tpftId => bool paid)) private _paymentStatus;
    mapping(uint256 tpftId => bool paused) private _idPaused;

    /// @param _authority the National Treasury wallet: every role but `DEFAULT_ADMIN_ROLE` (deployer).
    constructor(address _authority) {
        if (_authority == address(0)) revert TPFtInvalidAddress(_authority);
        _grantRole(DEFAULT_ADMIN_ROLE, _msgSender());
        _grantRole(MINTER_ROLE, _authority);
        _grantRole(DIRECT_PLACEMENT_ROLE, _authority);
        _grantRole(FREEZER_ROLE, _authority);
        _grantRole(REPAYMENT_ROLE, _authority);
        _grantRole(ACCESS_ROLE, _authority);
    }

    // ---------------------------------------------------------------- metadata

    /**
     * @notice Token name.
     * @return "TPFt".
     */
    function name() external pure returns (string memory) {
        return "TPFt";
    }

    /**
     * @notice Quantities have 2 decimals (the pilot returns `uint256`, unlike the ERC20s' `uint8`).
     * @return always 2.
     */
    function decimals() external pure returns (uint256) {
        return 2;
    }

    /**
     * @notice ERC1155 metadata URI; the pilot publishes none.
     * @return the empty string for every id.
     */
    function uri(uint256) public pure override returns (string memory) {
        return "";
    }

    /**
     * @notice ERC165: ERC1155, ERC1155MetadataURI, AccessControl and ERC165 itself.
     * @param interfaceId interface id to test.
     * @return whether it is supported.
     */
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return ERC1155.supportsInterface(interfaceId) || AccessControl.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- registry

    /**
     * @notice Registers a new TPFt under the next id.
     * @dev Requirements: caller holds `MINTER_ROLE` (else `OnlyMinterContract()`); data not yet registered.
     * Emits a {TPFtCreated} event.
     * @param tpftData acronym, code and maturity of the bond.
     */
    function createTPFt(TPFtData calldata tpftData) external {
        if (!hasRole(MINTER_ROLE, _msgSender())) revert OnlyMinterContract();
        bytes32 key = _dataHash(tpftData);
        uint256 existing = _idByData[key];
        if (existing != 0) revert TPFtAlreadyExists(existing);
        uint256 id = ++_lastId;
        _idByData[key] = id;
        _dataById[id] = tpftData;
        emit TPFtCreated(id, tpftData.acronym, tpftData.code, tpftData.maturityDate);
    }

    /**
     * @notice Id of the TPFt described by `tpftData`.
     * @param tpftData acronym, code and maturity.
     * @return the id, 0 when no such TPFt exists.
     */
    function getTPFtId(TPFtData calldata tpftData) external view returns (uint256) {
        return _idByData[_dataHash(tpftData)];
    }

    // ---------------------------------------------------------------- issue, place, burn

    /**
     * @notice Issues `tpftAmount` of `tpftId` to `receiverAddress` (the Treasury wallet on the pilot).
     * @dev Requirements: caller holds `MINTER_ROLE` (else `OnlyMinterContract()`); transfer rules of the contract.
     * Emits a {TransferSingle} event.
     * @param receiverAddress receiving wallet.
     * @param tpftId bond id.
     * @param tpftAmount quantity (2 decimals).
     */
    function mint(address receiverAddress, uint256 tpftId, uint256 tpftAmount) external {
        if (!hasRole(MINTER_ROLE, _msgSender())) revert OnlyMinterContract();
        _mint(receiverAddress, tpftId, tpftAmount, "");
    }

    /**
     * @notice Issues `tpftAmount` of the bond described by `tpftData` to `receiverAddress`.
     * @dev As {mint}(address,uint256,uint256); unknown data reverts with {TPFtNotFound}.
     * @param receiverAddress receiving wallet.
     * @param tpftData acronym, code and maturity.
     * @param tpftAmount quantity (2 decimals).
     */
    function mint(address receiverAddress, TPFtData calldata tpftData, uint256 tpftAmount) external {
        if (!hasRole(MINTER_ROLE, _msgSender())) revert OnlyMinterContract();
        _mint(receiverAddress, _requireId(tpftData), tpftAmount, "");
    }

    /**
     * @notice Direct placement: moves `tpftAmount` of the bond from `from` to `to` without `from`'s approval.
     * @dev Requirements: caller holds `DIRECT_PLACEMENT_ROLE` (else `OnlyDirectPlacementContract()`); transfer
     * rules. Emits a {TransferSingle} event.
     * @param from placing wallet (the Treasury).
     * @param to receiving wallet.
     * @param tpftData acronym, code and maturity.
     * @param tpftAmount quantity (2 decimals).
     */
    function directPlacement(address from, address to, TPFtData calldata tpftData, uint256 tpftAmount) external {
        if (!hasRole(DIRECT_PLACEMENT_ROLE, _msgSender())) revert OnlyDirectPlacementContract();
        _safeTransfer(from, to, _requireId(tpftData), tpftAmount, "");
    }

    /**
     * @notice Writes off `tpftAmount` of `tpftId` held by `from` (repayment at maturity).
     * @dev Requirements: caller holds `REPAYMENT_ROLE`; transfer rules. Emits a {TransferSingle} event.
     * @param from holder.
     * @param tpftId bond id.
     * @param tpftAmount quantity (2 decimals).
     */
    function burn(address from, uint256 tpftId, uint256 tpftAmount) external onlyRole(REPAYMENT_ROLE) {
        _burn(from, tpftId, tpftAmount);
    }

    /**
     * @notice As {burn}(address,uint256,uint256), with the bond given by its data.
     * @param from holder.
     * @param tpftData acronym, code and maturity.
     * @param tpftAmount quantity (2 decimals).
     */
    function burn(address from, TPFtData calldata tpftData, uint256 tpftAmount) external onlyRole(REPAYMENT_ROLE) {
        _burn(from, _requireId(tpftData), tpftAmount);
    }

    // ---------------------------------------------------------------- enabling, freezing, pausing

    /**
     * @notice Whether `wallet` may hold and move TPFt.
     * @param wallet wallet to check.
     * @return true when enabled.
     */
    function isEnabledAddress(address wallet) external view returns (bool) {
        return _enabled[wallet];
    }

    /**
     * @notice Enables `wallet` to hold and move TPFt (TPFtAccessControl.md; not in the pilot ABI).
     * @dev Requirements: caller holds `ACCESS_ROLE`; `wallet` non-zero. Emits {TPFtAddressEnabledChanged}.
     * @param wallet wallet to enable.
     */
    function enableAddress(address wallet) external onlyRole(ACCESS_ROLE) {
        _setEnabled(wallet, true);
    }

    /**
     * @notice Disables `wallet` (its holdings stay, frozen in place until enabled again).
     * @dev Requirements: caller holds `ACCESS_ROLE`; `wallet` non-zero. Emits {TPFtAddressEnabledChanged}.
     * @param wallet wallet to disable.
     */
    function disableAddress(address wallet) external onlyRole(ACCESS_ROLE) {
        _setEnabled(wallet, false);
    }

    /**
     * @notice Frozen quantity of `tpftId` held by `wallet` (not in the pilot ABI).
     * @param wallet holder.
     * @param tpftId bond id.
     * @return frozen quantity (2 decimals); may exceed the holding.
     */
    function frozenBalanceOf(address wallet, uint256 tpftId) external view returns (uint256) {
        return _frozen[wallet][tpftId];
    }

    /**
     * @notice Freezes `tpftAmount` more of `from`'s holding of the bond.
     * @dev Requirements: caller holds `FREEZER_ROLE`; the bond exists. Emits {TPFtFrozenBalanceChanged}.
     * @param from holder.
     * @param tpftData acronym, code and maturity.
     * @param tpftAmount additional frozen quantity (2 decimals).
     */
    function increaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount)
        external
        onlyRole(FREEZER_ROLE)
    {
        uint256 id = _requireId(tpftData);
        uint256 frozen = _frozen[from][id] + tpftAmount;
        _frozen[from][id] = frozen;
        emit TPFtFrozenBalanceChanged(from, id, frozen);
    }

    /**
     * @notice Releases `tpftAmount` of `from`'s frozen holding of the bond.
     * @dev Requirements: caller holds `FREEZER_ROLE`; the bond exists; `tpftAmount` ≤ frozen.
     * Emits {TPFtFrozenBalanceChanged}.
     * @param from holder.
     * @param tpftData acronym, code and maturity.
     * @param tpftAmount released quantity (2 decimals).
     */
    function decreaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount)
        external
        onlyRole(FREEZER_ROLE)
    {
        uint256 id = _requireId(tpftData);
        uint256 frozen = _frozen[from][id];
        if (tpftAmount > frozen) revert TPFtFrozenBalanceUnderflow(from, id, frozen, tpftAmount);
        unchecked {
            // tpftAmount <= frozen, checked just above.
            frozen -= tpftAmount;
        }
        _frozen[from][id] = frozen;
        emit TPFtFrozenBalanceChanged(from, id, frozen);
    }

    /**
     * @notice Records whether `account` was paid for `tpftId` at maturity.
     * @dev Requirements: caller holds `REPAYMENT_ROLE`. Emits {TPFtPaymentStatusChanged}.
     * @param account holder.
     * @param tpftId bond id.
     * @param status true = paid.
     */
    function setPaymentStatus(address account, uint256 tpftId, bool status) external onlyRole(REPAYMENT_ROLE) {
        _paymentStatus[account][tpftId] = status;
        emit TPFtPaymentStatusChanged(account, tpftId, status);
    }

    /**
     * @notice Whether `account` was paid for `tpftId`.
     * @param account holder.
     * @param tpftId bond id.
     * @return true = paid.
     */
    function getPaymentStatus(address account, uint256 tpftId) external view returns (bool) {
        return _paymentStatus[account][tpftId];
    }

    /**
     * @notice Pauses (`status == true`) or resumes every balance change of `tpftId`.
     * @dev Requirements: caller holds `REPAYMENT_ROLE`. Emits {TPFtIdPausedChanged}.
     * @param tpftId bond id.
     * @param status true = paused.
     */
    function setTpftIdToPaused(uint256 tpftId, bool status) external onlyRole(REPAYMENT_ROLE) {
        _idPaused[tpftId] = status;
        emit TPFtIdPausedChanged(tpftId, status);
    }

    /**
     * @notice Whether balance changes of `tpftId` are paused.
     * @param tpftId bond id.
     * @return true = paused.
     */
    function isTpftIdPaused(uint256 tpftId) external view returns (bool) {
        return _idPaused[tpftId];
    }

    /**
     * @notice Stops every balance change of every id.
     * @dev Requirements: caller holds `DEFAULT_ADMIN_ROLE`; not paused. Emits a {Paused} event.
     */
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /**
     * @notice Resumes balance changes.
     * @dev Requirements: caller holds `DEFAULT_ADMIN_ROLE`; paused. Emits an {Unpaused} event.
     */
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- internals

    /// @dev Tells solady to call {_beforeTokenTransfer}.
    function _useBeforeTokenTransfer() internal pure override returns (bool) {
        return true;
    }

    /// @dev Rules of every balance change; see the contract notes.
    function _beforeTokenTransfer(
        address from,
        address to,
        uint256[] memory ids,
        uint256[] memory amounts,
        bytes memory
    ) internal view override whenNotPaused {
        if (from != address(0) && !_enabled[from]) revert TPFtAddressNotEnabled(from);
        if (to != address(0) && !_enabled[to]) revert TPFtAddressNotEnabled(to);
        uint256 lastId = _lastId;
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (id == 0 || id > lastId) revert TPFtUnknownId(id, lastId);
            if (_idPaused[id]) revert TPFtIdPaused(id);
            if (from != address(0)) {
                uint256 frozen = _frozen[from][id];
                if (frozen != 0) {
                    uint256 held = balanceOf(from, id);
                    uint256 unfrozen = held > frozen ? held - frozen : 0;
                    if (unfrozen < amounts[i]) revert TPFtInsufficientUnfrozenBalance(from, id, unfrozen, amounts[i]);
                }
            }
        }
    }

    function _setEnabled(address wallet, bool enabled) private {
        if (wallet == address(0)) revert TPFtInvalidAddress(wallet);
        _enabled[wallet] = enabled;
        emit TPFtAddressEnabledChanged(wallet, enabled);
    }

    function _requireId(TPFtData calldata tpftData) private view returns (uint256 id) {
        id = _idByData[_dataHash(tpftData)];
        if (id == 0) revert TPFtNotFound(tpftData.acronym, tpftData.code, tpftData.maturityDate);
    }

    function _dataHash(TPFtData calldata tpftData) private pure returns (bytes32) {
        return keccak256(abi.encode(tpftData.acronym, tpftData.code, tpftData.maturityDate));
    }
}
