// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";

/**
 * @title AggregateVerifierDouble
 * @notice TEST ONLY. Stands in for {AggregateVerifier} in the ledger tests of the checks that run before the pairing
 * check (lanes, freeze barrier, withdrawals, net positions): it reports a chosen public input count and accepts or
 * refuses every batch as told. A ledger on it proves nothing; the real verifier is tested with real shard proofs.
 */
contract AggregateVerifierDouble {
    uint256 private immutable _publicInputCount;
    bool private _accept;

    constructor(uint256 publicInputCount_, bool accept) {
        _publicInputCount = publicInputCount_;
        _accept = accept;
    }

    /// @notice The public input count this double claims.
    function publicInputCount() external view returns (uint256) {
        return _publicInputCount;
    }

    /// @notice Whether every batch is accepted.
    function setAccept(bool accept) external {
        _accept = accept;
    }

    /// @notice Accepts (or refuses) every batch, whatever its proofs.
    function verifyBatch(uint256[8][] calldata, uint256[] calldata) external view returns (bool) {
        return _accept;
    }
}

/// @title TokenDouble
/// @notice TEST ONLY. An ERC20 anyone can mint, standing in for a bank's Real Tokenizado in the ledger tests.
contract TokenDouble is ERC20 {
    constructor(string memory name) ERC20(name, name) {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/**
 * @title MultiTokenDouble
 * @notice TEST ONLY. The part of ERC1155 the ledger uses (balances, operator approval, `safeTransferFrom` with the
 * receiver hook), mintable by anyone, standing in for TPFt in the ledger tests. (OpenZeppelin's ERC1155 needs
 * Cancun's mcopy; the pilot runs Shanghai.)
 */
contract MultiTokenDouble {
    mapping(uint256 id => mapping(address account => uint256)) public balanceOf;
    mapping(address account => mapping(address operator => bool)) public isApprovedForAll;

    error MultiTokenDoubleNotApproved(address operator, address from);
    error MultiTokenDoubleInsufficientBalance(address from, uint256 id, uint256 balance, uint256 needed);
    error MultiTokenDoubleRejected(address to);

    function mint(address to, uint256 id, uint256 amount) external {
        balanceOf[id][to] += amount;
    }

    function setApprovalForAll(address operator, bool approved) external {
        isApprovedForAll[msg.sender][operator] = approved;
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata data) external {
        if (from != msg.sender && !isApprovedForAll[from][msg.sender]) revert MultiTokenDoubleNotApproved(msg.sender, from);
        uint256 balance = balanceOf[id][from];
        if (balance < value) revert MultiTokenDoubleInsufficientBalance(from, id, balance, value);
        balanceOf[id][from] = balance - value;
        balanceOf[id][to] += value;
        if (to.code.length > 0) {
            bytes4 answer = IERC1155Receiver(to).onERC1155Received(msg.sender, from, id, value, data);
            if (answer != IERC1155Receiver.onERC1155Received.selector) revert MultiTokenDoubleRejected(to);
        }
    }
}
