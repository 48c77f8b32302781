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
//
// Compiling the bundle's code was most of the start-up (issue 12), so the bin ships V8's code cache for it:
// bin.cjs is a short loader holding the bundled code as a string, which it compiles with vm.Script, handing V8
// the cache in bin.cjs.cache when that cache was made for exactly this code. The cache is made here, once, by
// running the main job (`--provider iks`) through the loader and asking V8 for the code it compiled on the way
// (scripts/code-cache-capture.cjs). V8 itself checks only the Node/V8 version, its flags and the code's length
// (a different bundle of the same length would run the cached, stale code), so the cache starts with a copy of
// the code it belongs to (its length, then its UTF-8 bytes), which the loader compares with its own first: exact,
// and cheaper than hashing (node:crypto alone takes 10 ms to load); a cache V8 refuses (another Node version,
// other flags) is ignored and the code compiles as before. The bin still runs alone, without its cache.
// Nothing is written at run time. The source map (bin.cjs.map) points into lib/ and node_modules/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/lib/cli/bin.cjs');
const cacheFile = `${outfile}.cache`;

const result = await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The loader runs the bundle as a vm.Script, which has no module loader for import(): every import() becomes
  // require() (node:crypto for --output-dir is the one dynamic import that would otherwise stay).
  supported: { 'dynamic-import': false },
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
  write: false,
});
rmSync(cacheFile, { force: true });
const code = result.outputFiles.find((f) => f.path === outfile).text;
writeFileSync(`${outfile}.map`, result.outputFiles.find((f) => f.path === `${outfile}.map`).contents);
// The bundle as the loader compiles it: as CommonJS wraps a module, so that it runs exactly as before.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${code.replace(/^#!.*/, '')}\n})`;
writeFileSync(
  outfile,
  `#!/usr/bin/env node
// render-injector's CLI, bundled (scripts/bundle-cli.mjs): this loader compiles the bundled code below with V8's
// code cache made for it at build time (bin.cjs.cache), when that cache was made for exactly this code (it starts
// with a copy of it).
'use strict';
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const source = ${JSON.stringify(wrapped)};
let cachedData;
try {
  const cache = readFileSync(__filename + '.cache');
  const code = Buffer.from(source);
  const end = 4 + code.length;
  if (cache.length > end && cache.readUInt32LE(0) === code.length && code.equals(cache.subarray(4, end))) cachedData = cache.subarray(end);
} catch {}
new Script(source, { filename: __filename, cachedData }).runInThisContext()(exports, require, module, __filename, __dirname);
`,
);
chmodSync(outfile, 0o755);
// The cache: run the main job through the loader once, and keep what V8 compiled for it.
const capture = spawnSync(process.execPath, ['--require', join(root, 'scripts/code-cache-capture.cjs'), outfile, '--provider', 'iks'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, RENDER_INJECTOR_CODE_CACHE_OUT: cacheFile },
});
if (capture.status !== 0) throw new Error(`making the code cache failed (exit ${capture.status})`);
const cache = readFileSync(cacheFile);
const own = Buffer.from(wrapped);
if (cache.readUInt32LE(0) !== own.length || !own.equals(cache.subarray(4, 4 + own.length))) throw new Error('the code cache belongs to other code');
const forwarder = join(root, 'dist/lib/cli/bin.js');
writeFileSync(
  forwarder,
  "#!/usr/bin/env node\n// The CLI is bundled into bin.cjs (scripts/bundle-cli.mjs); this path runs the same bundle.\nimport { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./bin.cjs');\n",
);
rmSync(`${forwarder}.map`, { force: true }); // tsc's map of the file replaced
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.error(
  `bundled the CLI into ${relative(root, outfile)} (${Math.round(bytes / 1024)} KiB, ${Object.keys(result.metafile.inputs).length} modules; code cache ${Math.round(cache.length / 1024)} KiB); ${relative(root, forwarder)} forwards to it`,
);
