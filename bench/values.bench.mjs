// Values files that are large or repetitive resolve in linear time, near the cost of reading the same data as
// JSON: plain YAML is read by render-injector's own reader (lib/values/fast-yaml.ts), everything else by the yaml
// package. Two hostile shapes from issue 13, each resolved through the public resolveValues from dist/, at full
// size and at a tenth of it (a linear cost shows as a ratio near 10, a quadratic one near 100), against anchors
// timed in the same run: JSON.parse of the same values written as JSON (the floor), and, in the full bench, the
// yaml package composing the same file (what the values reader used for every file before).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { median, quick } from './common.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist/lib/index.js');
const RUNS = quick ? 3 : 5;

/** A file of `n` keys under a few sections, about 19 bytes a key (80,000 keys: 1.5 MB), and the same as JSON. */
function manyKeys(n) {
  const lines = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'extra:'];
  const extra = {};
  for (let i = 0; i < n; i++) {
    lines.push(`  key${i}: v${i}`);
    extra[`key${i}`] = `v${i}`;
  }
  return { yaml: `${lines.join('\n')}\n`, json: JSON.stringify({ global: { proxy: { includeIPRanges: '10.0.0.0/8' } }, extra }) };
}

/** A list of `items` items, then `dups` keys each written twice with a list value (the later one wins). */
function repeatedKeys(items, dups) {
  const lines = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'list:'];
  const list = [];
  for (let i = 0; i < items; i++) {
    lines.push(`  - item${i}`);
    list.push(`item${i}`);
  }
  lines.push('dup:');
  const dup = {};
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < dups; i++) {
      lines.push(`  k${i}: [${round}, ${i}]`);
      dup[`k${i}`] = [round, i];
    }
  }
  return { yaml: `${lines.join('\n')}\n`, json: JSON.stringify({ global: { proxy: { includeIPRanges: '10.0.0.0/8' } }, list, dup }) };
}

/** Median wall time and CPU time (this process: user + system) of `runs` calls, in ms. */
function time(fn, runs = RUNS) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export default async function run() {
  const { resolveValues } = await import(pathToFileURL(dist).href);
  const resolve = (text) => () => {
    const r = resolveValues({ values: [{ name: 'big.yaml', text }] });
    if (r.values.global.proxy.includeIPRanges !== '10.0.0.0/8') throw new Error('wrong result');
  };
  const cases = [
    ['80,000 keys', manyKeys(80_000), manyKeys(8_000)],
    ['100,000 list items, 10,000 repeated keys', repeatedKeys(100_000, 10_000), repeatedKeys(10_000, 1_000)],
  ];
  const ms = (t) => `${t.wall.toFixed(0).padStart(5)} ms (CPU ${t.cpu.toFixed(0).padStart(5)} ms)`;
  console.log(`values: resolveValues over one file, median of ${RUNS} runs; wall time, and this process's CPU time`);
  for (const [name, full, tenth] of cases) {
    const big = time(resolve(full.yaml));
    const small = time(resolve(tenth.yaml));
    const floor = time(() => JSON.parse(full.json));
    const mb = (Buffer.byteLength(full.yaml) / 1e6).toFixed(2);
    console.log(`${name.padEnd(42)} ${mb} MB: ${ms(big)}; a tenth: ${small.wall.toFixed(0)} ms (ratio ${(big.wall / small.wall).toFixed(1)}, linear ~10)`);
    console.log(`${''.padEnd(42)} vs JSON.parse of the same values: ${ms(floor)} = ${(big.wall / floor.wall).toFixed(1)}x wall, ${(big.cpu / floor.cpu).toFixed(1)}x CPU`);
    if (!quick) {
      const yaml = time(() => parseAllDocuments(full.yaml, { uniqueKeys: false, version: '1.1' }), 1);
      console.log(`${''.padEnd(42)} the yaml package composing the file alone: ${ms(yaml)}, one run`);
    }
  }
}
