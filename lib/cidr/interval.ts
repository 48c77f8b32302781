/**
 * The one representation the set algebra works on, for both families and both APIs: a list of intervals in a
 * `Uint32Array`, each interval its first and its last address (inclusive, so that the whole space fits) as 32-bit
 * words, most significant first. An IPv4 interval takes two words, `[first, last]`; an IPv6 interval eight, the
 * four words of its first address and then the four of its last. A *canonical* list is sorted, and its intervals
 * are disjoint and not adjacent.
 *
 * The object API (block objects) and the bulk API (text) both fill these lists, sort them with {@link sortIntervals}
 * (the only sort) and hand them to the algebra: merging, subtracting and walking back to blocks per family
 * (`algebra4.ts`, `algebra6.ts`, where the hot loops are), intersecting and the overlap and containment tests here,
 * once for both. Scratch space belongs to the call that uses it: nothing here is kept between calls.
 */
import { SIZE4 } from './block.js';

/** An interval list of one family; see the module comment for the layout. */
export interface Intervals {
  /** Words per interval: 2 for IPv4, 8 for IPv6. */
  readonly stride: 2 | 8;
  /** How many intervals the list holds. */
  n: number;
  /** The words, with room for at least `n` intervals. */
  w: Uint32Array;
}

/** Both families' interval lists of one address set. */
export interface Spans {
  v4: Intervals;
  v6: Intervals;
}

/**
 * An empty list of one family with room for `room` intervals (it grows when more come).
 *
 * @example
 * ```ts
 * intervals(2, 16).n; // 0
 * ```
 */
export function intervals(stride: 2 | 8, room: number): Intervals {
  return { stride, n: 0, w: new Uint32Array(stride * room) };
}

/** Makes room for one more interval of `s` and counts it; returns the offset of its first word. */
function push(s: Intervals): number {
  const at = s.n * s.stride;
  if (at === s.w.length) {
    const w = new Uint32Array(Math.max(4 * s.stride, 2 * s.w.length));
    w.set(s.w);
    s.w = w;
  }
  s.n++;
  return at;
}

/**
 * Adds the IPv4 block `first/prefix` (`first` its network address) to `s`.
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * add4(s, 0x0a000000, 8); // s.w is [0x0a000000, 0x0affffff]
 * ```
 */
export function add4(s: Intervals, first: number, prefix: number): void {
  const at = push(s);
  s.w[at] = first;
  s.w[at + 1] = first + SIZE4[prefix]! - 1;
}

/**
 * Adds the IPv6 block whose network address is the four words `src[i..i+3]` (most significant first) and whose
 * prefix length is `prefix` to `s`.
 *
 * @example
 * ```ts
 * const s = intervals(8, 1);
 * add6(s, new Uint32Array([0xfd000000, 0, 0, 0]), 0, 8); // fd00::/8: first fd00::, last fdff:ffff:...:ffff
 * ```
 */
export function add6(s: Intervals, src: Uint32Array, i: number, prefix: number): void {
  const at = push(s);
  const w = s.w;
  for (let k = 0; k < 4; k++) {
    const first = src[i + k]!;
    const keep = prefix - 32 * k;
    w[at + k] = first;
    // The last address: the first with every host bit set.
    w[at + 4 + k] = keep >= 32 ? first : keep <= 0 ? 0xffffffff : (first | (0xffffffff >>> keep)) >>> 0;
  }
}

/** Below this many intervals a comparison sort is cheaper than the radix sort's fixed cost. */
const RADIX_MIN = 256;

/**
 * Counts the 16-bit digit at `shift` of the key word at `k, k + stride, ...` into `count` as the start offset of each
 * digit value; returns false when every key has the same digit (the pass would not move anything).
 */
