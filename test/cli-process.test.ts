// The built CLI run as a child process, the way a shell, Helm 3 and Helm 4 run it: argv in, stdin in, stdout
// and stderr out, and the exit code. Needs dist/ (npm test builds it first).
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/lib/cli/bin.js');
const fixtures = join(root, 'test/fixtures/postrender');

if (!existsSync(bin)) {
  t.fail(`${bin} is missing: run npm test (it builds dist/ first) or npm run build`);
  process.exit(1);
}

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The region where two texts differ: [start, endInA, endInB). Everything outside it is byte-identical. */
function diffRegion(a: string, b: string): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}

/** Byte offsets of the document (between `---` lines) that holds `offset`. */
function documentAround(text: string, offset: number): [number, number] {
  const marker = /^---[ \t]*\r?$/gm;
  let begin = 0;
  let end = text.length;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index <= offset) begin = m.index;
    else {
      end = m.index;
      break;
    }
  }
  return [begin, end];
}

/** Asserts the output differs from the input only inside the injector ConfigMap's document. */
function onlyConfigMapChanged(t: Test, input: string, output: string) {
  const d = diffRegion(input, output);
  t.ok(d.start < input.length, 'something changed');
  const [begin, end] = documentAround(input, d.start);
  t.ok(d.endA <= end, 'the change stays inside one document');
  t.match(input.slice(begin, end), /name: istio-sidecar-injector\r?\n/, 'and that document is the injector ConfigMap');
  t.equal(output.slice(0, begin), input.slice(0, begin), 'every byte before it is the same');
  t.equal(output.slice(output.length - (input.length - end)), input.slice(end), 'every byte after it is the same');
}

t.test('--version and the main job', async (t) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  t.same(run(['--version']), { code: 0, out: `${pkg.version}\n`, err: '' });
  const r = run(['--provider', 'minikube']);
  t.equal(r.code, 0);
  t.equal(r.err, '');
  const cm = parseYaml(r.out);
  t.equal(cm.kind, 'ConfigMap');
  t.match(cm.data.config, /10\.96\.0\.0\/12,10\.244\.0\.0\/16/);
});

t.test('iptables --format json prints the plan the other formats are written from', async (t) => {
  const { planInterception, renderIptables } = (await import(join(root, 'dist/lib/index.js'))) as typeof import('../lib/index.js');
  const args = ['iptables', '-p', 'kind', '--include', '192.0.2.0/24,2001:db8::/32', '--mode', 'TPROXY'];
  const r = run([...args, '--format', 'json']);
  t.equal(r.code, 0);
  t.match(r.err, /^warning: IPv6 ranges \(2001:db8::\/32\) stay out of includeIPRanges\/excludeIPRanges[^\n]*\n$/, 'only the IPv6 warning the other formats print too');
  const plan = JSON.parse(r.out) as import('../lib/index.js').InterceptionPlan;
  t.same(plan, JSON.parse(JSON.stringify(planInterception({ provider: 'kind', include: ['192.0.2.0/24,2001:db8::/32'], set: ['renderInjector.interceptionMode=TPROXY'] }))), "the API's plan for the same options");
  for (const format of ['script', 'restore', 'nft'] as const) {
    t.equal(renderIptables(plan, { format }), run([...args, '--format', format]).out, `the printed plan renders the CLI's ${format} output`);
  }
});

t.test('bad input: one line on stderr, exit 2, no stack trace, nothing on stdout', async (t) => {
  for (const args of [
    ['ranges', '--include', '010.0.0.1/8'],
    ['--provider', 'gke'],
    ['--provider', 'gke', '--cluster-info', '/nonexistent/describe.yaml'],
    ['--bogus'],
    ['-f', '-'],
  ]) {
    const r = run(args, 'global: [unclosed');
    t.equal(r.code, 2, args.join(' '));
    t.equal(r.out, '');
    t.equal(r.err.trimEnd().split('\n').length, 1, `one line: ${r.err.trim()}`);
    t.notMatch(r.err, /\bat .*\.js:\d+/);
    t.notMatch(r.err, /\u001b\[/, 'no colour when stderr is not a terminal');
  }
  t.match(run(['--provider', 'gke']).err, /gcloud container clusters describe/, 'names the command to run');
});

t.test('a reader that goes away (| head) is not an error', async (t) => {
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" providers | head -c 10 >/dev/null; echo "exit=$?"`], {
    encoding: 'utf8',
  });
  t.equal(r.stderr, '');
});

