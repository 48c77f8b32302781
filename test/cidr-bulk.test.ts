// The bulk text API (mergeCidrTexts, subtractCidrTexts, mergeCidrLines) against the object API it must equal
// exactly: fast-check properties on clustered sets, seeded random lists big enough to take the radix sort, the
// edges of both address spaces, and the same strict refusals as parseCidr, naming the entry and its index (or line).
import t from 'tap';
import fc from 'fast-check';
import { formatCidr, mergeCidrs, parseCidr, subtractCidrs, type Cidr } from '../lib/cidr/index.js';
import { mergeCidrLines, mergeCidrTexts, subtractCidrTexts } from '../lib/cidr/bulk.js';
import { RenderInjectorError } from '../lib/errors.js';
import { randomList, rng } from './helpers/cidr-random.js';

const parseAll = (texts: readonly string[]): Cidr[] => texts.map((x) => parseCidr(x).cidr);
const merged = (a: readonly string[]): string[] => mergeCidrs(parseAll(a)).map(formatCidr);
const subtracted = (a: readonly string[], b: readonly string[]): string[] =>
  subtractCidrs(parseAll(a), parseAll(b)).map(formatCidr);

// Texts near a few parents (so sets interact), any prefix length, host bits often set, some bare addresses.
const v4 = fc
  .tuple(fc.constantFrom(0x0a000000, 0xc0a80000, 0, 0xffffff00), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 33 }))
  .map(([base, low, prefix]) => {
    const a = (base + low) >>> 0;
    const addr = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    return prefix === 33 ? addr : `${addr}/${prefix}`;
  });
const v6 = fc
  .tuple(
    fc.constantFrom('2001:db8', 'fd00:0', '0:0', 'ffff:ffff'),
    fc.array(fc.constantFrom(0, 1, 2, 0xffff, 0x8000), { minLength: 6, maxLength: 6 }),
    fc.integer({ min: 0, max: 129 }),
  )
  .map(([head, groups, prefix]) => {
    const addr = `${head}:${groups.map((g) => g.toString(16)).join(':')}`;
    return prefix === 129 ? addr : `${addr}/${prefix}`;
  });
const list = fc.array(fc.oneof(v4, v6), { maxLength: 14 });
const runs = { numRuns: 1500, seed: 11 };
/** The object API's merge as mergeCidrLines writes it: one block per line, each line ended. */
const mergedLines = (a: readonly string[]): string => merged(a).map((x) => `${x}\n`).join('');

t.test('bulk merge and subtract equal the object API (properties)', async (t) => {
  fc.assert(
    fc.property(list, list, (a, b) => {
      t.strictSame(mergeCidrTexts(a), merged(a));
      t.strictSame(subtractCidrTexts(a, b), subtracted(a, b));
      return true;
    }),
    runs,
  );
});

t.test('bulk equals the object API on large seeded lists (radix-sorted)', async (t) => {
  const r = rng(77);
  for (const family of [4, 6, 'mixed'] as const) {
    for (const n of [255, 256, 3000]) {
      const a = randomList(r, n, family);
      const b = randomList(r, n, family);
      const m = mergeCidrTexts(a);
      t.strictSame(m, merged(a), `merge ${family} ${n}`);
      const d = subtractCidrTexts(a, b);
      t.strictSame(d, subtracted(a, b), `subtract ${family} ${n}`);
      t.ok(d.length !== m.length || d.join() !== m.join(), `b changed a (${family} ${n})`);
    }
  }
});

t.test('a large list inside one /16 (the sort skips the digit all share) merges to what a bitmap of the /16 gives', async (t) => {
  const r = rng(5);
  const texts: string[] = [];
  const bits = new Uint8Array(65536);
  for (let i = 0; i < 3000; i++) {
    const prefix = 28 + Math.floor(r() * 5);
    const size = 2 ** (32 - prefix);
    const low = Math.floor((r() * 65536) / size) * size;
    texts.push(`10.1.${low >>> 8}.${low & 255}/${prefix}`);
    bits.fill(1, low, low + size);
  }
  // The oracle: the fewest aligned blocks over the marked addresses, found by walking the bitmap.
  const want: string[] = [];
  for (let at = 0; at < 65536; ) {
    if (!bits[at]) {
      at++;
      continue;
    }
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= 65536 && bits.subarray(at, at + size * 2).every((b) => b === 1)) size *= 2;
    want.push(`10.1.${at >>> 8}.${at & 255}/${32 - Math.log2(size)}`);
    at += size;
  }
  t.strictSame(mergeCidrTexts(texts), want);
  t.ok(want.length > 100, `${want.length} blocks: the list stays fragmented`);
});

