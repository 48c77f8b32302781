/**
 * The IPv4 set algebra over interval lists (two words an interval: first and last address, inclusive; see
 * `interval.ts`, which also has the algebra that both families share): merge, subtract, and the walk that turns a
 * canonical list back into the fewest aligned blocks. Addresses are unsigned 32-bit numbers; `last + 1` may reach 2^32, which
 * a number holds exactly.
 */
import { SIZE4, SPACE4 } from './block.js';
import { intervals, sortIntervals, type BlockSink, type Intervals } from './interval.js';

/**
 * Sorts `s` and joins its overlapping and adjacent intervals, in place: `s` becomes canonical.
 *
 * @example
 * ```ts
 * import { intervals, add4 } from '../lib/cidr/interval.js';
 * import { merge4 } from '../lib/cidr/algebra4.js';
 * const s = intervals(2, 2);
 * add4(s, 256, 24);
 * add4(s, 0, 24);
 * merge4(s); // s.n is 1, s.w starts [0, 511]
 * ```
 */
export function merge4(s: Intervals): void {
  sortIntervals(s);
  const w = s.w;
  const n = s.n;
  let m = 0;
  for (let i = 2; i < 2 * n; i += 2) {
    const first = w[i]!;
    // Joined when the interval starts at or before one past the current last address.
    if (first <= w[m + 1]! + 1) {
      const last = w[i + 1]!;
      if (last > w[m + 1]!) w[m + 1] = last;
    } else {
      m += 2;
      w[m] = first;
      w[m + 1] = w[i + 1]!;
    }
  }
  s.n = n === 0 ? 0 : m / 2 + 1;
}

/**
 * The addresses of `a` not in `b` (both canonical), as a canonical list.
 *
 * @example
 * ```ts
 * import { intervals, add4 } from '../lib/cidr/interval.js';
 * import { subtract4 } from '../lib/cidr/algebra4.js';
 * const a = intervals(2, 1);
 * const b = intervals(2, 1);
 * add4(a, 0, 28);
 * add4(b, 4, 30);
 * subtract4(a, b).w; // [0, 3, 8, 15]
 * ```
 */
export function subtract4(a: Intervals, b: Intervals): Intervals {
  const out = intervals(2, a.n + b.n);
  const A = a.w;
  const B = b.w;
  const O = out.w;
  let o = 0;
  let j = 0;
  for (let i = 0; i < 2 * a.n; i += 2) {
    let cur = A[i]!;
    const end = A[i + 1]! + 1;
    while (j < 2 * b.n && B[j + 1]! < cur) j += 2;
    for (let k = j; k < 2 * b.n && B[k]! < end; k += 2) {
      if (B[k]! > cur) {
        O[o++] = cur;
        O[o++] = B[k]! - 1;
      }
      cur = B[k + 1]! + 1;
      j = k;
      if (cur >= end) break;
    }
    if (cur < end) {
      O[o++] = cur;
      O[o++] = end - 1;
    }
  }
  out.n = o / 2;
  return out;
}

/**
 * Puts the fewest blocks covering the canonical list `s` into `sink`, ascending.
 *
 * @example
 * ```ts
 * import { intervals } from '../lib/cidr/interval.js';
 * import { blocks4 } from '../lib/cidr/algebra4.js';
 * const s = intervals(2, 1);
 * s.n = 1;
 * s.w.set([0, 2]);
 * blocks4(s, { block4: (f, p) => console.log(f, p), block6: () => {} }); // 0 31, then 2 32
 * ```
 */
export function blocks4(s: Intervals, sink: BlockSink): void {
  const w = s.w;
  for (let i = 0; i < 2 * s.n; i += 2) {
    let at = w[i]!;
    const end = w[i + 1]! + 1;
    while (at < end) {
      // The largest aligned block starting at `at` that fits: limited by the room left and by `at`'s lowest set bit.
      const left = end - at;
      let k = left >= SPACE4 ? 32 : 31 - Math.clz32(left);
      if (at !== 0) {
        const low = 31 - Math.clz32(at & -at);
        if (low < k) k = low;
      }
      sink.block4(at, 32 - k);
      at += SIZE4[32 - k]!;
    }
  }
}
