// What users get is what is tested: `npm pack` the built package, install the tarball into a clean temporary
// project, then import it from plain ESM JavaScript and from TypeScript, and run its bin with npx: the CLI bundled
// into one file (dist/lib/cli/bin-bundle.cjs) run by a short loader (dist/lib/cli/bin.cjs), which run alone, away
// from the rest of the package.
import t from 'tap';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Children get a clean environment: nothing of tap's coverage hooks, as a user's shell would have.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };

function sh(cmd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env, ...options });
  return { code: r.status, out: String(r.stdout), err: String(r.stderr) };
}

const work = mkdtempSync(join(tmpdir(), 'ri-pack-'));
// dist/ was built by `npm test`; --ignore-scripts keeps pack from building it again.
const pack = sh(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
const packed = pack.code === 0 ? (JSON.parse(pack.out) as { filename: string; files: { path: string }[] }[])[0] : undefined;

t.test('the tarball holds the built code, types, templates and the Helm 4 plugin, and no tests', async (t) => {
  t.equal(pack.code, 0, pack.err);
  const files = packed!.files.map((f) => f.path);
  for (const f of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/cli/bin.js', 'dist/lib/cli/bin.cjs', 'dist/lib/cli/bin-bundle.cjs', 'dist/lib/cli/bin-bundle.cjs.cache', 'dist/lib/render/templates.generated.js', 'dist/lib/values/schema.generated.js', 'helm-plugin/plugin.yaml', 'README.md', 'CHANGELOG.md']) {
    t.ok(files.includes(f), f);
  }
  t.notOk(files.some((f) => f.startsWith('test/')), 'no test files');
  t.ok(files.some((f) => f.startsWith('templates/')), 'template sources');
});

const project = join(work, 'project');
t.test('installed into a clean project', async (t) => {
  sh('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = sh(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed!.filename)], { cwd: project });
  t.equal(install.code, 0, install.err);

  t.test('npx render-injector --provider iks', async (t) => {
    const r = sh('npx', ['--no-install', 'render-injector', '--provider', 'iks'], { cwd: project });
    t.equal(r.code, 0, r.err);
    const cm = parseYaml(r.out);
    t.equal(cm.metadata.name, 'istio-sidecar-injector');
    t.match(cm.data.config, /172\.21\.0\.0\/16,172\.30\.0\.0\/16/);

    t.test('the bin runs the one-file bundle, and the two need nothing else of the package', async (t) => {
      const installed = join(project, 'node_modules/render-injector');
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string>; version: string };
      t.same(pkg.bin, { 'render-injector': 'dist/lib/cli/bin.cjs' });
      // Alone in an empty directory (without the code cache), next to nothing but a package.json for its --version.
      const alone = mkdtempSync(join(tmpdir(), 'ri-bin-alone-'));
      copyFileSync(join(installed, pkg.bin['render-injector']!), join(alone, 'render-injector.cjs'));
      copyFileSync(join(installed, 'dist/lib/cli/bin-bundle.cjs'), join(alone, 'bin-bundle.cjs'));
      writeFileSync(join(alone, 'package.json'), JSON.stringify({ name: 'render-injector', version: pkg.version }));
      const solo = sh(process.execPath, [join(alone, 'render-injector.cjs'), '--provider', 'iks'], { cwd: alone });
      t.equal(solo.code, 0, solo.err);
      t.equal(solo.out, r.out, 'the same ConfigMap as the installed bin');
      const version = sh(process.execPath, [join(alone, 'render-injector.cjs'), '--version'], { cwd: alone });
      t.equal(version.out, `${pkg.version}\n`);
      // The old path of the bin runs the same bundle.
      const old = sh(process.execPath, [join(installed, 'dist/lib/cli/bin.js'), '--provider', 'iks'], { cwd: project });
      t.equal(old.out, r.out, 'dist/lib/cli/bin.js forwards to the bundle');
    });
  });

  t.test('plain ESM JavaScript', async (t) => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { computeRanges, formatRanges, renderIptables, RenderInjectorError, providers } from 'render-injector';
const ranges = computeRanges({ provider: 'k3s', exclude: ['10.43.0.0/24'] });
console.log(formatRanges(ranges, 'csv'));
console.log(providers.length > 10, renderIptables({ provider: 'k3s' }).startsWith('#!/bin/sh'));
try { computeRanges({ include: ['127.1/8'] }); } catch (e) { console.log(e instanceof RenderInjectorError, e.code); }
`,
    );
    const r = sh(process.execPath, ['use.mjs'], { cwd: project });
    t.equal(r.code, 0, r.err);
    t.equal(r.out, '10.42.0.0/16,10.43.1.0/24,10.43.2.0/23,10.43.4.0/22,10.43.8.0/21,10.43.16.0/20,10.43.32.0/19,10.43.64.0/18,10.43.128.0/17\ntrue true\ntrue E_CIDR\n');
  });

  t.test('TypeScript, strict, with the shipped types', async (t) => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { resolveValues, renderConfigMap, type Resolution, type Values, type RangesResult } from 'render-injector';
const resolved: Resolution = resolveValues({ provider: 'kind', istioVersion: '1.0' });
const values: Values = resolved.values;
const ranges: RangesResult = resolved.ranges;
const yaml: string = renderConfigMap(resolved);
// @ts-expect-error istioVersion is '0.8' | '1.0'
resolveValues({ istioVersion: '2.0' });
console.log(values.global.hub, ranges.ipv4.length, yaml.length > 0);
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] }, files: ['use.ts'] }),
    );
    const r = sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
    t.equal(r.code, 0, r.out + r.err);
  });

  t.test('importing does no file I/O and reads no environment', async (t) => {
    writeFileSync(
      join(project, 'probe.mjs'),
      `import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const seen = [];
// Count only what the package's own code does (Node's loader reads a few variables itself).
const ours = () => new Error().stack.includes('node_modules/render-injector/');
for (const name of ['readFileSync', 'readFile', 'writeFileSync', 'openSync', 'readdirSync', 'statSync', 'existsSync']) {
  const original = fs[name];
  fs[name] = function (...args) { if (ours()) seen.push(name + ' ' + String(args[0])); return original.apply(this, args); };
}
for (const name of ['readFile', 'open', 'writeFile']) {
  const original = fsp[name];
  fsp[name] = function (...args) { if (ours()) seen.push('promises.' + name + ' ' + String(args[0])); return original.apply(this, args); };
}
// Named imports (import { readFileSync } from 'node:fs') see the patched functions only after this.
syncBuiltinESMExports();
const env = process.env;
process.env = new Proxy(env, { get(target, key) { if (typeof key === 'string' && ours()) seen.push('env ' + key); return target[key]; } });
const api = await import('render-injector');
process.env = env;
// The probe can see a read: the CLI's io module reads package.json when asked for the version.
const io = await import(process.cwd() + '/node_modules/render-injector/dist/lib/cli/io.js');
const before = seen.length;
io.packageVersion(process.cwd() + '/node_modules/render-injector/dist/lib/cli');
console.log(JSON.stringify({ seen: seen.slice(0, before), probeSaw: seen.length > before, exports: Object.keys(api).length }));
`,
    );
    // `env -i`: tap hooks every child it spawns (coverage, process info), and those hooks read files and
    // variables themselves; the probe must see only what the package does.
    const r = sh('env', ['-i', `PATH=${env.PATH}`, process.execPath, 'probe.mjs'], { cwd: project });
    t.equal(r.code, 0, r.err);
    const probe = JSON.parse(r.out);
    t.same(probe.seen, [], 'nothing read while importing');
    t.ok(probe.exports > 10, 'the package exported its API');
    t.ok(probe.probeSaw, 'the probe does see a read the package makes (so the empty list means something)');
  });

  t.test('the Helm 4 plugin directory is installed with the package', async (t) => {
    t.ok(readdirSync(join(project, 'node_modules/render-injector/helm-plugin')).includes('plugin.yaml'));
  });
});