t.test('edges of the address spaces', async (t) => {
  const cases: [string[], string[]][] = [
    [[], []],
    [['0.0.0.0/0', '::/0'], []],
    [['0.0.0.0/0', '::/0'], ['0.0.0.0', '255.255.255.255', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
    [['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1'], []],
    [['255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '255.255.255.254', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe'], ['::/0']],
    [['::/0'], ['::/1']],
    [['::/0'], ['8000::/1', '::']],
    [['::fffe:0:0/96', '::fffe:1.2.3.4/128', '1:2:3:4:5:6:7.8.9.10/127'], ['::fffe:1.2.3.0/120']],
    [['10.0.0.1/8', 'fd00::1/8'], ['10.1.2.3/16', 'fd00:1::5/32']],
    [['0:0:0:1::/64', '0:0:0:1:ffff:ffff:ffff:ffff', '0:0:0:2::'], ['0:0:0:1:8000::/65']],
  ];
  for (const [a, b] of cases) {
    t.strictSame(mergeCidrTexts(a), merged(a), `merge ${a.join(',')}`);
    t.strictSame(subtractCidrTexts(a, b), subtracted(a, b), `subtract ${a.join(',')} - ${b.join(',')}`);
  }
  t.strictSame(mergeCidrTexts(['::/1', '8000::/1', '0.0.0.0/1', '128.0.0.0/1']), ['0.0.0.0/0', '::/0']);
  t.strictSame(subtractCidrTexts(['::/0'], ['::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']).length, 254);
  t.strictSame(mergeCidrTexts(['10.0.0.128/25', '10.0.0.0/25', 'fd00::1', '10.0.0.7/32']), ['10.0.0.0/24', 'fd00::1/128']);
  t.strictSame(subtractCidrTexts(['10.0.0.0/8', 'fd00::/8'], ['10.0.0.0/9', 'fd00::/9']), ['10.128.0.0/9', 'fd80::/9']);
});

/** The error parseCidr throws for `text`, if any. */
function refusal(text: string): RenderInjectorError | undefined {
  try {
    parseCidr(text);
  } catch (e) {
    return e as RenderInjectorError;
  }
  return undefined;
}

t.test('the same strict refusals as parseCidr, naming the entry and its index', async (t) => {
  const bad = ['', '*', '010.0.0.1/8', '10.0.0.256/32', '10.0.0.0/33', '10.0.0.0/08', 'fe80::1%eth0/64', '1::2::3', '1.2.3', ' 10.0.0.0/8', 'fd00::/129'];
  for (const text of bad) {
    const want = refusal(text);
    t.ok(want, `parseCidr refuses ${JSON.stringify(text)}`);
    const why = want!.message.slice(want!.message.indexOf(': '));
    const name = JSON.stringify(text);
    t.throws(() => mergeCidrTexts(['10.0.0.0/8', 'fd00::/8', text]), {
      code: 'E_CIDR',
      message: `invalid CIDR ${name} (index 2)${why}`,
      hint: want!.hint,
    });
    t.throws(() => subtractCidrTexts([text], []), { code: 'E_CIDR', message: `invalid CIDR ${name} (index 0)${why}` });
    t.throws(() => subtractCidrTexts(['10.0.0.0/8'], ['fd00::/8', text], { file: 'ranges.txt' }), {
      code: 'E_CIDR',
      message: `invalid CIDR ${name} (index 1 of the list to subtract)${why}`,
      place: { file: 'ranges.txt' },
    });
  }
});

t.test('mergeCidrLines: one entry per line, the same merge as the object API', async (t) => {
  // Line ends LF or CR LF, blank lines between, with or without a final line break.
  const layout = fc.record({ crlf: fc.boolean(), blanks: fc.array(fc.nat(20), { maxLength: 3 }), last: fc.boolean() });
  fc.assert(
    fc.property(list, layout, (a, { crlf, blanks, last }) => {
      const lines = [...a];
      for (const at of blanks) lines.splice(at % (lines.length + 1), 0, '');
      const text = lines.join(crlf ? '\r\n' : '\n') + (last ? '\n' : '');
      t.equal(mergeCidrLines(text), mergedLines(a));
      return true;
    }),
    runs,
  );
  const r = rng(78);
  for (const family of [4, 6, 'mixed'] as const) {
    const a = randomList(r, 3000, family);
    t.equal(mergeCidrLines(a.join('\n')), mergedLines(a), `${family} 3000`);
  }
  t.equal(mergeCidrLines(''), '');
  t.equal(mergeCidrLines('\n\r\n\n'), '', 'blank lines only');
  // A line's prefix ends at its line break, even when digits follow on the next line.
  t.equal(mergeCidrLines('192.0.2.0/2\n4.0.0.0/8\n198.51.100.7'), '4.0.0.0/8\n192.0.0.0/2\n', 'a prefix ends at its line break');
});

t.test('mergeCidrLines refuses what parseCidr refuses, naming the line', async (t) => {
  const bad = ['*', '010.0.0.1/8', '10.0.0.256/32', '10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/', 'fe80::1%eth0/64', '1::2::3', '1.2.3', ' 10.0.0.0/8', '10.0.0.0/8 ', 'fd00::/129', '10.0.0.0/8,10.1.0.0/16'];
  for (const text of bad) {
    const want = refusal(text);
    t.ok(want, `parseCidr refuses ${JSON.stringify(text)}`);
    t.throws(() => mergeCidrLines(`10.0.0.0/8\r\n\nfd00::/8\n${text}\n192.0.2.0/24\n`, { file: 'ranges.txt' }), {
      code: 'E_CIDR',
      message: want!.message,
      hint: want!.hint,
      place: { file: 'ranges.txt', line: 4 },
    });
  }
  t.throws(() => mergeCidrLines('10.0.0.0/8\n1.2.3.4/33'), { code: 'E_CIDR', place: { line: 2 } }, 'without a place, the line alone');
});
