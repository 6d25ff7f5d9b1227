// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISwarmLedger
/// @notice Types, events and errors of {SwarmLedger} and its bases {LedgerQueue} and {DrexSettlement}: a ledger
/// whose state is the root of a Poseidon account tree, moved only by batches of Groth16-proven shards of private
/// transfers. Every event is emitted after the state it reports is written.
interface ISwarmLedger {
    /// @notice A withdrawal the ledger pays on commit: `amount` of `asset` to `recipient`, debited from ledger
    /// account `from` in the shard.
    struct Withdrawal {
        uint256 from;
        uint256 asset;
        address recipient;
        uint256 amount;
    }

    /// @notice The pilot contracts the ledger settles with. `banks[i]` is the Real Tokenizado of asset i + 1
    /// (zero addresses allowed for a ledger without Drex hooks); `transfersPerShard` and `depth` are the circuit's.
    struct DrexConfig {
        address[] banks;
        address swap;
        address tpft;
        address poseidon;
        uint256 transfersPerShard;
        uint256 depth;
    }

    /// @notice Who holds what at deployment: the regulator (Bacen) gets DEFAULT_ADMIN_ROLE and REGULATOR_ROLE, the
    /// operator OPERATOR_ROLE only.
    struct Roles {
        address regulator;
        address operator;
    }

    /// @notice One queue lane: chain value after the last entry (`head`), entries so far (`count`), chain value
    /// after the last consumed entry (`consumed`) and how many entries that is (`consumedCount`).
    struct LaneState {
        uint256 head;
        uint256 count;
        uint256 consumed;
        uint256 consumedCount;
    }

    // ---------------------------------------------------------------- root chain and attestation

    /// @notice A batch of `shards` proven shards moved the state root from `oldRoot` to `newRoot`.
    /// @param batchNumber sequence number of the batch, starting at 1.
    /// @param txCommitments each shard's commitment to its transfers, in shard order.
    event BatchCommitted(uint256 indexed batchNumber, uint256 oldRoot, uint256 newRoot, uint256 shards, uint256[] txCommitments);

    /// @notice Batch `batchNumber` was signed by the attested enclave key `signer` over `digest`.
    event BatchAttested(uint256 indexed batchNumber, address indexed signer, bytes32 digest);

    /// @notice The regulator switched attestation mode (a zero address: mode off).
    event AttestationModeChanged(address oldRegistry, address newRegistry);

    /// @notice The regulator changed the per-transfer limit enforced by the circuit.
    event PerTxLimitChanged(uint256 oldLimit, uint256 newLimit);

    // ---------------------------------------------------------------- queue lanes and accounts

    /// @notice The regulator made `opener` an account opener of bank `bank` (0: revoked).
    event AccountOpenerSet(address indexed opener, uint256 oldBank, uint256 newBank);

    /// @notice Entry-lane entry `index` opens ledger account `account` for `asset` with owner key (`ax`, `ay`);
    /// `chain` is the entry lane's chain value after it.
    event AccountOpened(uint256 indexed index, uint256 indexed account, uint256 asset, uint256 ax, uint256 ay, address opener, uint256 chain);

    /// @notice Entry-lane entry `index` credits `amount` of `asset` to ledger account `account`; `chain` is the
    /// entry lane's chain value after it.
    event Deposited(uint256 indexed index, uint256 indexed account, uint256 asset, uint256 amount, address depositor, uint256 chain);

    /// @notice Freeze-lane entry `index` sets the frozen flag of ledger account `account`; `chain` is the freeze
    /// lane's chain value after it.
    event AccountFreezeQueued(uint256 indexed index, uint256 indexed account, bool frozen, uint256 chain);

    // ---------------------------------------------------------------- settlement

    /// @notice A withdrawal of a committed batch was paid.
    event WithdrawalPaid(uint256 indexed batchNumber, uint256 indexed from, uint256 asset, address recipient, uint256 amount);

    /// @notice The settlement hook moved `amount` from bank `debtorBank` to bank `creditorBank` (1-based asset
    /// ids) through SwapOneStep: RT burned at the debtor, Real Digital between the reserves, RT minted at the creditor.
    event InterbankSettlement(uint256 indexed batchNumber, uint256 indexed debtorBank, uint256 indexed creditorBank, uint256 amount);

    // ---------------------------------------------------------------- errors: deployment and regulator

    /// @dev The verifier was built for `found` public inputs, the ledger needs `expected`.
    error SwarmLedgerVerifierMismatch(uint256 found, uint256 expected);

    /// @dev The genesis root must be an element of the SNARK scalar field.
    error SwarmLedgerRootNotInField(uint256 root);

    /// @dev The Drex configuration names `found` banks; a shard proves net positions for at most `max`.
    error SwarmLedgerTooManyBanks(uint256 found, uint256 max);

    /// @dev The holder of `role` at deployment (REGULATOR_ROLE or OPERATOR_ROLE) must not be the zero address.
    error SwarmLedgerRoleHolderZero(bytes32 role);

    /// @dev The circuit's slots per shard must be in 1..`max` (the freeze barrier counts a queue-only shard by it).
    error SwarmLedgerShardSizeOutOfRange(uint256 transfersPerShard, uint256 max);

    /// @dev The account tree's depth `depth` is above the largest the ledger accepts, `max`.
    error SwarmLedgerTreeDepthOutOfRange(uint256 depth, uint256 max);

    /// @dev The genesis names `found` accounts, the tree holds `capacity`.
    error SwarmLedgerGenesisTooLarge(uint256 found, uint256 capacity);

