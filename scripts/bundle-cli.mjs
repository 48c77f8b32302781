#!/usr/bin/env node
// Bundles the CLI into one file at build time: esbuild follows every import from the entry (lib/cli/bin.ts),
// dependencies included, and writes the result over tsc's dist/lib/cli/bin.js, the file package.json's `bin`
// names. So the shipped executable opens one module instead of a few hundred, and whatever modules the CLI
// comes to import are bundled without a list to keep up to date. The rest of dist/ (the `import` API, its
// types) is tsc's output, unchanged. Runs after tsc (`npm run build`, scripts/test.mjs).
//
// Commands the CLI loads with `import()` stay lazy: esbuild wraps such modules so that their top-level code
// runs on first use. The bundle keeps its place and name, so `import.meta.url` (package.json lookup for
// --version) means what it meant before. Its source map (bin.js.map) points into lib/ and node_modules/.
import { build } from 'esbuild';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/lib/cli/bin.js');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies that are CommonJS (yaml, handlebars) call require() for Node built-ins; an ES module has no
  // require of its own, so the bundle makes one.
  banner: { js: "import { createRequire as __renderInjectorRequire } from 'node:module';\nconst require = __renderInjectorRequire(import.meta.url);" },
  // Fewer bytes to parse at every start; error names are set explicitly (this.name = ...), and the source map
  // gives a stack trace its original names back (node --enable-source-maps).
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.error(`bundled the CLI into ${relative(root, outfile)} (${Math.round(bytes / 1024)} KiB, ${Object.keys(result.metafile.inputs).length} modules)`);
