#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs (each default-exports `async function run()`) against the built
// code in dist/, one after another, so that each ratio compares two tools measured in the same run on the same
// machine. Pass names to run only some: `npm run bench -- cidr`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file.replace(/\.bench\.mjs$/, '')}`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  await mod.default();
}