function digitStarts(count: Uint32Array, keys: Uint32Array, k: number, stride: number, n: number, shift: number): boolean {
  count.fill(0);
  const end = n * stride;
  for (let i = k; i < end; i += stride) {
    const d = (keys[i]! >>> shift) & 0xffff;
    count[d] = count[d]! + 1;
  }
  if (count[(keys[k]! >>> shift) & 0xffff] === n) return false;
  let sum = 0;
  for (let d = 0; d < 65536; d++) {
    const c = count[d]!;
    count[d] = sum;
    sum += c;
  }
  return true;
}

/**
 * Sorts the intervals of `s` by first address (ties keep their order): a least-significant-digit radix sort over
 * 16-bit digits of the first address, skipping a digit that every interval shares, for large lists; a comparison
 * sort for small ones. The one sort of the engine (one function per family for the large lists, so that each
 * keeps its own optimised code when both run in one process).
 *
 * @example
 * ```ts
 * const s = intervals(2, 2);
 * add4(s, 256, 24);
 * add4(s, 0, 24);
 * sortIntervals(s); // s.w is [0, 255, 256, 511]
 * ```
 */
export function sortIntervals(s: Intervals): void {
  if (s.n < RADIX_MIN) sortSmall(s);
  else if (s.stride === 2) radixSort4(s);
  else radixSort6(s);
}

/** The comparison sort, for short lists of either family. */
function sortSmall(s: Intervals): void {
  const { n, stride, w } = s;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => {
    for (let k = 0; k < stride >>> 1; k++) {
      const d = w[x * stride + k]! - w[y * stride + k]!;
      if (d !== 0) return d;
    }
    return x - y;
  });
  const to = new Uint32Array(n * stride);
  for (let i = 0; i < n; i++) to.set(w.subarray(order[i]! * stride, order[i]! * stride + stride), i * stride);
  s.w = to;
}

/** The radix sort of IPv4 intervals: both words of an interval move on each of the (at most two) passes. */
function radixSort4(s: Intervals): void {
  const n = s.n;
  let from: Uint32Array = s.w;
  let to: Uint32Array = new Uint32Array(2 * n);
  const count = new Uint32Array(65536);
  for (let shift = 0; shift <= 16; shift += 16) {
    if (!digitStarts(count, from, 0, 2, n, shift)) continue;
    for (let i = 0; i < 2 * n; i += 2) {
      const first = from[i]!;
      const d = (first >>> shift) & 0xffff;
      const at = 2 * count[d]!;
      count[d] = count[d]! + 1;
      to[at] = first;
      to[at + 1] = from[i + 1]!;
    }
    const t = from;
    from = to;
    to = t;
  }
  s.w = from;
}

/**
 * The radix sort of IPv6 intervals: the (at most eight) passes order the intervals' numbers, and the eight words
 * of each interval move once, at the end.
 */
function radixSort6(s: Intervals): void {
  const n = s.n;
  const w = s.w;
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let k = 3; k >= 0; k--) {
    for (let shift = 0; shift <= 16; shift += 16) {
      if (!digitStarts(count, w, k, 8, n, shift)) continue;
      for (let i = 0; i < n; i++) {
        const j = order[i]!;
        const d = (w[8 * j + k]! >>> shift) & 0xffff;
        next[count[d]!] = j;
        count[d] = count[d]! + 1;
      }
      const t = order;
      order = next;
      next = t;
    }
  }
  const to = new Uint32Array(8 * n);
  for (let i = 0; i < n; i++) {
    const from = 8 * order[i]!;
    const at = 8 * i;
    for (let x = 0; x < 8; x++) to[at + x] = w[from + x]!;
  }
  s.w = to;
}

/**
 * Whether the address of `words` words (1 for IPv4, 4 for IPv6) at `a[i..]` is below the one at `b[j..]`.
 *
 * @example
 * ```ts
 * lower(new Uint32Array([1, 5]), 0, new Uint32Array([2, 0]), 0, 1); // true
 * ```
 */
