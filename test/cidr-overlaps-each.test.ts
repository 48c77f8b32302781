import t from 'tap';
import fc from 'fast-check';
import { overlapsCidrs, overlapsEach, parseCidr, type Cidr } from '../lib/cidr/index.js';
import { intervals, touches as touchesIn, type Intervals } from '../lib/cidr/interval.js';

const cidr = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([a, p]) =>
    parseCidr(`${[24, 16, 8, 0].map((s) => (a >>> s) & 255).join('.')}/${p}`).cidr,
  ),
  fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([g, p]) =>
    parseCidr(`${g.map((x) => x.toString(16)).join(':')}/${p}`).cidr,
  ),
);

t.test('overlapsEach answers, for each block, what overlapsCidrs answers alone', async (t) => {
  fc.assert(
    fc.property(fc.array(cidr, { maxLength: 30 }), fc.array(cidr, { maxLength: 30 }), (set: Cidr[], blocks: Cidr[]) => {
      const each = overlapsEach(set, blocks);
      return each.length === blocks.length && each.every((hit, i) => hit === overlapsCidrs(set, [blocks[i]!]));
    }),
    { numRuns: 500, seed: 20261126 },
  );
  t.pass('500 random sets and block lists agree');
});

/** An interval list of one family from half-open `[start, end)` pairs of small addresses (IPv6: in the last word). */
function list(stride: 2 | 8, ...flat: number[]): Intervals {
  const s = intervals(stride, flat.length / 2);
  for (let k = 0; k < flat.length / 2; k++) {
    s.w[k * stride + stride / 2 - 1] = flat[2 * k]!;
    s.w[k * stride + stride - 1] = flat[2 * k + 1]! - 1;
  }
  s.n = flat.length / 2;
  return s;
}

/** Whether `[s, e)` touches the list of half-open pairs `flat`, asked of both families' lists; both must agree. */
function touches(flat: number[], s: number, e: number): boolean {
  const v4 = touchesIn(list(2, ...flat), list(2, s, e).w, 0);
  const v6 = touchesIn(list(8, ...flat), list(8, s, e).w, 0);
  if (v4 !== v6) throw new Error(`touches4 says ${v4}, touches6 says ${v6}`);
  return v4;
}

t.test('touches: edges of an interval list', async (t) => {
  t.equal(touches([0, 8], 6, 10), true);
  t.equal(touches([0, 8], 8, 10), false, 'an interval ends before its end bound');
  t.equal(touches([4, 8], 0, 4), false);
  t.equal(touches([], 0, 4), false);
  t.equal(touches([0, 2, 10, 12], 5, 11), true, 'the second interval');
});
