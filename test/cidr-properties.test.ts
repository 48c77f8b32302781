// Property tests of the CIDR set algebra (fast-check): merge is idempotent and order-independent, subtract and
// intersect partition a set, contains/overlaps agree with the algebra, and format/parse round-trip.
import t from 'tap';
import fc from 'fast-check';
import {
  compareCidrs,
  containsCidr,
  formatCidr,
  intersectCidrs,
  mergeCidrs,
  overlapsCidrs,
  parseCidr,
  subtractCidrs,
  type Cidr,
} from '../lib/cidr/index.js';

// Blocks near a few parents (so random sets interact), any prefix length, host bits cleared by parsing.
const v4 = fc
  .tuple(fc.constantFrom(0x0a000000, 0x0a010000, 0xc0a80000, 0), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 32 }))
  .map(([base, low, prefix]) => {
    const addr = (base + (prefix < 16 ? low << 16 : low)) >>> 0;
    return parseCidr(`${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}/${prefix}`).cidr;
  });
const v6 = fc
  .tuple(fc.constantFrom('2001', 'fd00', '0'), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 128 }))
  .map(([head, groups, prefix]) => parseCidr(`${head}:${groups.map((g) => g.toString(16)).join(':')}:0/${prefix}`).cidr);
const cidr = fc.oneof(v4, v6);
const set = fc.array(cidr, { maxLength: 12 });
const text = (cs: readonly Cidr[]): string => cs.map(formatCidr).join(',');
const runs = { numRuns: 300, seed: 7 };

t.test('merge is canonical, idempotent and order-independent', async (t) => {
  fc.assert(
    fc.property(set, (a) => {
      const m = mergeCidrs(a);
      if (text(mergeCidrs(m)) !== text(m)) return false;
      if (text(mergeCidrs([...a].reverse())) !== text(m)) return false;
      if (text(mergeCidrs(a.concat(a))) !== text(m)) return false;
      // Canonical: strictly ascending and no block overlaps another.
      return m.every((c, i) => i === 0 || (compareCidrs(m[i - 1]!, c) < 0 && !overlapsCidrs([m[i - 1]!], [c])));
    }),
    runs,
  );
  t.pass('merge properties hold');
});

t.test('subtract and intersect partition a; union is recovered', async (t) => {
  fc.assert(
    fc.property(set, set, (a, b) => {
      const diff = subtractCidrs(a, b);
      const both = intersectCidrs(a, b);
      return (
        text(mergeCidrs(diff.concat(both))) === text(mergeCidrs(a)) &&
        !overlapsCidrs(diff, both) &&
        !overlapsCidrs(diff, b) &&
        text(intersectCidrs(a, b)) === text(intersectCidrs(b, a)) &&
        text(mergeCidrs(diff.concat(b))) === text(mergeCidrs(a.concat(b))) &&
        text(subtractCidrs(a, a)) === '' &&
        text(intersectCidrs(a, a)) === text(mergeCidrs(a))
      );
    }),
    runs,
  );
  t.pass('partition laws hold');
});

t.test('contains and overlaps agree with the algebra', async (t) => {
  fc.assert(
    fc.property(set, set, cidr, (a, b, c) => {
      return (
        containsCidr(a, c) === (subtractCidrs([c], a).length === 0) &&
        overlapsCidrs(a, b) === (intersectCidrs(a, b).length > 0) &&
        overlapsCidrs(a, b) === overlapsCidrs(b, a) &&
        a.every((x) => containsCidr(a, x) && containsCidr(mergeCidrs(a), x))
      );
    }),
    runs,
  );
  t.pass('contains/overlaps agree');
});

t.test('format(parse(x)) round trip', async (t) => {
  fc.assert(
    fc.property(cidr, (c) => {
      const s = formatCidr(c);
      const back = parseCidr(s);
      return formatCidr(back.cidr) === s && !back.hostBitsSet && compareCidrs(back.cidr, c) === 0;
    }),
    { numRuns: 1000, seed: 11 },
  );
  fc.assert(
    fc.property(fc.ipV6(), (addr) => {
      const once = formatCidr(parseCidr(addr).cidr);
      return formatCidr(parseCidr(once).cidr) === once && once === once.toLowerCase() && !/\./.test(once);
    }),
    { numRuns: 1000, seed: 13 },
  );
  fc.assert(
    fc.property(fc.ipV4(), (addr) => formatCidr(parseCidr(addr).cidr) === `${addr}/32`),
    { numRuns: 1000, seed: 17 },
  );
  t.pass('round trips hold');
});
