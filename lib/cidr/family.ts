/**
 * Conversions between blocks and interval lists, one pair per family: blocks to sorted intervals (the only sort in
 * the algebra), and canonical intervals back to the fewest aligned blocks. Sorting works on typed arrays of
 * 32-bit words (a radix sort for large inputs), never on the block objects or on bigints.
 */
import { BIG, PREFIX_OF_SIZE6, SIZE4, SIZE6, SPACE4, SPACE6, W0, W1, W2, W3, WORD, cidr4, cidr6 } from './block.js';
import type { Cidr, Cidr4, Cidr6 } from './types.js';

/** Below this many blocks a comparison sort is cheaper than the radix sort's fixed cost. */
export const RADIX_MIN = 256;
/** Radix sort counters, one per 16-bit digit value, allocated on first use. */
let counts: Uint32Array | undefined;

/**
 * The order (a permutation of `0..n-1`) that sorts `n` keys of `stride` unsigned 32-bit words each (most
 * significant word first, key `i` at `keys[i * stride]`), ascending; equal keys keep their input order.
 * Large inputs take a least-significant-digit radix sort over 16-bit digits, skipping a digit that every key
 * shares; small ones a comparison sort.
 *
 * @example
 * ```ts
 * sortOrder(new Uint32Array([5, 0, 3, 9, 0, 1]), 2); // Uint32Array [2, 0, 1]
 * ```
 */
export function sortOrder(keys: Uint32Array, stride: number): Uint32Array {
  const n = keys.length / stride;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_MIN) {
    return order.sort((x, y) => {
      for (let w = 0; w < stride; w++) {
        const d = keys[x * stride + w]! - keys[y * stride + w]!;
        if (d !== 0) return d;
      }
      return x - y;
    });
  }
  let next = new Uint32Array(n);
  const count = (counts ??= new Uint32Array(65536));
  for (let w = stride - 1; w >= 0; w--) {
    for (let shift = 0; shift <= 16; shift += 16) {
      count.fill(0);
      for (let i = w; i < keys.length; i += stride) {
        const d = (keys[i]! >>> shift) & 0xffff;
        count[d] = count[d]! + 1;
      }
      if (count[(keys[w]! >>> shift) & 0xffff] === n) continue;
      let sum = 0;
      for (let d = 0; d < 65536; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const j = order[i]!;
        const d = (keys[j * stride + w]! >>> shift) & 0xffff;
        next[count[d]!] = j;
        count[d] = count[d]! + 1;
      }
      const t = order;
      order = next;
      next = t;
    }
  }
  return order;
}

/**
 * Sorts `n` IPv4 intervals in place by start (`starts[i]`, ending at `ends[i]`) with a two-pass radix sort over
 * 16-bit digits that moves the starts and ends themselves, so every pass reads memory in order.
 */
function radixSort4(starts: Uint32Array, ends: Float64Array): void {
  const n = starts.length;
  const count = (counts ??= new Uint32Array(65536));
  let s0: Uint32Array = starts;
  let e0: Float64Array = ends;
  let s1: Uint32Array = new Uint32Array(n);
  let e1: Float64Array = new Float64Array(n);
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      const d = (s0[i]! >>> shift) & 0xffff;
      count[d] = count[d]! + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = s0[i]!;
      const d = (v >>> shift) & 0xffff;
      const at = count[d]!;
      count[d] = at + 1;
      s1[at] = v;
      e1[at] = e0[i]!;
    }
    const st = s0;
    s0 = s1;
    s1 = st;
    const et = e0;
    e0 = e1;
    e1 = et;
  }
  // Two passes: the sorted data is back in the arrays given.
}

/**
 * The IPv4 blocks of a mixed list as their canonical interval list: sorted by start, then overlapping and
 * adjacent blocks joined.
 *
 * @example
 * ```ts
 * import { cidr4, cidr6 } from '../lib/cidr/block.js';
 * import { merged4 } from '../lib/cidr/family.js';
 * merged4([cidr4(256, 24), cidr6(0n, 0), cidr4(0, 24), cidr4(1024, 24)]); // [0, 512, 1024, 1280]
 * ```
 */
export function merged4(cidrs: readonly Cidr[]): number[] {
  let n = 0;
  for (let i = 0; i < cidrs.length; i++) if (cidrs[i]!.family === 4) n++;
  let starts: Uint32Array = new Uint32Array(n);
  let ends: Float64Array = new Float64Array(n);
  n = 0;
  for (let i = 0; i < cidrs.length; i++) {
    const c = cidrs[i]!;
    if (c.family === 4) {
      starts[n] = c.first;
      ends[n++] = c.first + SIZE4[c.prefix]!;
    }
  }
  if (n >= RADIX_MIN) radixSort4(starts, ends);
  else {
    const order = sortOrder(starts, 1);
    starts = starts.map((_, i) => starts[order[i]!]!);
    ends = ends.map((_, i) => ends[order[i]!]!);
  }
  const out: number[] = [];
  if (n === 0) return out;
  let s = starts[0]!;
  let e = ends[0]!;
  for (let i = 1; i < n; i++) {
    const ns = starts[i]!;
    if (ns <= e) {
      const ne = ends[i]!;
      if (ne > e) e = ne;
    } else {
      out.push(s, e);
      s = ns;
      e = ends[i]!;
    }
  }
  out.push(s, e);
  return out;
}

/**
 * The IPv6 blocks of a mixed list as intervals sorted by start. The sort works on each block's network address
 * as four 32-bit words (taken out of the bigint once per block), not on bigints.
 *
 * @example
 * ```ts
 * import { cidr4, cidr6 } from '../lib/cidr/block.js';
 * import { sorted6 } from '../lib/cidr/family.js';
 * sorted6([cidr6(1n, 128), cidr4(0, 0), cidr6(0n, 128)]); // [0n, 1n, 1n, 2n]
 * ```
 */
export function sorted6(cidrs: readonly Cidr[]): bigint[] {
  const list: Cidr6[] = [];
  for (let i = 0; i < cidrs.length; i++) {
    const c = cidrs[i]!;
    if (c.family === 6) list.push(c);
  }
  const n = list.length;
  const keys = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const f = list[i]!.first;
    BIG[0] = f >> 64n;
    BIG[1] = f;
    keys[4 * i] = WORD[W0]!;
    keys[4 * i + 1] = WORD[W1]!;
    keys[4 * i + 2] = WORD[W2]!;
    keys[4 * i + 3] = WORD[W3]!;
  }
  const order = sortOrder(keys, 4);
  const out = new Array<bigint>(2 * n);
  for (let i = 0; i < n; i++) {
    const c = list[order[i]!]!;
    out[2 * i] = c.first;
    out[2 * i + 1] = c.first + SIZE6[c.prefix]!;
  }
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
      const room = e - s;
      while (size > room) size /= 2;
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
      const room = e - s;
      let size = s === 0n ? SPACE6 : s & -s;
      while (size > room) size >>= 1n;
      out.push(cidr6(s, PREFIX_OF_SIZE6.get(size)!));
      s += size;
    }
  }
  return out;
}
