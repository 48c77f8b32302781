// Every real rendered install in ../shared/reference/istio-streams/ (istioctl manifest generate output of Istio
// 1.20 to 1.29, other projects' files: read here, never copied) goes through the built CLI: post-render changes
// only the injector ConfigMap's includeIPRanges, byte for byte everywhere else, and check says drift before and
// in sync after. The folder is present in CI; there its absence fails the test.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './helpers/cli-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/lib/cli/bin.js');
const streams = join(root, '../shared/reference/istio-streams');

function run(args: string[], input: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * What post-render must give, worked out without the tool: the stream with the one line
 * `"includeIPRanges": "*",` of the injector ConfigMap's data.values (and nothing else) replaced.
 */
function expected(text: string, include: string): string {
  const docs = text.split(/(?<=\n)(?=---\n)/);
  const injector = docs.filter((d) => /\nkind: ConfigMap\n/.test(d) && /\n {2}name: istio-sidecar-injector\n/.test(d) && /\n {2}values: \|-\n/.test(d));
  if (injector.length !== 1) throw new Error(`expected one injector ConfigMap document, found ${injector.length}`);
  const doc = injector[0] as string;
  const line = /\n( +)"includeIPRanges": "\*",\n/g;
  const hits = [...doc.matchAll(line)];
  if (hits.length !== 1) throw new Error(`expected one includeIPRanges line in the injector ConfigMap, found ${hits.length}`);
  return docs.map((d) => (d === doc ? d.replace(line, `\n$1"includeIPRanges": "${include}",\n`) : d)).join('');
}

if (!existsSync(streams)) {
  if (process.env.CI) t.fail(`${streams} is missing; CI must provide the real installs`);
  else t.test('real installs', { skip: `${streams} is missing: the real-install proofs did NOT run` }, async () => {});
} else if (!existsSync(bin)) {
  t.fail(`${bin} is missing: run npm test (it builds dist/ first) or npm run build`);
} else {
  const files = readdirSync(streams).filter((f) => f.endsWith('.yaml')).sort();
  t.ok(files.length >= 6, `${files.length} real installs`);
  for (const file of files) {
    t.test(file, async (t) => {
      const text = readFileSync(join(streams, file), 'utf8');
      // check runs in-process (same code as the built CLI, without a third process per file); post-render is
      // the built CLI as Helm or a shell runs it
      const before = await runCli(['check', '--provider', 'iks'], { '-': text });
      t.equal(before.code, 1, 'check: drift before');
      t.match(before.out, /^drift: ConfigMap istio-sidecar-injector \(document \d+, data\.values\)\n {2}includeIPRanges: differs\n {4}wanted: 172\.21\.0\.0\/16,172\.30\.0\.0\/16\n {4}found: {2}\*\n/);
      const patched = run(['post-render', '--provider', 'iks'], text);
      t.equal(patched.code, 0, patched.err);
      t.equal(patched.out, expected(text, '172.21.0.0/16,172.30.0.0/16'), 'only the range value changed: every other byte as it was');
      t.match(patched.err, /note: running pods keep their old capture rules until they are restarted/);
      t.notMatch(patched.err, /warning|error/);
      const after = await runCli(['check', '--provider', 'iks', '--format', 'json'], { '-': patched.out });
      t.equal(after.code, 0, 'check: in sync after');
      t.match(JSON.parse(after.out), { inSync: true, configMaps: [{ name: 'istio-sidecar-injector', shape: 'values', inSync: true }] });
    });
  }
}
