#!/usr/bin/env node
// Bundles the CLI into one file at build time: esbuild follows every import from the entry (lib/cli/bin.ts),
// dependencies included, and writes dist/lib/cli/bin-bundle.cjs, which dist/lib/cli/bin.cjs (the file
// package.json's `bin` names) runs. So the shipped executable opens one file of code instead of a few hundred
// modules, and whatever modules the CLI comes to import are bundled without a list to keep up to date. The rest of
// dist/ (the `import` API, its types) is tsc's output, unchanged, except that tsc's dist/lib/cli/bin.js is replaced
// by a two-line forwarder to bin.cjs, so that whatever runs the CLI by that path runs the same bundle. Runs after
// tsc (`npm run build`, scripts/test.mjs).
//
// CommonJS, not an ES module, because it starts faster: Node's ES module loader builds a facade for every
// built-in module imported (node:fs loads its streams, node:crypto all of crypto), where require() does not.
// Commands the CLI loads with `import()` stay lazy: esbuild wraps such modules so that their top-level code
// runs on first use. The bundle sits next to tsc's bin.js, so its package.json lookup for --version is the same.
//
// Compiling the bundle's code was most of the start-up (issue 12), so the bin ships V8's code cache for it. The
// bundle goes to dist/lib/cli/bin-bundle.cjs; bin.cjs is a short loader that reads it and compiles it with
// vm.Script, handing V8 the cache in bin-bundle.cjs.cache when that cache was made for exactly this code. The cache
// is made here, once, by running the main job (`--provider iks`) through the loader and asking V8 for the code it
// compiled on the way (scripts/code-cache-capture.cjs). V8 itself checks only the Node/V8 version, its flags and
// the code's length (a different bundle of the same length would run the cached, stale code), so the cache starts
// with a copy of the bundle it belongs to (its length, then its bytes), which the loader compares with the bundle
// it read: exact, and at the cost of a memcmp, since both are bytes read from files (no hashing: node:crypto
// alone takes 10 ms to load; no string to encode or copy: the bundle is ASCII, so its bytes are its text, and it
// is written already wrapped as the loader compiles it). A cache V8
// refuses (another Node version, other flags) is ignored and the code compiles as before. The loader and the
// bundle run without the cache too, and need nothing else of the package. Nothing is written at run time. The
// source map (bin-bundle.cjs.map) points into lib/ and node_modules/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist/lib/cli/bin.cjs');
const bundleFile = join(root, 'dist/lib/cli/bin-bundle.cjs');
const cacheFile = `${bundleFile}.cache`;

const result = await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli/bin.ts'],
  outfile: bundleFile,
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
  // Non-ASCII characters are written as escapes, so the bundle's bytes are its text (the loader relies on it).
  charset: 'ascii',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
  write: false,
});
rmSync(cacheFile, { force: true });
rmSync(`${outfile}.cache`, { force: true }); // where the cache lived before the bundle had a file of its own
rmSync(`${outfile}.map`, { force: true });
const output = (path) => result.outputFiles.find((f) => f.path === path).contents;
// The bundle as the loader compiles it: wrapped in a function as CommonJS wraps a module, so that it runs exactly
// as before, written wrapped so that the loader compiles the file's text as it is (no copy to make at run time).
// The #! line (not allowed inside a function; bin.cjs carries the bin's) leaves an empty first line, so the source
// map's lines stay right.
const text = Buffer.from(output(bundleFile)).toString('latin1');
const mapComment = '//# sourceMappingURL=bin-bundle.cjs.map\n';
if (!text.endsWith(mapComment)) throw new Error('the bundle does not end with its source map comment');
if (/[^\x00-\x7f]/.test(text)) throw new Error('the bundle is not ASCII');
const code = text.slice(0, -mapComment.length).replace(/^#!.*/, '');
writeFileSync(bundleFile, `(function (exports, require, module, __filename, __dirname) {${code}\n})\n${mapComment}`);
writeFileSync(`${bundleFile}.map`, output(`${bundleFile}.map`));
writeFileSync(
  outfile,
  `#!/usr/bin/env node
// render-injector's CLI (scripts/bundle-cli.mjs): compiles the bundled code in bin-bundle.cjs with V8's code cache
// made for it at build time (bin-bundle.cjs.cache), when that cache was made for exactly this code (it starts with
// a copy of it), and runs it as CommonJS would.
'use strict';
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const file = __dirname + '/bin-bundle.cjs';
const code = readFileSync(file);
let cachedData;
try {
  const cache = readFileSync(file + '.cache');
  const end = 4 + code.length;
  if (cache.length > end && cache.readUInt32LE(0) === code.length && code.equals(cache.subarray(4, end))) cachedData = cache.subarray(end);
} catch {}
// The bundle is ASCII, so its bytes are its text; it holds one function, which takes what CommonJS gives a module.
new Script(code.toString('latin1'), { filename: file, cachedData }).runInThisContext()(exports, require, module, file, __dirname);
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
const own = readFileSync(bundleFile);
if (cache.readUInt32LE(0) !== own.length || !own.equals(cache.subarray(4, 4 + own.length))) throw new Error('the code cache belongs to other code');
const forwarder = join(root, 'dist/lib/cli/bin.js');
writeFileSync(
  forwarder,
  "#!/usr/bin/env node\n// The CLI is bundled (scripts/bundle-cli.mjs) and run by bin.cjs; this path runs the same.\nimport { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./bin.cjs');\n",
);
rmSync(`${forwarder}.map`, { force: true }); // tsc's map of the file replaced
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.error(
  `bundled the CLI into ${relative(root, bundleFile)} (${Math.round(bytes / 1024)} KiB, ${Object.keys(result.metafile.inputs).length} modules; code cache ${Math.round((cache.length - 4 - own.length) / 1024)} KiB after its copy of the code), run by ${relative(root, outfile)}; ${relative(root, forwarder)} forwards to it`,
);
