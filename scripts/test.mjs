#!/usr/bin/env node
// The project's test command (`npm test`). It:
//  1. installs the system tools the tests need when they are missing (iptables, nftables, iproute2, Go, python3,
//     setpriv), with apt-get, when running as root; otherwise it says what is missing, and in CI that is a
//     failure; checks the tools the machine image brings (kubectl, kpt, gcloud, aws) and fails in CI without them;
//  2. precompiles the templates and the values schema, builds dist/ and bundles the CLI (the CLI tests run the
//     shipped bin, the bundle, as a child process);
//  3. runs tap (coverage check on) and ends with one line `N passed, N failed`.
import { spawnSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const needs = [
  { bin: 'iptables', pkg: 'iptables' },
  { bin: 'iptables-legacy', pkg: 'iptables' },
  { bin: 'nft', pkg: 'nftables' },
  { bin: 'ip', pkg: 'iproute2' },
  { bin: 'go', pkg: 'golang-go' },
  { bin: '/usr/bin/python3', pkg: 'python3' },
  { bin: 'setpriv', pkg: 'util-linux' },
];
// Tools the machine image brings (the real cloud CLIs the tests run against local servers); apt cannot add them.
const image = [
  { bin: 'kubectl', from: 'the Google Cloud SDK image (kubectl component)' },
  { bin: 'kpt', from: 'the Google Cloud SDK image (kpt component)' },
  { bin: 'gcloud', from: 'the Google Cloud SDK image' },
  { bin: 'aws', from: 'the AWS CLI on the machine image' },
];
const has = (bin) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin], { stdio: 'ignore' }).status === 0;
const absent = image.filter((n) => !has(n.bin));
if (absent.length > 0) {
  console.error(`test: missing ${absent.map((n) => `${n.bin} (from ${n.from})`).join(', ')}; the tests that run them will fail`);
  if (process.env.CI) process.exit(1);
}
const missing = needs.filter((n) => !has(n.bin));
if (missing.length > 0) {
  const pkgs = [...new Set(missing.map((n) => n.pkg))];
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.error(`test: installing ${pkgs.join(' ')} (missing: ${missing.map((n) => n.bin).join(', ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status;
    if (run(['update']) !== 0 || run(['install', '-y', '--no-install-recommends', ...pkgs]) !== 0) {
      console.error('test: apt-get failed; cannot install the system tools the tests need');
      process.exit(1);
    }
  } else {
    console.error(`test: missing ${missing.map((n) => n.bin).join(', ')}; install: apt-get install -y ${pkgs.join(' ')}`);
    if (process.env.CI) process.exit(1);
  }
}

const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(process.execPath, [join(root, 'scripts/precompile-templates.mjs')]);
step(process.execPath, [join(root, 'scripts/precompile-values.mjs')]);
step(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')]);
step(process.execPath, [join(root, 'scripts/bundle-cli.mjs')]);
// tap runs TypeScript without type-checking it: check the tests (and what they import) here.
step(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'test/tsconfig.json')]);

// tap prints `# { total: N, pass: N, fail: N, ... }` at the end; we pass its output through and restate it.
const tap = spawn(process.execPath, [join(root, 'node_modules/tap/dist/esm/run.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let tail = '';
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4096);
});
tap.on('close', (code) => {
  const m = /# \{([^}]*)\}/.exec(tail.split('\n').filter((l) => l.startsWith('# {')).pop() ?? '');
  const count = (k) => Number((m && new RegExp(`\\b${k}: (\\d+)`).exec(m[1])?.[1]) ?? 0);
  const passed = count('pass');
  const failed = count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0);
  if (code !== 0 && count('fail') === 0) console.log('test: tap exited non-zero (coverage below the bar, or a crash): counted as one failure');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
});
