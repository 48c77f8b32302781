/**
 * The value types of the CIDR engine: an address family, one CIDR block, and a parsed range list.
 *
 * A CIDR is kept as its network address (a number for IPv4, a bigint for IPv6) and its prefix length; the
 * set algebra turns blocks into half-open intervals `[first, first + size)` and back.
 */
import type { Warning } from '../errors.js';

/**
 * An address family: `4` for IPv4, `6` for IPv6.
 *
 * @example
 * ```ts
 * const fam: Family = parseCidr('fd00::/8').cidr.family; // 6
 * ```
 */
export type Family = 4 | 6;

/**
 * An IPv4 block: `first` is the network address as an unsigned 32-bit integer (host bits always clear).
 *
 * @example
 * ```ts
 * const c: Cidr4 = { family: 4, prefix: 8, first: 0x0a000000 }; // 10.0.0.0/8
 * ```
 */
export interface Cidr4 {
  readonly family: 4;
  /** Prefix length, 0..32. */
  readonly prefix: number;
  /** Network address, 0..2^32-1, a multiple of 2^(32-prefix). */
  readonly first: number;
}

/**
 * An IPv6 block: `first` is the network address as an unsigned 128-bit bigint (host bits always clear).
 *
 * @example
 * ```ts
 * const c: Cidr6 = { family: 6, prefix: 8, first: 0xfdn << 120n }; // fd00::/8
 * ```
 */
export interface Cidr6 {
  readonly family: 6;
  /** Prefix length, 0..128. */
  readonly prefix: number;
  /** Network address, 0..2^128-1, a multiple of 2^(128-prefix). */
  readonly first: bigint;
}

/**
 * One CIDR block of either family; narrow on `family` to reach the typed `first`.
 * Values made by this module always have their host bits clear.
 *
 * @example
 * ```ts
 * const { cidr } = parseCidr('10.0.0.0/8');
 * if (cidr.family === 4) console.log(cidr.first >>> 24); // 10
 * ```
 */
export type Cidr = Cidr4 | Cidr6;

/**
 * A parsed range list such as Istio's `includeIPRanges`: `"*"` (everything), `""` (nothing) or comma-separated CIDRs.
 * When `all` is true, `cidrs` is `[ALL_IPV4, ALL_IPV6]`, so a reader that ignores `all` still gets the same set.
 *
 * @example
 * ```ts
 * const list: RangeList = parseRangeList('10.0.0.0/8, 10.1.0.0/16');
 * list.warnings[0]?.code; // 'W_OVERLAP'
 * ```
 */
export interface RangeList {
  /** True for `"*"`: every address of both families. */
  all: boolean;
  /** The entries as written (normalised to their network address), in input order. */
  cidrs: Cidr[];
  /** Host bits set, overlapping or duplicate entries, whole-family entries. */
  warnings: Warning[];
}
