// The committed API reference (docs/api, linked from the README) is what `npm run docs` generates now.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

t.test('docs/api is up to date with the doc comments', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'ri-docs-'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const args = (pkg.scripts.docs as string).split(' ').slice(1).map((a) => (a === 'docs/api' ? out : a));
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), ...args], { cwd: root, encoding: 'utf8' });
  t.equal(r.status, 0, r.stdout + r.stderr);
  t.notMatch(r.stdout, /warning/i, 'no undocumented or unexported types referenced');
  const committed = files(join(root, 'docs/api')).map((f) => relative(join(root, 'docs/api'), f)).sort();
  const generated = files(out).map((f) => relative(out, f)).sort();
  t.same(committed, generated, 'the same pages (run npm run docs to refresh)');
  for (const f of generated) {
    t.equal(readFileSync(join(root, 'docs/api', f), 'utf8'), readFileSync(join(out, f), 'utf8'), `${f} is current (run npm run docs)`);
  }
});
