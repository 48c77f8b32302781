/**
 * Set algebra over blocks of both families. Every result is canonical: merged into the fewest blocks, IPv4 before
 * IPv6, ascending by address (see {@link compareCidrs}), so equal address sets always give equal lists.
 */
import { SIZE4, SIZE6 } from './block.js';
import { blocks4, blocks6, merged4, sorted6 } from './family.js';
import { coalesce, covers, intersect, meets, subtract, touches } from './interval.js';
import type { Cidr } from './types.js';

/** A set of addresses as one canonical interval list per family. */
interface Spans {
  v4: number[];
  v6: bigint[];
}

/** Splits blocks by family and merges each family into its canonical interval list. */
function spans(cidrs: readonly Cidr[]): Spans {
  return { v4: merged4(cidrs), v6: coalesce(sorted6(cidrs)) };
}

/** Turns canonical interval lists back into the canonical block list. */
function blocks(s: Spans): Cidr[] {
  const out: Cidr[] = blocks4(s.v4);
  for (const c of blocks6(s.v6)) out.push(c);
  return out;
}

/**
 * Orders blocks canonically: IPv4 before IPv6, then by network address, then by prefix length (shorter first).
 * Returns a negative number, zero or a positive number, for `Array.prototype.sort`.
 *
 * @example
 * ```ts
 * ['fd00::/8', '10.0.0.0/16', '10.0.0.0/8'].map((t) => parseCidr(t).cidr).sort(compareCidrs).map(formatCidr);
 * // ['10.0.0.0/8', '10.0.0.0/16', 'fd00::/8']
 * ```
 */
export function compareCidrs(x: Cidr, y: Cidr): number {
  if (x.family !== y.family) return x.family - y.family;
  if (x.first !== y.first) return x.first < y.first ? -1 : 1;
  return x.prefix - y.prefix;
}

/**
 * Collapses blocks into the fewest blocks covering the same addresses: overlaps are absorbed and adjacent
 * blocks are joined (`10.0.0.0/25` + `10.0.0.128/25` = `10.0.0.0/24`). Families may be mixed.
 *
 * @example
 * ```ts
 * mergeCidrs(['10.0.0.0/25', '10.0.0.128/25', '10.0.0.7/32'].map((t) => parseCidr(t).cidr)).map(formatCidr);
 * // ['10.0.0.0/24']
 * ```
 */
export function mergeCidrs(cidrs: readonly Cidr[]): Cidr[] {
  return blocks(spans(cidrs));
}

/**
 * The addresses of `a` that are not in `b`, as canonical blocks.
 *
 * @example
 * ```ts
 * subtractCidrs([parseCidr('10.0.0.0/8').cidr], [parseCidr('10.0.0.0/9').cidr]).map(formatCidr);
 * // ['10.128.0.0/9']
 * ```
 */
export function subtractCidrs(a: readonly Cidr[], b: readonly Cidr[]): Cidr[] {
  const x = spans(a);
  const y = spans(b);
  return blocks({ v4: subtract(x.v4, y.v4), v6: subtract(x.v6, y.v6) });
}

/**
 * The addresses in both `a` and `b`, as canonical blocks.
 *
 * @example
 * ```ts
 * intersectCidrs([parseCidr('10.0.0.0/8').cidr], [parseCidr('10.1.0.0/16').cidr]).map(formatCidr);
 * // ['10.1.0.0/16']
 * ```
 */
export function intersectCidrs(a: readonly Cidr[], b: readonly Cidr[]): Cidr[] {
  const x = spans(a);
  const y = spans(b);
  return blocks({ v4: intersect(x.v4, y.v4), v6: intersect(x.v6, y.v6) });
}

/**
 * Whether every address of `c` is in the union of `set` (it may be spread over several blocks of `set`).
 *
 * @example
 * ```ts
 * const set = ['10.0.0.0/9', '10.128.0.0/9'].map((t) => parseCidr(t).cidr);
 * containsCidr(set, parseCidr('10.0.0.0/8').cidr); // true
 * ```
 */
export function containsCidr(set: readonly Cidr[], c: Cidr): boolean {
  const s = spans(set);
  return c.family === 4
    ? covers(s.v4, c.first, c.first + SIZE4[c.prefix]!)
    : covers(s.v6, c.first, c.first + SIZE6[c.prefix]!);
}

/**
 * Whether `a` and `b` share at least one address.
 *
 * @example
 * ```ts
 * overlapsCidrs([parseCidr('10.0.0.0/8').cidr], [parseCidr('10.255.0.0/16').cidr]); // true
 * ```
 */
export function overlapsCidrs(a: readonly Cidr[], b: readonly Cidr[]): boolean {
  const x = spans(a);
  const y = spans(b);
  return meets(x.v4, y.v4) || meets(x.v6, y.v6);
}

/**
 * For each of `blocks`, whether it shares an address with `set`: `set` is merged once and each block found by
 * binary search, where calling {@link overlapsCidrs} per block would merge `set` again every time.
 *
 * @example
 * ```ts
 * const set = ['10.0.0.0/8'].map((t) => parseCidr(t).cidr);
 * overlapsEach(set, ['10.1.0.0/16', '192.0.2.0/24'].map((t) => parseCidr(t).cidr)); // [true, false]
 * ```
 */
export function overlapsEach(set: readonly Cidr[], blocks: readonly Cidr[]): boolean[] {
  const s = spans(set);
  return blocks.map((c) =>
    c.family === 4 ? touches(s.v4, c.first, c.first + SIZE4[c.prefix]!) : touches(s.v6, c.first, c.first + SIZE6[c.prefix]!),
  );
}
