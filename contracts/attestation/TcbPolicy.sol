// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDcapCollateral as C} from "./IDcapCollateral.sol";
import {IDcapQuoteVerifier as Q} from "./IDcapQuoteVerifier.sol";

/// @notice No TCB level of the TCB Info is at or below the platform's TCB: the platform is not supported.
error TcbPolicyPlatformLevelNotFound(bytes16 found, uint16 pceSvn);
/// @notice No level of the TDX module identity matches the module's major version and SVN.
error TcbPolicyModuleLevelNotFound(uint8 majorVersion, uint8 isvSvn);
/// @notice No level of the QE Identity is at or below the QE's ISVSVN.
error TcbPolicyQeLevelNotFound(uint16 found, uint16 expected);

/**
 * @title TcbPolicy
 * @notice Pure TCB status evaluation over parsed quotes and collateral, as Intel's Quote Verification Library does it
 *         (SGXDataCenterAttestationPrimitives, QuoteVerification/QVL "TcbLevelCheck"):
 *         - platform: the first TCB level (Intel orders them best first) whose 16 SGX component SVNs and PCESVN are
 *           each ≤ the PCK certificate's; for TDX also the 16 TDX components ≤ TEE_TCB_SVN, skipping bytes 0–1 when
 *           the module's major version (TEE_TCB_SVN[1]) is > 0, because those then come from the module identity;
 *         - TDX module: the first level of identity "TDX_<major>" with ISVSVN ≤ TEE_TCB_SVN[0];
 *         - QE: the first QE Identity level with ISVSVN ≤ the QE report's ISVSVN;
 *         - combination by flags: Revoked dominates; any OutOfDate makes OutOfDate (…ConfigurationNeeded when any
 *           part needs configuration); otherwise SW-hardening and configuration flags are united.
 *         Revoked is a status like the others here; the registry refuses it whatever its policy says.
 */
library TcbPolicy {
    uint8 private constant SWH = 1;
    uint8 private constant CONFIG = 2;
    uint8 private constant OUT_OF_DATE = 4;
    uint8 private constant REVOKED = 8;

    function platformStatus(C.TcbLevel[] memory levels, bytes16 certComponents, uint16 pceSvn, bool tdx, bytes16 teeTcbSvn)
        internal
        pure
        returns (Q.TcbStatus)
    {
        for (uint256 i; i < levels.length; ++i) {
            C.TcbLevel memory l = levels[i];
            if (pceSvn < l.pceSvn || !_allAtLeast(certComponents, l.sgxComponents, 0)) continue;
            if (tdx && !_allAtLeast(teeTcbSvn, l.tdxComponents, uint8(teeTcbSvn[1]) > 0 ? 2 : 0)) continue;
            return l.status;
        }
        revert TcbPolicyPlatformLevelNotFound(certComponents, pceSvn);
    }

    function moduleStatus(C.TdxModuleLevel[] memory levels, bytes16 teeTcbSvn) internal pure returns (Q.TcbStatus) {
        uint8 major = uint8(teeTcbSvn[1]);
        uint8 svn = uint8(teeTcbSvn[0]);
        if (major == 0) return Q.TcbStatus.UpToDate; // TDX 1.0 modules carry no identity (QVL: skipped)
        for (uint256 i; i < levels.length; ++i) {
            if (levels[i].majorVersion == major && levels[i].isvSvn <= svn) return levels[i].status;
        }
        revert TcbPolicyModuleLevelNotFound(major, svn);
    }

    function qeStatus(C.QeLevel[] memory levels, uint16 isvSvn) internal pure returns (Q.TcbStatus) {
        for (uint256 i; i < levels.length; ++i) {
            if (levels[i].isvSvn <= isvSvn) return levels[i].status;
        }
        revert TcbPolicyQeLevelNotFound(isvSvn, levels.length == 0 ? 0 : levels[levels.length - 1].isvSvn);
    }

    function combine(Q.TcbStatus a, Q.TcbStatus b) internal pure returns (Q.TcbStatus) {
        uint8 f = _flags(a) | _flags(b);
        if (f & REVOKED != 0) return Q.TcbStatus.Revoked;
        if (f & OUT_OF_DATE != 0) return f & CONFIG != 0 ? Q.TcbStatus.OutOfDateConfigurationNeeded : Q.TcbStatus.OutOfDate;
        if (f == SWH | CONFIG) return Q.TcbStatus.ConfigurationAndSWHardeningNeeded;
        if (f == CONFIG) return Q.TcbStatus.ConfigurationNeeded;
        if (f == SWH) return Q.TcbStatus.SWHardeningNeeded;
        return Q.TcbStatus.UpToDate;
    }

    function _flags(Q.TcbStatus s) private pure returns (uint8) {
        if (s == Q.TcbStatus.SWHardeningNeeded) return SWH;
        if (s == Q.TcbStatus.ConfigurationNeeded) return CONFIG;
        if (s == Q.TcbStatus.ConfigurationAndSWHardeningNeeded) return SWH | CONFIG;
        if (s == Q.TcbStatus.OutOfDate) return OUT_OF_DATE;
        if (s == Q.TcbStatus.OutOfDateConfigurationNeeded) return OUT_OF_DATE | CONFIG;
        if (s == Q.TcbStatus.Revoked) return REVOKED;
        return 0;
    }

    /// @dev Every byte of `have` from index `from` on is ≥ the same byte of `need`.
    function _allAtLeast(bytes16 have, bytes16 need, uint256 from) private pure returns (bool) {
        for (uint256 i = from; i < 16; ++i) {
            if (uint8(have[i]) < uint8(need[i])) return false;
        }
        return true;
    }
}
