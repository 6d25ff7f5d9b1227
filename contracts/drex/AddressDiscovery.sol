// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

// Naming (kept out of NatSpec, whose parser reads every at-sign as a tag): each bank's Real Tokenizado is registered
// as keccak256("RealTokenizado@<cnpj8>") with the CNPJ8 in plain decimal, e.g. "RealTokenizado@12345678".
/**
 * @title AddressDiscovery
 * @notice Local, ABI-compatible implementation of the pilot's contract registry (AddressDiscovery.md /
 * abi/AddressDiscovery.json of bacen/pilotord-kit-onboarding @ 77343bb; on the pilot it lives at
 * 0xDc2633B0cdA829bd2A54Db3Fd39b474aa0953c70).
 * @dev Key = keccak256 of the contract name's UTF-8 bytes (ethers `id("RealDigital")`); per-bank names: see the
 * comment above the contract. Unknown names return the zero address.
 * Constructor choice (ABI takes only `_authority`; the .md adds `_admin`): the deployer receives
 * `DEFAULT_ADMIN_ROLE`, `_authority` receives `ACCESS_ROLE`.
 */
contract AddressDiscovery is AccessControl {
    /// @notice `smartContract` now resolves to `newAddress` (was `previousAddress`). Not in the pilot ABI.
    event AddressUpdated(bytes32 indexed smartContract, address indexed previousAddress, address indexed newAddress);

    /// @notice The zero address cannot be the authority.
    error AddressDiscoveryInvalidAuthority(address authority);

    /// @notice Role allowed to register addresses.
    bytes32 public constant ACCESS_ROLE = keccak256("ACCESS_ROLE");

    mapping(bytes32 smartContract => address location) private _addresses;

    /// @param _authority wallet allowed to register addresses (BCB); the deployer becomes `DEFAULT_ADMIN_ROLE`.
    constructor(address _authority) {
        if (_authority == address(0)) revert AddressDiscoveryInvalidAuthority(_authority);
        _grantRole(DEFAULT_ADMIN_ROLE, _msgSender());
        _grantRole(ACCESS_ROLE, _authority);
    }

    /**
     * @notice Address registered under `smartContract` (pilot public mapping).
     * @param smartContract keccak256 of the contract name.
     * @return location registered address, zero when unknown.
     */
    function addressDiscovery(bytes32 smartContract) external view returns (address location) {
        return _addresses[smartContract];
    }

    /**
     * @notice Registers (or replaces, or with the zero address removes) the address of `smartContract`.
     * @dev Requirements: caller holds `ACCESS_ROLE`. Emits an {AddressUpdated} event.
     * @param smartContract keccak256 of the contract name.
     * @param newAddress address to register.
     */
    function updateAddress(bytes32 smartContract, address newAddress) external onlyRole(ACCESS_ROLE) {
        address previous = _addresses[smartContract];
        _addresses[smartContract] = newAddress;
        emit AddressUpdated(smartContract, previous, newAddress);
    }
}
