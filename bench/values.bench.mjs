// Values files that are large or repetitive resolve in linear time: parsing (locations, duplicate keys) and
// merging (origins) do work in proportion to the file, not to the file times its keys. Two hostile shapes from
// issue 13, each resolved through the public resolveValues from dist/, at full size and at a tenth of it: a
// linear cost shows as a ratio near 10, a quadratic one near 100.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist/lib/index.js');
const RUNS = 3;

/** A file of `n` keys under a few sections, about 14 bytes a key (80,000 keys: 1.1 MB). */
function manyKeys(n) {
  const lines = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'extra:'];
  for (let i = 0; i < n; i++) lines.push(`  key${i}: v${i}`);
  return `${lines.join('\n')}\n`;
}

/** A list of `items` items, then `dups` keys each written twice with a list value (the later one wins). */
function repeatedKeys(items, dups) {
  const lines = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'list:'];
  for (let i = 0; i < items; i++) lines.push(`  - item${i}`);
  lines.push('dup:');
  for (let round = 0; round < 2; round++) for (let i = 0; i < dups; i++) lines.push(`  k${i}: [${round}, ${i}]`);
  return `${lines.join('\n')}\n`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function run() {
  const { resolveValues } = await import(pathToFileURL(dist).href);
  const time = (text) => {
    const samples = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const r = resolveValues({ values: [{ name: 'big.yaml', text }] });
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.values.global.proxy.includeIPRanges !== '10.0.0.0/8') throw new Error('wrong result');
    }
    return median(samples);
  };
  const cases = [
    ['80,000 keys', manyKeys(80_000), manyKeys(8_000)],
    ['100,000 list items, 10,000 repeated keys', repeatedKeys(100_000, 10_000), repeatedKeys(10_000, 1_000)],
  ];
  for (const [name, full, tenth] of cases) {
    const big = time(full);
    const small = time(tenth);
    const mb = (Buffer.byteLength(full) / 1e6).toFixed(2);
    console.log(`${name.padEnd(42)} ${mb} MB: median ${big.toFixed(0).padStart(6)} ms over ${RUNS} runs; a tenth: ${small.toFixed(0)} ms (ratio ${(big / small).toFixed(1)}, linear ~10)`);
  }
}
