/**
 * bigints in JSON: JSON has no bigint, and the plugin writes them (circuit inputs, field elements, gas, amounts) as
 * decimal strings everywhere — in files, worker messages, error messages and reports.
 */

/** `JSON.stringify` replacer that writes a bigint as its decimal string. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** JSON text of `value`, bigints as decimal strings (`indent` as JSON.stringify's `space`). */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, bigintReplacer, indent);
}

/**
 * A copy of `value` that JSON and structured clone carry unchanged: bigints (at any depth, in arrays and plain
 * objects) become decimal strings; everything else is kept as it is.
 */
export function withDecimalBigints(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(withDecimalBigints);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDecimalBigints(v)]));
  }
  return value;
}
