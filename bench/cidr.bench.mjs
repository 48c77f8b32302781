// CIDR benchmark: merge and subtract 1,000,000 random IPv4 prefixes and 100,000 random IPv6 prefixes with ours
// (built code in dist/) and with cidr-tools@11, on the same seeded input in the same run, and check that both give
// the same address sets. Both sides go from CIDR strings to CIDR strings: "ours" is the bulk text API
// (mergeCidrTexts/subtractCidrTexts: text scanned into typed arrays, radix sort, one sweep, text out, no object per
// CIDR); the second line shows the object API (parseCidr + mergeCidrs/subtractCidrs + formatCidr, with the algebra
// alone in brackets) raced in the same turns; cidr-tools parses and formats inside mergeCidr/excludeCidr.
// Each timing is the fastest of RUNS runs after a warm-up on a smaller input (the machine is shared, and the
// fastest run is the one least disturbed by other work); the two sides take turns run by run. Size is adjustable
// for a quick look:
//   RENDER_INJECTOR_BENCH_V4=100000 RENDER_INJECTOR_BENCH_V6=10000 npm run bench -- cidr
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

const N4 = Number(process.env.RENDER_INJECTOR_BENCH_V4 ?? 1_000_000);
const N6 = Number(process.env.RENDER_INJECTOR_BENCH_V6 ?? 100_000);
const RUNS = Number(process.env.RENDER_INJECTOR_BENCH_RUNS ?? 3);

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

export default async function run() {
  // Warm up both sides' JIT on a smaller input before measuring.
  const w4 = randomV4(50_000, 99);
  const w6 = randomV6(5_000, 98);
  for (let i = 0; i < 3; i++) {
    mergeCidrTexts(w4), objectMerge(w4), mergeCidr(w4);
    subtractCidrTexts(w4, w4.slice(0, 1000)), objectSubtract(w4, w4.slice(0, 1000)), excludeCidr(w4, w4.slice(0, 1000));
    mergeCidrTexts(w6), objectMerge(w6), mergeCidr(w6);
    subtractCidrTexts(w6, w6.slice(0, 100)), objectSubtract(w6, w6.slice(0, 100)), excludeCidr(w6, w6.slice(0, 100));
  }
  console.log(`cidr: fastest of ${RUNS} runs each, taking turns; strings in, strings out; input made before timing`);
  bench('IPv4', randomV4(N4, 1), randomV4(N4, 2));
  bench('IPv6', randomV6(N6, 3), randomV6(N6, 4));
}
