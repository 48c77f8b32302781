// CIDR benchmark, two parts.
// 1. Whole process, text in and out (the measure): merge a file of 1,000,000 random IPv4 prefixes with
//    FireHOL's `iprange` (C, the anchor), with render-injector (`mergeCidrLines` over the file, in a node process
//    that writes the result to stdout) and with cidr-tools@11 (split into lines, `mergeCidr`, joined), each a
//    whole process taking turns; the three outputs are checked equal (iprange and cidr-tools write a single
//    address without its /32). Median wall time, ratios to iprange and to cidr-tools, peak RSS.
// 2. In-process: merge and subtract 1,000,000 random IPv4 prefixes and 100,000 random IPv6 prefixes with ours
//    (built code in dist/) and with cidr-tools@11, on the same seeded input in the same run, checking that both
//    give the same address sets. Both sides go from CIDR strings to CIDR strings: "ours" is the bulk text API
//    (mergeCidrTexts/subtractCidrTexts: text scanned into typed arrays, radix sort, one sweep, text out, no object
//    per CIDR); the second line shows the object API (parseCidr + mergeCidrs/subtractCidrs + formatCidr, with the
//    algebra alone in brackets) raced in the same turns; cidr-tools parses and formats inside mergeCidr/excludeCidr.
//    Each timing is the fastest of RUNS runs after a warm-up on a smaller input (the fastest run is the one least
//    disturbed by other work); the sides take turns run by run.
// Sizes are adjustable (quick mode: the in-process part at a tenth, one run; the whole-process row at full size,
// fewer runs):
//   RENDER_INJECTOR_BENCH_V4=100000 RENDER_INJECTOR_BENCH_V6=10000 RENDER_INJECTOR_BENCH_PROCESS_V4=100000 npm run bench -- cidr
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { excludeCidr, mergeCidr } from 'cidr-tools';
import {
  formatCidr,
  mergeCidrTexts,
  mergeCidrs,
  parseCidr,
  subtractCidrTexts,
  subtractCidrs,
} from '../dist/lib/cidr/index.js';
import { interleave, quick, row, runProcess } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N4 = Number(process.env.RENDER_INJECTOR_BENCH_V4 ?? (quick ? 100_000 : 1_000_000));
const N6 = Number(process.env.RENDER_INJECTOR_BENCH_V6 ?? (quick ? 10_000 : 100_000));
const RUNS = Number(process.env.RENDER_INJECTOR_BENCH_RUNS ?? (quick ? 1 : 3));
// The whole-process row keeps its full size in quick mode: the goal is set at 1,000,000 prefixes, and at a tenth
// of that Node's own start-up (against a C program's) would be most of what it measures.
const PROCESS_N4 = Number(process.env.RENDER_INJECTOR_BENCH_PROCESS_V4 ?? 1_000_000);
const PROCESS_RUNS = Number(process.env.RENDER_INJECTOR_BENCH_PROCESS_RUNS ?? (quick ? 3 : 7));

/** mulberry32, a small seeded PRNG returning floats in [0, 1). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random IPv4 prefixes /20../32 over the whole space, network addresses only (sparse enough that the union
 * stays fragmented: merging must keep hundreds of thousands of blocks, not collapse to 0.0.0.0/0). */
function randomV4(n, seed) {
  const r = rng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const prefix = 20 + Math.floor(r() * 13);
    const addr = Math.floor(r() * 4294967296);
    const net = prefix === 0 ? 0 : (addr & (0xffffffff << (32 - prefix))) >>> 0;
    out[i] = `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.${net & 255}/${prefix}`;
  }
  return out;
}

/** Random IPv6 prefixes /64../128 inside 2001:db8::/32, network addresses only. */
function randomV6(n, seed) {
  const r = rng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const prefix = 64 + Math.floor(r() * 65);
    let addr = 0x20010db8n;
    for (let w = 0; w < 3; w++) addr = (addr << 32n) | BigInt(Math.floor(r() * 4294967296));
    const net = addr & ~((1n << BigInt(128 - prefix)) - 1n);
    const groups = Array.from({ length: 8 }, (_, g) => ((net >> BigInt(112 - 16 * g)) & 0xffffn).toString(16));
    out[i] = `${groups.join(':')}/${prefix}`;
  }
  return out;
}

