// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {JSONParserLib} from "solady/src/utils/JSONParserLib.sol";
import {IDcapCollateral as C} from "./IDcapCollateral.sol";
import {IDcapQuoteVerifier as Q} from "./IDcapQuoteVerifier.sol";
import {DerParser} from "./DerParser.sol";

/**
 * @title CollateralJson (deployed and linked: its public functions keep DcapCollateral under 24 KiB)
 * @notice Reads Intel's TCB Info (version 3, "Intel PCS API v4 — TCB Info V3") and Enclave Identity (version 2)
 *         JSON into structs, through Solady's JSONParserLib. Only called on bytes whose signature has verified.
 *         A missing or ill-typed field reverts with {IDcapCollateral.DcapCollateralJsonFieldInvalid}(keccak of the
 *         field name, keccak of what was expected).
 */
library CollateralJson {
    using JSONParserLib for JSONParserLib.Item;

    uint8 internal constant KIND_SGX = 0;
    uint8 internal constant KIND_TDX = 1;

    /// @notice abi.encode of {parseTcbInfo}'s struct (the public ABI carries no enum/struct type names).
    function parseTcbInfoEncoded(string memory json) public pure returns (bytes memory) {
        return abi.encode(parseTcbInfo(json));
    }

    /// @notice abi.encode of {parseQeIdentity}'s struct.
    function parseQeIdentityEncoded(string memory json) public pure returns (bytes memory) {
        return abi.encode(parseQeIdentity(json));
    }

    function parseTcbInfo(string memory json) internal pure returns (C.TcbInfo memory t) {
        JSONParserLib.Item memory root = JSONParserLib.parse(json);
        bytes32 id = keccak256(bytes(_field(root, '"id"').value()));
        if (id == keccak256('"SGX"')) t.kind = KIND_SGX;
        else if (id == keccak256('"TDX"')) t.kind = KIND_TDX;
        else revert C.DcapCollateralJsonFieldInvalid(keccak256("id"), id);
        t.version = uint32(_uint(root, '"version"'));
        if (t.version != 3) revert C.DcapCollateralJsonFieldInvalid(keccak256("version"), bytes32(uint256(t.version)));
        t.issueDate = _date(root, '"issueDate"');
        t.nextUpdate = _date(root, '"nextUpdate"');
        t.fmspc = bytes6(_hex(root, '"fmspc"', 6));
        t.pceId = bytes2(_hex(root, '"pceId"', 2));
        t.evaluationDataNumber = uint32(_uint(root, '"tcbEvaluationDataNumber"'));
        if (t.kind == KIND_TDX) {
            JSONParserLib.Item memory m = _field(root, '"tdxModule"');
            t.mrSignerSeam = _hexBytes(m, '"mrsigner"', 48);
            t.seamAttributes = bytes8(_hex(m, '"attributes"', 8));
            t.seamAttributesMask = bytes8(_hex(m, '"attributesMask"', 8));
            _readModuleLevels(root, t);
        }
        JSONParserLib.Item[] memory levels = _field(root, '"tcbLevels"').children();
        t.levels = new C.TcbLevel[](levels.length);
        for (uint256 i; i < levels.length; ++i) {
            JSONParserLib.Item memory tcb = _field(levels[i], '"tcb"');
            t.levels[i].sgxComponents = _components(tcb, '"sgxtcbcomponents"');
            if (t.kind == KIND_TDX) t.levels[i].tdxComponents = _components(tcb, '"tdxtcbcomponents"');
            uint256 pce = _uint(tcb, '"pcesvn"');
            if (pce > type(uint16).max) revert C.DcapCollateralJsonFieldInvalid(keccak256("pcesvn"), bytes32(pce));
            t.levels[i].pceSvn = uint16(pce);
            t.levels[i].status = _status(levels[i]);
        }
    }

    function parseQeIdentity(string memory json) internal pure returns (C.QeIdentity memory q) {
        JSONParserLib.Item memory root = JSONParserLib.parse(json);
        bytes32 id = keccak256(bytes(_field(root, '"id"').value()));
        if (id == keccak256('"QE"')) q.kind = KIND_SGX;
        else if (id == keccak256('"TD_QE"')) q.kind = KIND_TDX;
        else revert C.DcapCollateralJsonFieldInvalid(keccak256("id"), id);
        q.version = uint32(_uint(root, '"version"'));
        if (q.version != 2) revert C.DcapCollateralJsonFieldInvalid(keccak256("version"), bytes32(uint256(q.version)));
        q.issueDate = _date(root, '"issueDate"');
        q.nextUpdate = _date(root, '"nextUpdate"');
        q.evaluationDataNumber = uint32(_uint(root, '"tcbEvaluationDataNumber"'));
        q.miscSelect = bytes4(_hex(root, '"miscselect"', 4));
        q.miscSelectMask = bytes4(_hex(root, '"miscselectMask"', 4));
        q.attributes = bytes16(_hex(root, '"attributes"', 16));
        q.attributesMask = bytes16(_hex(root, '"attributesMask"', 16));
        q.mrSigner = _hex(root, '"mrsigner"', 32);
        uint256 prod = _uint(root, '"isvprodid"');
        if (prod > type(uint16).max) revert C.DcapCollateralJsonFieldInvalid(keccak256("isvprodid"), bytes32(prod));
        q.isvProdId = uint16(prod);
        JSONParserLib.Item[] memory levels = _field(root, '"tcbLevels"').children();
        q.levels = new C.QeLevel[](levels.length);
        for (uint256 i; i < levels.length; ++i) {
            uint256 svn = _uint(_field(levels[i], '"tcb"'), '"isvsvn"');
            if (svn > type(uint16).max) revert C.DcapCollateralJsonFieldInvalid(keccak256("isvsvn"), bytes32(svn));
            q.levels[i] = C.QeLevel(uint16(svn), _status(levels[i]));
        }
    }

    function _readModuleLevels(JSONParserLib.Item memory root, C.TcbInfo memory t) private pure {
        JSONParserLib.Item memory ids = root.at('"tdxModuleIdentities"');
        if (ids.isUndefined()) return;
        JSONParserLib.Item[] memory list = ids.children();
        uint256 count;
        for (uint256 i; i < list.length; ++i) count += _field(list[i], '"tcbLevels"').size();
        t.moduleLevels = new C.TdxModuleLevel[](count);
        uint256 k;
        for (uint256 i; i < list.length; ++i) {
            // id is "TDX_<two hex digits>", the module's major version (TEE_TCB_SVN byte 1).
            bytes memory id = bytes(_field(list[i], '"id"').value());
            if (id.length != 8) revert C.DcapCollateralJsonFieldInvalid(keccak256("tdxModuleIdentities.id"), keccak256(id));
            uint8 major = uint8(_nibble(id[5]) * 16 + _nibble(id[6]));
            JSONParserLib.Item[] memory levels = _field(list[i], '"tcbLevels"').children();
            for (uint256 j; j < levels.length; ++j) {
                uint256 svn = _uint(_field(levels[j], '"tcb"'), '"isvsvn"');
                if (svn > 255) revert C.DcapCollateralJsonFieldInvalid(keccak256("isvsvn"), bytes32(svn));
                t.moduleLevels[k++] = C.TdxModuleLevel(major, uint8(svn), _status(levels[j]));
            }
        }
    }

    function _field(JSONParserLib.Item memory obj, string memory key) private pure returns (JSONParserLib.Item memory item) {
        item = obj.at(key);
        if (item.isUndefined()) revert C.DcapCollateralJsonFieldInvalid(keccak256(bytes(key)), bytes32("present"));
    }

    function _uint(JSONParserLib.Item memory obj, string memory key) private pure returns (uint256) {
        JSONParserLib.Item memory item = _field(obj, key);
        if (!item.isNumber()) revert C.DcapCollateralJsonFieldInvalid(keccak256(bytes(key)), bytes32("number"));
        return JSONParserLib.parseUint(item.value());
    }

    /// @dev Hex string field of exactly `len` bytes, left-aligned in a bytes32 (len ≤ 32).
    function _hex(JSONParserLib.Item memory obj, string memory key, uint256 len) private pure returns (bytes32 w) {
        bytes memory b = _hexBytes(obj, key, len);
        assembly ("memory-safe") {
            w := mload(add(b, 0x20))
        }
        if (len < 32) w &= bytes32(type(uint256).max << (8 * (32 - len)));
    }

    function _hexBytes(JSONParserLib.Item memory obj, string memory key, uint256 len) private pure returns (bytes memory out) {
        JSONParserLib.Item memory item = _field(obj, key);
        bytes memory s = bytes(item.value()); // includes the quotes
        if (!item.isString() || s.length != 2 * len + 2) {
            revert C.DcapCollateralJsonFieldInvalid(keccak256(bytes(key)), bytes32(2 * len + 2));
        }
        out = new bytes(len);
        for (uint256 i; i < len; ++i) out[i] = bytes1(_nibble(s[1 + 2 * i]) * 16 + _nibble(s[2 + 2 * i]));
    }

    function _nibble(bytes1 c) private pure returns (uint8) {
        uint8 v = uint8(c);
        if (v >= 0x30 && v <= 0x39) return v - 0x30;
        if (v >= 0x61 && v <= 0x66) return v - 0x57;
        if (v >= 0x41 && v <= 0x46) return v - 0x37;
        revert C.DcapCollateralJsonFieldInvalid(keccak256("hex"), bytes32(c));
    }

    /// @dev "YYYY-MM-DDThh:mm:ssZ" (ISO 8601, UTC) to unix seconds.
    function _date(JSONParserLib.Item memory obj, string memory key) private pure returns (uint64) {
        bytes memory s = bytes(_field(obj, key).value());
        if (s.length != 22 || s[5] != "-" || s[8] != "-" || s[11] != "T" || s[14] != ":" || s[17] != ":" || s[20] != "Z") {
            revert C.DcapCollateralJsonFieldInvalid(keccak256(bytes(key)), bytes32("YYYY-MM-DDThh:mm:ssZ"));
        }
        return DerParser.toUnix(_dec(s, 1, 4), _dec(s, 6, 2), _dec(s, 9, 2), _dec(s, 12, 2), _dec(s, 15, 2), _dec(s, 18, 2));
    }

    function _dec(bytes memory s, uint256 at, uint256 n) private pure returns (uint256 v) {
        for (uint256 i; i < n; ++i) {
            uint8 c = uint8(s[at + i]);
            if (c < 0x30 || c > 0x39) revert C.DcapCollateralJsonFieldInvalid(keccak256("date"), bytes32(uint256(c)));
            v = v * 10 + (c - 0x30);
        }
    }

    /// @dev 16 `{"svn": n}` entries → one byte each, component 1 first.
    function _components(JSONParserLib.Item memory tcb, string memory key) private pure returns (bytes16) {
        JSONParserLib.Item[] memory comps = _field(tcb, key).children();
        if (comps.length != 16) revert C.DcapCollateralJsonFieldInvalid(keccak256(bytes(key)), bytes32(uint256(16)));
        uint256 packed;
        for (uint256 i; i < 16; ++i) {
            uint256 svn = _uint(comps[i], '"svn"');
            if (svn > 255) revert C.DcapCollateralJsonFieldInvalid(keccak256("svn"), bytes32(svn));
            packed = (packed << 8) | svn;
        }
        return bytes16(uint128(packed));
    }

    function _status(JSONParserLib.Item memory level) private pure returns (Q.TcbStatus) {
        bytes32 h = keccak256(bytes(_field(level, '"tcbStatus"').value()));
        if (h == keccak256('"UpToDate"')) return Q.TcbStatus.UpToDate;
        if (h == keccak256('"SWHardeningNeeded"')) return Q.TcbStatus.SWHardeningNeeded;
        if (h == keccak256('"ConfigurationNeeded"')) return Q.TcbStatus.ConfigurationNeeded;
        if (h == keccak256('"ConfigurationAndSWHardeningNeeded"')) return Q.TcbStatus.ConfigurationAndSWHardeningNeeded;
        if (h == keccak256('"OutOfDate"')) return Q.TcbStatus.OutOfDate;
        if (h == keccak256('"OutOfDateConfigurationNeeded"')) return Q.TcbStatus.OutOfDateConfigurationNeeded;
        if (h == keccak256('"Revoked"')) return Q.TcbStatus.Revoked;
        revert C.DcapCollateralJsonFieldInvalid(keccak256("tcbStatus"), h);
    }
}
