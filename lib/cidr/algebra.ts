/**
 * Set algebra over blocks of both families. Every result is canonical: merged into the fewest blocks, IPv4 before
 * IPv6, ascending by address (see {@link compareCidrs}), so equal address sets always give equal lists.
 */
import { cidr4, cidr6, joinWords, splitWords } from './block.js';
import { blocks4, merge4, subtract4 } from './algebra4.js';
import { blocks6, merge6, subtract6 } from './algebra6.js';
import { add4, add6, covers, intersect, intervals, meets, touches, type BlockSink, type Spans } from './interval.js';
import type { Cidr } from './types.js';

/** Turns blocks into interval lists and back (one per call), with its own scratch for the IPv6 words. */
class Blocks implements BlockSink {
  private readonly scratch = new Uint32Array(4);
  readonly out: Cidr[] = [];

  /** Splits blocks by family into their interval lists (not yet sorted or merged). */
  spans(cidrs: readonly Cidr[]): Spans {
    let n4 = 0;
    for (let i = 0; i < cidrs.length; i++) if (cidrs[i]!.family === 4) n4++;
    const s = { v4: intervals(2, n4), v6: intervals(8, cidrs.length - n4) };
    for (let i = 0; i < cidrs.length; i++) this.add(s, cidrs[i]!);
    return s;
  }

  /** Adds one block to the interval list of its family. */
  add(s: Spans, c: Cidr): void {
    if (c.family === 4) {
      add4(s.v4, c.first, c.prefix);
      return;
    }
    splitWords(c.first, this.scratch, 0);
    add6(s.v6, this.scratch, 0, c.prefix);
  }

  /** Merges blocks into each family's canonical interval list. */
  merged(cidrs: readonly Cidr[]): Spans {
    const s = this.spans(cidrs);
    merge4(s.v4);
    merge6(s.v6);
    return s;
  }

  /** The canonical blocks of canonical interval lists, IPv4 first. */
  blocks(s: Spans): Cidr[] {
    blocks4(s.v4, this);
    blocks6(s.v6, this);
    return this.out;
  }

  block4(first: number, prefix: number): void {
    this.out.push(cidr4(first, prefix));
  }

  block6(w: Uint32Array, i: number, prefix: number): void {
    this.out.push(cidr6(joinWords(w, i), prefix));
  }
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
  const b = new Blocks();
  return b.blocks(b.merged(cidrs));
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
  const k = new Blocks();
  const x = k.merged(a);
  const y = k.merged(b);
  return k.blocks({ v4: subtract4(x.v4, y.v4), v6: subtract6(x.v6, y.v6) });
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
  const k = new Blocks();
  const x = k.merged(a);
  const y = k.merged(b);
  return k.blocks({ v4: intersect(x.v4, y.v4), v6: intersect(x.v6, y.v6) });
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
  const k = new Blocks();
  const s = k.merged(set);
  const q = k.spans([c]);
  return c.family === 4 ? covers(s.v4, q.v4.w, 0) : covers(s.v6, q.v6.w, 0);
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
  const k = new Blocks();
  const x = k.merged(a);
  const y = k.merged(b);
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
  const k = new Blocks();
  const s = k.merged(set);
  const q = k.spans(blocks);
  let i4 = 0;
  let i6 = 0;
  return blocks.map((c) => (c.family === 4 ? touches(s.v4, q.v4.w, 2 * i4++) : touches(s.v6, q.v6.w, 8 * i6++)));
}
