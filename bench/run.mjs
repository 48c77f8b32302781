#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs (each default-exports `async function run()`) against the built
// code in dist/, one after another. Every row is printed as a ratio to its anchor measured in the same run, on
// the same machine (see bench/common.mjs), with peak RSS; the machine's load is printed first and last, since
// a shared machine's load moves every figure.
//   npm run bench                 everything, full size
//   npm run bench -- quick        smaller inputs, fewer runs: under a minute
//   npm run bench -- cidr cli     only the named benchmarks (by file name prefix); combines with quick
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.includes('quick')) process.env.RENDER_INJECTOR_BENCH_QUICK = '1';
const only = args.filter((a) => a !== 'quick');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');
const started = Date.now();
console.log(`bench${process.env.RENDER_INJECTOR_BENCH_QUICK === '1' ? ' (quick)' : ''}: load average ${load()}`);
for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.mjs$/, '')}`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default();
}
console.log(`\nbench done in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load()}`);
