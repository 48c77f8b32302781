/**
 * Conversions between blocks and interval lists, one pair per family: blocks to sorted intervals (the only sort in
 * the algebra), and canonical intervals back to the fewest aligned blocks.
 */
import { PREFIX_OF_SIZE6, SIZE4, SIZE6, SPACE4, SPACE6, cidr4, cidr6 } from './block.js';
import type { Cidr4, Cidr6 } from './types.js';

/**
 * IPv4 blocks as intervals sorted by start. Each block is packed into one float (`first * 64 + prefix`, exact
 * below 2^53), so the sort is a typed-array numeric sort instead of a comparator over objects.
 *
 * @example
 * ```ts
 * sorted4([cidr4(256, 24), cidr4(0, 24)]); // [0, 256, 256, 512]
 * ```
 */
export function sorted4(cidrs: readonly Cidr4[]): number[] {
  const n = cidrs.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = cidrs[i]!;
    keys[i] = c.first * 64 + c.prefix;
  }
  keys.sort();
  const out = new Array<number>(2 * n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const prefix = k % 64;
    const first = (k - prefix) / 64;
    out[2 * i] = first;
    out[2 * i + 1] = first + SIZE4[prefix]!;
  }
  return out;
}

/**
 * IPv6 blocks as intervals sorted by start.
 *
 * @example
 * ```ts
 * sorted6([cidr6(1n, 128), cidr6(0n, 128)]); // [0n, 1n, 1n, 2n]
 * ```
 */
export function sorted6(cidrs: readonly Cidr6[]): bigint[] {
  const order = cidrs.slice().sort((x, y) => (x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const out: bigint[] = [];
  for (const c of order) out.push(c.first, c.first + SIZE6[c.prefix]!);
  return out;
}

/**
 * The fewest IPv4 blocks covering a canonical interval list exactly, ascending.
 *
 * @example
 * ```ts
 * blocks4([0, 3]); // 0.0.0.0/31, 0.0.0.2/32
 * ```
 */
export function blocks4(flat: readonly number[]): Cidr4[] {
  const out: Cidr4[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    let s = flat[i]!;
    const e = flat[i + 1]!;
    while (s < e) {
      // The largest aligned block starting at s: its lowest set bit (all of the space when s is 0).
      let size = s === 0 ? SPACE4 : (s & -s) >>> 0;
      while (size > e - s) size /= 2;
      out.push(cidr4(s, size === SPACE4 ? 0 : Math.clz32(size) + 1));
      s += size;
    }
  }
  return out;
}

/**
 * The fewest IPv6 blocks covering a canonical interval list exactly, ascending.
 *
 * @example
 * ```ts
 * blocks6([0n, 3n]); // ::/127, ::2/128
 * ```
 */
export function blocks6(flat: readonly bigint[]): Cidr6[] {
  const out: Cidr6[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    let s = flat[i]!;
    const e = flat[i + 1]!;
    while (s < e) {
      let size = s === 0n ? SPACE6 : s & -s;
      while (size > e - s) size >>= 1n;
      out.push(cidr6(s, PREFIX_OF_SIZE6.get(size)!));
      s += size;
    }
  }
  return out;
}
