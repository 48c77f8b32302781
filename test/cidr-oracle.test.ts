// The CIDR algebra against Python's `ipaddress` as an oracle: thousands of seeded random cases (IPv4, IPv6 and
// mixed, clustered so the sets interact) go to ONE python3 process as JSON; every canonical list we compute must
// equal Python's exactly, and every contains/overlaps answer must agree.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  containsCidr,
  formatIPv6,
  intersectCidrs,
  mergeCidrTexts,
  mergeCidrs,
  overlapsCidrs,
  parseCidr,
  subtractCidrTexts,
  subtractCidrs,
  type Cidr,
} from '../lib/cidr/index.js';
import { randomList, rng } from './helpers/cidr-random.js';

const ORACLE = fileURLToPath(new URL('./helpers/cidr_oracle.py', import.meta.url));

interface SetCase {
  a: string[];
  b: string[];
  probes: string[];
}
interface SetAnswer {
  merge: [string, number][];
  subtract: [string, number][];
  intersect: [string, number][];
  contains: boolean[];
  overlaps: boolean;
  merge_text: string[];
  subtract_text: string[];
}

function ask(request: { sets: SetCase[]; formats: string[] }): { sets: SetAnswer[]; formats: string[] } {
  const r = spawnSync('python3', [ORACLE], { input: JSON.stringify(request), maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const listing = (cidrs: Cidr[]): [string, number][] => cidrs.map((c) => [c.first.toString(), c.prefix]);
const parseAll = (texts: string[]): Cidr[] => texts.map((x) => parseCidr(x).cidr);

const r = rng(20240601);
const cases: SetCase[] = [];
for (const family of [4, 6, 'mixed'] as const) {
  for (let i = 0; i < (family === 'mixed' ? 400 : 1200); i++) {
    const a = randomList(r, 1 + Math.floor(r() * 40), family);
    const b = randomList(r, Math.floor(r() * 40), family);
    // Probes: some random, some taken from a and b so that containment is often true.
    const probes = [...randomList(r, 3, family), ...a.slice(0, 2), ...b.slice(0, 1)];
    cases.push({ a, b, probes });
  }
}
// Large sets too: the engine sorts small inputs by comparison and large ones by radix, so both must agree.
for (const family of [4, 6, 'mixed'] as const) {
  const a = randomList(r, 2000, family);
  cases.push({ a, b: randomList(r, 2000, family), probes: [...randomList(r, 3, family), ...a.slice(0, 3)] });
}
// ... and a large set inside one /48, whose shared leading digits the radix sort skips.
const in48 = (n: number): string[] =>
  Array.from({ length: n }, () => {
    const low = Array.from({ length: 5 }, () => Math.floor(r() * 65536).toString(16)).join(':');
    return `2001:db8:7:${low}/${80 + Math.floor(r() * 49)}`;
  });
cases.push({ a: in48(600), b: in48(600), probes: in48(3) });
cases.push({ a: [], b: [], probes: ['0.0.0.0/0', '::/0'] });
cases.push({ a: ['0.0.0.0/0', '::/0'], b: ['0.0.0.0/0'], probes: ['0.0.0.0/0', '::/0', '255.255.255.255'] });

// Addresses with long and short zero runs, for RFC 5952 formatting (Python prints the same canonical text;
// IPv4-mapped ::ffff:0:0/96 is left out because newer Pythons print it with a dotted tail).
const formats: string[] = [];
for (let i = 0; i < 3000; i++) {
  const groups = Array.from({ length: 8 }, () => (r() < 0.55 ? 0 : Math.floor(r() * (r() < 0.5 ? 16 : 65536))));
  const text = groups.map((g) => g.toString(16)).join(':');
  if (!/^0:0:0:0:0:ffff:/.test(text)) formats.push(text);
}

const answers = ask({ sets: cases, formats });

t.test('oracle answered every case', async (t) => {
  t.equal(answers.sets.length, cases.length);
  t.equal(answers.formats.length, formats.length);
  t.ok(cases.length >= 2800, `${cases.length} set cases`);
});

for (const op of ['merge', 'subtract', 'intersect', 'contains', 'overlaps'] as const) {
  t.test(`${op} equals ipaddress on ${cases.length} random cases`, async (t) => {
    let interacting = 0;
    for (const [i, c] of cases.entries()) {
      const a = parseAll(c.a);
      const b = parseAll(c.b);
      const want = answers.sets[i]!;
      let got: unknown;
      if (op === 'merge') got = listing(mergeCidrs(a));
      else if (op === 'subtract') got = listing(subtractCidrs(a, b));
      else if (op === 'intersect') got = listing(intersectCidrs(a, b));
      else if (op === 'contains') got = parseAll(c.probes).map((p) => containsCidr(a, p));
      else got = overlapsCidrs(a, b);
      if (JSON.stringify(got) !== JSON.stringify(want[op])) {
        t.strictSame(got, want[op], `case ${i}: a=${c.a.join(',')} b=${c.b.join(',')}`);
        return;
      }
      if (op === 'subtract' && want.subtract.length !== want.merge.length) interacting++;
    }
    t.pass(`all ${cases.length} cases equal`);
    // The generator must make sets that interact, or the comparison proves little.
    if (op === 'subtract') t.ok(interacting > cases.length / 3, `${interacting} cases where b changed a`);
  });
}

// The bulk text API straight from the same texts: its output must be exactly the text ipaddress writes for the
// canonical blocks (no IPv4-mapped ::ffff:0:0/96 blocks arise in these cases, where newer Pythons write a dotted tail).
for (const op of ['merge', 'subtract'] as const) {
  t.test(`bulk ${op} text equals ipaddress on ${cases.length} random cases`, async (t) => {
    for (const [i, c] of cases.entries()) {
      const got = op === 'merge' ? mergeCidrTexts(c.a) : subtractCidrTexts(c.a, c.b);
      const want = answers.sets[i]![`${op}_text`];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        t.strictSame(got, want, `case ${i}: a=${c.a.join(',')} b=${c.b.join(',')}`);
        return;
      }
    }
    t.pass(`all ${cases.length} cases equal`);
  });
}

t.test(`formatIPv6 equals ipaddress on ${formats.length} addresses`, async (t) => {
  const got = formats.map((x) => formatIPv6(parseCidr(x).cidr.first as bigint));
  t.strictSame(got, answers.formats);
});