export function lower(a: Uint32Array, i: number, b: Uint32Array, j: number, words: number): boolean {
  for (let k = 0; k < words; k++) {
    const x = a[i + k]!;
    const y = b[j + k]!;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * The addresses in both `a` and `b` (canonical lists of one family), as a canonical list.
 *
 * @example
 * ```ts
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 28);
 * add4(b, 8, 29);
 * intersect(a, b).w; // [8, 15]
 * ```
 */
export function intersect(a: Intervals, b: Intervals): Intervals {
  const { stride } = a;
  const h = stride >>> 1;
  const A = a.w;
  const B = b.w;
  const out = intervals(stride, a.n + b.n);
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < stride * a.n && j < stride * b.n) {
    // From the later first address to the earlier last address, when that is not empty.
    const bLater = lower(A, i, B, j, h);
    const aEarlier = lower(A, i + h, B, j + h, h);
    const fw = bLater ? B : A;
    const fi = bLater ? j : i;
    const lw = aEarlier ? A : B;
    const li = aEarlier ? i + h : j + h;
    if (!lower(lw, li, fw, fi, h)) {
      out.w.set(fw.subarray(fi, fi + h), at);
      out.w.set(lw.subarray(li, li + h), at + h);
      at += stride;
    }
    if (aEarlier) i += stride;
    else j += stride;
  }
  out.n = at / stride;
  return out;
}

/**
 * Whether two canonical lists of one family share an address.
 *
 * @example
 * ```ts
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 30);
 * add4(b, 4, 30);
 * meets(a, b); // false: they only touch
 * ```
 */
export function meets(a: Intervals, b: Intervals): boolean {
  const { stride } = a;
  const h = stride >>> 1;
  let i = 0;
  let j = 0;
  while (i < stride * a.n && j < stride * b.n) {
    if (lower(a.w, i + h, b.w, j, h)) i += stride;
    else if (lower(b.w, j + h, a.w, i, h)) j += stride;
    else return true;
  }
  return false;
}

/** The word offset of the first interval of the canonical list `s` whose last address is at or after `q[qi..]`. */
function lastFrom(s: Intervals, q: Uint32Array, qi: number): number {
  const { stride } = s;
  const h = stride >>> 1;
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lower(s.w, stride * mid + h, q, qi, h)) lo = mid + 1;
    else hi = mid;
  }
  return stride * lo;
}

/**
 * Whether the canonical list `s` holds every address of the interval at `q[qi..]` (an interval of the same family:
 * first and last address), which then lies inside one of its intervals.
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * add4(s, 0, 28);
 * covers(s, new Uint32Array([2, 6]), 0); // true
 * ```
 */
export function covers(s: Intervals, q: Uint32Array, qi: number): boolean {
  const h = s.stride >>> 1;
  const i = lastFrom(s, q, qi);
  return i < s.stride * s.n && !lower(q, qi, s.w, i, h) && !lower(s.w, i + h, q, qi + h, h);
}

/**
 * Whether the canonical list `s` shares an address with the interval at `q[qi..]` (same family): the first interval
 * that ends at or after its first address starts at or before its last.
 *
 * @example
 * ```ts
 * const s = intervals(2, 1);
 * add4(s, 0, 29);
 * touches(s, new Uint32Array([6, 9]), 0); // true
 * touches(s, new Uint32Array([8, 9]), 0); // false
 * ```
 */
export function touches(s: Intervals, q: Uint32Array, qi: number): boolean {
  const h = s.stride >>> 1;
  const i = lastFrom(s, q, qi);
  return i < s.stride * s.n && !lower(q, qi + h, s.w, i, h);
}

/**
 * Where the block walks of `algebra4.ts` and `algebra6.ts` put each block of a canonical list, in ascending order:
 * the object API makes block objects, the bulk API writes text.
 */
export interface BlockSink {
  /** An IPv4 block: its network address and prefix length. */
  block4(first: number, prefix: number): void;
  /** An IPv6 block: its network address as the four words `w[i..i+3]`, most significant first, and prefix length. */
  block6(w: Uint32Array, i: number, prefix: number): void;
}
