// The shipped bin (dist/lib/cli/bin.cjs) compiles the bundled code (bin-bundle.cjs) with V8's code cache made at
// build time (bin-bundle.cjs.cache, scripts/bundle-cli.mjs). The cache must be taken when it belongs to exactly that
// code, and never be used for other code: V8 itself checks only the code's length, so a stale cache of a
// same-length bundle would run the old code. Observed from outside: a preloaded module reports what the loader
// handed vm.Script.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/lib/cli/bin.cjs');
const bundle = join(root, 'dist/lib/cli/bin-bundle.cjs');
const work = mkdtempSync(join(tmpdir(), 'ri-code-cache-'));
t.teardown(() => spawnSync('rm', ['-rf', work]));

// Reports, for the one script the loader compiles, whether a cache was given and whether V8 refused it.
const observer = join(work, 'observer.cjs');
writeFileSync(
  observer,
  `const vm = require('node:vm');
const Original = vm.Script;
vm.Script = class extends Original {
  constructor(source, options) {
    super(source, options);
    process.stderr.write('code cache: ' + (options.cachedData === undefined ? 'none' : this.cachedDataRejected ? 'refused' : 'taken') + '\\n');
  }
};
`,
);

function run(file: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--require', observer, file, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * A copy of the bin, its bundle (edited), its package.json (for --version) and, when given, a cache file, in a
 * directory of their own.
 */
function copy(name: string, edit: (text: string) => string, cache?: Buffer): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  copyFileSync(bin, join(dir, 'bin.cjs'));
  writeFileSync(join(dir, 'bin-bundle.cjs'), edit(readFileSync(bundle, 'utf8')));
  if (cache) writeFileSync(join(dir, 'bin-bundle.cjs.cache'), cache);
  return join(dir, 'bin.cjs');
}

const cache = readFileSync(`${bundle}.cache`);
const reference = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;

t.test('the shipped cache belongs to the shipped bin and V8 takes it', async (t) => {
  const r = run(bin, ['--help']);
  t.equal(r.code, 0, r.err);
  t.equal(r.err, 'code cache: taken\n');
  t.equal(r.out, reference);
  t.match(r.out, /^render-injector: compute/);
});

t.test('a cache made for other code of the same length is not used: the new code runs', async (t) => {
  // The same number of bytes, another text: V8 alone would take the old cache and run the old help text.
  const edited = copy('stale', (text) => text.replace('render-injector: compute', 'RENDER-INJECTOR: compute'), cache);
  t.equal(readFileSync(join(dirname(edited), 'bin-bundle.cjs')).length, readFileSync(bundle).length, 'same length');
  const r = run(edited, ['--help']);
  t.equal(r.code, 0, r.err);
  t.equal(r.err, 'code cache: none\n');
  t.match(r.out, /^RENDER-INJECTOR: compute/);
  t.equal(r.out.slice(15), reference.slice(15));
});

t.test('a damaged cache for this code is refused by V8, and the bin runs as without one', async (t) => {
  const code = 4 + cache.readUInt32LE(0);
  const damaged = Buffer.concat([cache.subarray(0, code), Buffer.alloc(cache.length - code, 0x5a)]);
  const r = run(copy('damaged', (text) => text, damaged), ['--help']);
  t.equal(r.code, 0, r.err);
  t.equal(r.err, 'code cache: refused\n');
  t.equal(r.out, reference);
});

t.test('without its cache, or with an empty or short one, the bin runs alone', async (t) => {
  for (const [name, given] of [['none', undefined], ['empty', Buffer.alloc(0)], ['short', cache.subarray(0, 4 + cache.readUInt32LE(0))], ['truncated', cache.subarray(0, 1000)]] as const) {
    const r = run(copy(name, (text) => text, given), ['--help']);
    t.equal(r.code, 0, `${name}: ${r.err}`);
    t.equal(r.err, 'code cache: none\n', name);
    t.equal(r.out, reference, name);
  }
});

t.test('what the bundle loads on demand loads under the loader too (--output-dir loads node:crypto)', async (t) => {
  const out = join(work, 'out');
  const r = run(bin, ['--provider', 'iks', '--output-dir', out]);
  t.equal(r.code, 0, r.err);
  t.ok(readdirSync(out).includes('istio-iptables.sh'));
  t.match(readFileSync(join(out, 'istio-sidecar-injector-configmap.yaml'), 'utf8'), /^apiVersion: v1\nkind: ConfigMap\n/);
});