for (const [name, fixture] of [
  ['Helm 3 stream (0.8 chart, # Source: lines)', 'helm3-istio-0.8.yaml'],
  ['Helm 4 stream (1.0 chart, postrender-filename annotations)', 'helm4-istio-1.0.yaml'],
] as const) {
  t.test(`post-render: ${name}`, async (t) => {
    const input = readFileSync(join(fixtures, fixture), 'utf8');
    const r = run(['post-render', '--provider=iks'], input);
    t.equal(r.code, 0, r.err);
    onlyConfigMapChanged(t, input, r.out);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    const cm = docs.find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'istio-sidecar-injector');
    t.match(cm.data.config, /"172\.21\.0\.0\/16,172\.30\.0\.0\/16"/, "the IKS ranges, in canonical order");
    if (fixture.startsWith('helm4')) {
      t.equal(cm.metadata.annotations['postrenderer.helm.sh/postrender-filename'], 'istio/templates/sidecar-injector-configmap.yaml');
    }
  });
}

t.test('post-render: CRLF line ends and a document over 1 MB', async (t) => {
  const helm3 = readFileSync(join(fixtures, 'helm3-istio-0.8.yaml'), 'utf8');
  const big = `---\n# Source: other/templates/big.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n${'    ---  not a separator inside a block scalar\n'.repeat(30000)}`;
  const input = `${big}${helm3}`.replace(/\r?\n/g, '\r\n');
  t.ok(input.length > 1024 * 1024);
  const r = run(['post-render', '-p', 'kind'], input);
  t.equal(r.code, 0, r.err);
  onlyConfigMapChanged(t, input, r.out);
  t.notMatch(r.out.replace(/\r\n/g, ''), /\n/, 'every line end is still CRLF');
  t.match(r.out, /10\.96\.0\.0\/16/);
  // The same stream from a file and through a shell pipe (a FIFO, as `cat … |` gives it; spawnSync's stdin above
  // is a socket): the same bytes out.
  const dir = mkdtempSync(join(tmpdir(), 'ri-pipe-'));
  try {
    const file = join(dir, 'stream.yaml');
    writeFileSync(file, input);
    const fromFile = spawnSync('sh', ['-c', '"$1" "$2" post-render -p kind < "$3"', 'sh', process.execPath, bin, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const piped = spawnSync('sh', ['-c', 'cat "$3" | "$1" "$2" post-render -p kind', 'sh', process.execPath, bin, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    t.equal(fromFile.status, 0, fromFile.stderr);
    t.equal(piped.status, 0, piped.stderr);
    t.ok(fromFile.stdout === r.out && piped.stdout === r.out, 'a file, a FIFO and a socket on stdin give the same output');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t.test('post-render: a stream that is not YAML writes nothing and exits 2', async (t) => {
  const r = run(['post-render', '-p', 'kind'], '---\napiVersion: v1\nkind: [unclosed\n');
  t.equal(r.code, 2);
  t.equal(r.out, '');
  t.equal(r.err.trimEnd().split('\n').length, 1);
});

t.test('post-render: no injector ConfigMap passes through with a warning, or fails with --strict', async (t) => {
  const input = '---\n# Source: x/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n';
  const r = run(['post-render', '-p', 'kind'], input);
  t.equal(r.code, 0);
  t.equal(r.out, input);
  t.match(r.err, /warning:/);
  const s = run(['post-render', '-p', 'kind', '--strict'], input);
  t.equal(s.code, 2);
  t.equal(s.out, '');
});