    /// @dev A per-transfer limit must be in 1..2^64-1 (the circuit range-checks amounts to 64 bits).
    error SwarmLedgerLimitOutOfRange(uint256 limit);

    /// @dev The enclave registry must be a contract (or the zero address to switch attestation mode off).
    error SwarmLedgerRegistryNotContract(address registry);

    // ---------------------------------------------------------------- errors: queue calls

    /// @dev `caller` may not open an account of `asset`: it is no bank's account opener, or `asset` is another
    /// bank's Real Tokenizado.
    error SwarmLedgerNotAccountOpener(address caller, uint256 asset);

    /// @dev An account opener's bank must be 1..`maxBank` (or 0 to revoke).
    error SwarmLedgerOpenerBankOutOfRange(uint256 bank, uint256 maxBank);

    /// @dev (`ax`, `ay`) is not a BabyJubJub point other than the identity and (0, -1), with both coordinates < r.
    error SwarmLedgerKeyNotOnCurve(uint256 ax, uint256 ay);

    /// @dev Every index of the tree (`capacity` of them) is taken.
    error SwarmLedgerLedgerFull(uint256 capacity);

    /// @dev Ledger account `account` was never opened (in the genesis or by {openAccount}).
    error SwarmLedgerAccountNotOpen(uint256 account);

    /// @dev Ledger account `account` holds `accountAsset`, not `asset`.
    error SwarmLedgerAssetMismatch(uint256 account, uint256 accountAsset, uint256 asset);

    /// @dev `asset` is not an asset id of this ledger: a bank 1..3 (for deposits and payouts: a bank whose Real
    /// Tokenizado the ledger is wired to) or TPFT_ASSET_BASE + id with 1 <= id < 2^32 (for deposits and payouts: the
    /// ledger is wired to TPFt). For TPFt sent directly with an id of 2^32 or more, `asset` is that id.
    error SwarmLedgerUnknownAsset(uint256 asset);

    /// @dev An amount (deposit or withdrawal) must be in 1..2^64-1 (the circuit's range).
    error SwarmLedgerAmountOutOfRange(uint256 amount);

    /// @dev An account index outside the tree.
    error SwarmLedgerAccountOutOfRange(uint256 account);

    /// @dev ERC1155 tokens from a contract other than the ledger's TPFt.
    error SwarmLedgerUnexpectedToken(address token);

    // ---------------------------------------------------------------- errors: batches

    /// @dev The batch holds no shard.
    error SwarmLedgerEmptyBatch();

    /// @dev `publicInputs` does not hold exactly 11 inputs per proof (8 + one net position per bank).
    error SwarmLedgerPublicInputLength(uint256 found, uint256 expected);

    /// @dev Shard `shard` starts at `found`, but the ledger (shard 0) or the previous shard ends at `expected`.
    error SwarmLedgerRootChainBroken(uint256 shard, uint256 found, uint256 expected);

    /// @dev Shard `shard` was proven for a per-transfer limit `found`, the on-chain limit is `expected`.
    error SwarmLedgerLimitMismatch(uint256 shard, uint256 found, uint256 expected);

    /// @dev Shard `shard` was proven for the signing domain `found`, this ledger's domain is `expected`.
    error SwarmLedgerDomainMismatch(uint256 shard, uint256 found, uint256 expected);

    /// @dev The aggregate pairing check of the batch failed: at least one proof is invalid.
    error SwarmLedgerInvalidBatchProof(uint256 shards);

    /// @dev Attestation mode is on (enclave registry `registry`): batches go through commitAttestedBatch.
    error SwarmLedgerAttestationRequired(address registry);

    /// @dev commitAttestedBatch was called while attestation mode is off.
    error SwarmLedgerAttestationNotEnabled();

    /// @dev The batch signature recovers to `signer`, which is not an active enclave key of the registry.
    error SwarmLedgerEnclaveSignerNotActive(address signer);

    /// @dev Shard `shard` starts consuming a queue at `found`, but the entry lane (as consumed by the ledger and the
    /// previous shards) is at `entryExpected` and the freeze lane at `freezeExpected`.
    error SwarmLedgerQueueChainBroken(uint256 shard, uint256 found, uint256 entryExpected, uint256 freezeExpected);

    /// @dev Shard `shard` ends its lane at `found`, a value that lane never reached after the shard's start
    /// (skipped, reordered or invented entries).
    error SwarmLedgerQueueUnknown(uint256 shard, uint256 found);

    /// @dev After shard `shard` the freeze lane is consumed up to entry `consumed` of `length` queued, and the shard
    /// is not queue-only: its signed slots could send from an account whose freeze is still waiting.
    error SwarmLedgerFreezePending(uint256 shard, uint256 consumed, uint256 length);

    /// @dev The withdrawals given for shard `shard` hash to `found`, the proof commits to `expected`.
    error SwarmLedgerWithdrawalHashMismatch(uint256 shard, uint256 found, uint256 expected);

    /// @dev `withdrawalCounts` has `found` entries or counts more withdrawals than given; `expected` shards.
    error SwarmLedgerWithdrawalCountMismatch(uint256 found, uint256 expected);

    /// @dev Shard `shard`'s net positions do not sum to zero.
    error SwarmLedgerNetPositionsUnbalanced(uint256 shard);

    /// @dev Shard `shard` gives bank `bank` (1-based) a net position `found` but the ledger knows no such bank.
    error SwarmLedgerUnknownBank(uint256 shard, uint256 bank, uint256 found);
}