/** A full garbage collection, outside any timing, without `node --expose-gc`: the flag is set at run time and the
 * `gc` function taken from a fresh context. Run before each timed run so that neither side pays to collect the
 * other's garbage (with interleaved runs, one side's leftover heap would otherwise be collected on the other's
 * clock). */
setFlagsFromString('--expose-gc');
const settle = runInNewContext('gc');

/** The fastest of `runs` timings of each function, in ms. The functions take turns (a, b, a, b, ...) so that a burst
 * of load from other work on the machine falls on both sides alike, and no result is kept between runs, so each
 * run starts with the same live heap (just the input, after a full collection) and pays only for its own garbage. */
function race(fns, runs) {
  const best = fns.map(() => Infinity);
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      settle();
      const t0 = performance.now();
      sink += fn().length;
      best[k] = Math.min(best[k], performance.now() - t0);
    }
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
}

const parseAll = (texts) => texts.map((x) => parseCidr(x).cidr);
const objectMerge = (a) => mergeCidrs(parseAll(a)).map(formatCidr);
const objectSubtract = (a, b) => subtractCidrs(parseAll(a), parseAll(b)).map(formatCidr);
/** cidr-tools writes a single address without its /32 or /128 and its own IPv6 text; bring it to our canonical text. */
const canonical = (texts) => texts.map((x) => formatCidr(parseCidr(x).cidr));
const speed = (ratio) => (ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`);

/** Checks (untimed) that all three give the same blocks, then times them in turns, then times our object algebra
 * alone on pre-parsed input (its parsed input is made only for that, so it does not weigh on the race). */
function compare(name, ours, object, theirs, algebra) {
  const mine = ours();
  const other = theirs();
  const same = mine.length === other.length && canonical(other).every((x, i) => x === mine[i]);
  if (!same) throw new Error(`${name}: results differ (ours ${mine.length} blocks, cidr-tools ${other.length})`);
  const viaObjects = object();
  if (viaObjects.length !== mine.length || viaObjects.some((x, i) => x !== mine[i])) {
    throw new Error(`${name}: the bulk and object APIs differ`);
  }
  const blocks = mine.length;
  const [oursMs, objectMs, theirsMs] = race([ours, object, theirs], RUNS);
  const [algebraMs] = race([algebra()], RUNS);
  console.log(`${name}: ours ${oursMs.toFixed(0)}ms, cidr-tools ${theirsMs.toFixed(0)}ms, ${speed(theirsMs / oursMs)}; ${blocks} blocks, equal`);
  console.log(`  object API: ${objectMs.toFixed(0)}ms (algebra ${algebraMs.toFixed(0)}ms), ${speed(theirsMs / objectMs)}`);
}

function bench(label, a, b) {
  compare(
    `merge ${label} ${a.length.toLocaleString('en')}`,
    () => mergeCidrTexts(a),
    () => objectMerge(a),
    () => mergeCidr(a),
    () => {
      const pa = parseAll(a);
      return () => mergeCidrs(pa);
    },
  );
  compare(
    `subtract ${label} ${a.length.toLocaleString('en')} - ${b.length.toLocaleString('en')}`,
    () => subtractCidrTexts(a, b),
    () => objectSubtract(a, b),
    () => excludeCidr(a, b),
    () => {
      const pa = parseAll(a);
      const pb = parseAll(b);
      return () => subtractCidrs(pa, pb);
    },
  );
}

/** Text of one IPv4 block per line, as iprange and cidr-tools write it: a single address stands for its /32. */
const withPrefix = (text) => text.split('\n').filter((l) => l !== '').map((l) => (l.includes('/') ? l : `${l}/32`));

/** Part 1: whole processes, text file in, text out; ours against iprange and cidr-tools. */
function wholeProcess(n) {
  const dir = mkdtempSync(join(tmpdir(), 'ri-bench-cidr-'));
  try {
    const input = join(dir, 'in.txt');
    writeFileSync(input, `${randomV4(n, 1).join('\n')}\n`);
    const dist = pathToFileURL(join(root, 'dist/lib/cidr/index.js')).href;
    const oursScript = `import { readFileSync } from 'node:fs';
import { mergeCidrLines } from ${JSON.stringify(dist)};
process.stdout.write(mergeCidrLines(readFileSync(process.argv[1], 'utf8')));`;
    const theirsScript = `import { readFileSync } from 'node:fs';
import { mergeCidr } from 'cidr-tools';
const lines = readFileSync(process.argv[1], 'utf8').split('\\n');
lines.pop();
process.stdout.write(mergeCidr(lines).join('\\n') + '\\n');`;
    const node = (script, out) => () => runProcess(process.execPath, ['--input-type=module', '-e', script, input], { stdout: join(dir, out) });
    const cases = [
      { name: 'iprange', run: () => runProcess('iprange', [input], { stdout: join(dir, 'iprange.txt') }) },
      { name: 'render-injector', run: node(oursScript, 'ours.txt') },
      { name: 'cidr-tools', run: node(theirsScript, 'cidr-tools.txt') },
    ];
    for (const c of cases) c.run(); // warm the file cache; outputs checked below
    const ours = readFileSync(join(dir, 'ours.txt'), 'utf8');
    const mine = ours.split('\n').slice(0, -1);
    for (const other of ['iprange', 'cidr-tools']) {
      const theirs = withPrefix(readFileSync(join(dir, `${other}.txt`), 'utf8'));
      if (theirs.length !== mine.length || theirs.some((x, i) => x !== mine[i])) {
        throw new Error(`merge ${n}: ${other} and render-injector differ (${theirs.length} vs ${mine.length} blocks)`);
      }
    }
    // cidr-tools, many times slower, runs once in quick mode: its warm-up run above, timed again here.
    const [iprange, us, cidrTools] = quick
      ? [...interleave(cases.slice(0, 2), PROCESS_RUNS), { ...cases[2].run(), name: 'cidr-tools' }]
      : interleave(cases, PROCESS_RUNS);
    console.log(`cidr, whole process: merge ${n.toLocaleString('en')} random IPv4 prefixes, text file in, text out; ${mine.length} blocks, all three equal; median of ${PROCESS_RUNS} runs, taking turns`);
    row('render-injector (mergeCidrLines)', us, iprange, { goal: 1.2 });
    row('render-injector (mergeCidrLines)', us, cidrTools);
    row('cidr-tools (mergeCidr)', cidrTools, iprange);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run() {
  if (spawnSync('sh', ['-c', 'command -v iprange'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('bench/cidr: iprange is missing (apt-get install -y iprange): it is the anchor of the whole-process row');
  }
  wholeProcess(PROCESS_N4);
  // Warm up both sides' JIT on a smaller input before measuring.
  const w4 = randomV4(50_000, 99);
  const w6 = randomV6(5_000, 98);
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    mergeCidrTexts(w4), objectMerge(w4), mergeCidr(w4);
    subtractCidrTexts(w4, w4.slice(0, 1000)), objectSubtract(w4, w4.slice(0, 1000)), excludeCidr(w4, w4.slice(0, 1000));
    mergeCidrTexts(w6), objectMerge(w6), mergeCidr(w6);
    subtractCidrTexts(w6, w6.slice(0, 100)), objectSubtract(w6, w6.slice(0, 100)), excludeCidr(w6, w6.slice(0, 100));
  }
  console.log(`\ncidr, in process: fastest of ${RUNS} runs each, taking turns; strings in, strings out; input made before timing`);
  bench('IPv4', randomV4(N4, 1), randomV4(N4, 2));
  bench('IPv6', randomV6(N6, 3), randomV6(N6, 4));
}
