#!/usr/bin/env node
// Bundles the CLI into one file at build time: esbuild follows every import from the entry (lib/cli/bin.ts),
// dependencies included, and writes dist/lib/cli/bin.cjs, the file package.json's `bin` names. So the shipped
// executable opens one file instead of a few hundred modules, and whatever modules the CLI comes to import are
// bundled without a list to keep up to date. The rest of dist/ (the `import` API, its types) is tsc's output,
// unchanged, except that tsc's dist/lib/cli/bin.js is replaced by a two-line forwarder to the bundle, so that
// whatever runs the CLI by that path (the Helm plugin, scripts) runs the same bundle. Runs after tsc
// (`npm run build`, scripts/test.mjs).
//
// CommonJS, not an ES module, because it starts faster: Node's ES module loader builds a facade for every
// built-in module imported (node:fs loads its streams, node:crypto all of crypto), where require() does not.
// Commands the CLI loads with `import()` stay lazy: esbuild wraps such modules so that their top-level code
// runs on first use. The bundle sits next to tsc's bin.js, so its package.json lookup for --version is the same.
// Its source map (bin.cjs.map) points into lib/ and node_modules/.
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/lib/cli/bin.cjs');

const result = await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // bin.ts finds package.json from its own URL; in CommonJS that URL comes from __filename.
  define: { 'import.meta.url': '__renderInjectorUrl' },
  // The modules are ES modules, strict throughout; the directive must come first, before the banner's line.
  banner: { js: "'use strict';\nconst __renderInjectorUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Fewer bytes to parse at every start; error names are set explicitly (this.name = ...), and the source map
  // gives a stack trace its original names back (node --enable-source-maps).
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
});
chmodSync(outfile, 0o755);
const forwarder = join(root, 'dist/lib/cli/bin.js');
writeFileSync(
  forwarder,
  "#!/usr/bin/env node\n// The CLI is bundled into bin.cjs (scripts/bundle-cli.mjs); this path runs the same bundle.\nimport { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./bin.cjs');\n",
);
rmSync(`${forwarder}.map`, { force: true }); // tsc's map of the file replaced
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.error(
  `bundled the CLI into ${relative(root, outfile)} (${Math.round(bytes / 1024)} KiB, ${Object.keys(result.metafile.inputs).length} modules); ${relative(root, forwarder)} forwards to it`,
);
