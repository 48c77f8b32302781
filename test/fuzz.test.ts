// A guard for the future (issue 13): seeded random and mutated inputs to every input parser — values files,
// --set expressions, the cluster-info file of each provider, post-render streams, KRM ResourceLists — must end in
// exit 0 or 2, never 1, never a stack trace, with nothing on stdout when the exit is 2 (a KRM function answers
// with a ResourceList carrying the error instead). The runs go through the CLI's own entry, main(), with the real
// strict UTF-8 decoder reading the bytes; a few also run as real processes. Bounded in count and time.
import t, { type Test } from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../lib/cli/io.js';
import { providers } from '../providers/index.js';
import { runCli, type CliRun } from './helpers/cli-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures');
const bin = join(root, 'dist/lib/cli/bin.js');
/** Fixed, so a failure repeats; FUZZ_SEED=n tries other inputs. */
const SEED = Number(process.env.FUZZ_SEED ?? 1313);
/**
 * Runs per parser, and a time limit per parser as a cap: the whole file stays well under a minute even on two
 * busy cores (where the cap may end a property before its count; the count of inputs tried is reported).
 */
const RUNS = 50;
const LIMIT_MS = 4000;
const PROVIDER_RUNS = 20;
const PROVIDER_LIMIT_MS = 2500;

type Outcome = CliRun;

/** Runs the CLI in-process; `files` are bytes, read through the same strict decoder as the real CLI's. */
async function cli(argv: string[], files: Record<string, Uint8Array>): Promise<Outcome> {
  return runCli(argv, async (path) => {
    const bytes = files[path];
    if (bytes === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return decodeText(bytes);
  });
}

/** The contract every run must keep. Returns a description of the breach, or undefined. */
function breach(r: Outcome, krm = false): string | undefined {
  if (r.code !== 0 && r.code !== 2) return `exit ${r.code}: ${r.err}`;
  if (/internal error|\n\s+at \S+ \(|^\s+at /m.test(r.err)) return `an internal error or stack trace: ${r.err}`;
  if (r.code === 2 && r.err.trimEnd().split('\n').length !== 1) return `not one line: ${r.err}`;
  if (r.code === 2 && !krm && r.out !== '') return 'exit 2 with output on stdout';
  if (r.code === 2 && krm && !/kind: ResourceList|"kind": "ResourceList"/.test(r.out)) return `krm exit 2 without a ResourceList: ${r.out}`;
  return undefined;
}

/** Characters that matter to YAML, JSON, --set, CIDRs and UTF-8 decoding. */
const TOKENS = [
  ':', ': ', '-', '- ', '{', '}', '[', ']', ',', '&a', '*a', '<<: ', '!!str ', '%YAML 1.1\n', '---\n', '...\n', '"', "'", '\\', '\n', '\r\n', '\t',
  '  ', '#', '|', '>', '=', '.', '/', '*', '~', 'null', '0', '-1', '1e400', '::ffff:', '/33', '10.0.0.0/8', 'fd00::/8', '\u0000', '\u001b[2J',
  '\u2028', '\ufeff', '\ufffd', '__proto__', 'global', 'kind', 'ConfigMap', 'istio-sidecar-injector', 'data', 'config', 'template',
];

/** Byte-level edits: a token, random bytes (often not UTF-8), a deletion, or a repeated slice. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  del: fc.nat({ max: 12 }),
  ins: fc.oneof(
    fc.constantFrom(...TOKENS).map((s) => Buffer.from(s)),
    fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from(b)),
    fc.string({ maxLength: 6 }).map((s) => Buffer.from(s)),
    fc.constant(Buffer.alloc(0)),
  ),
  repeat: fc.boolean(),
});

/** A seed text with a few random edits applied. */
function mutated(seed: Buffer): fc.Arbitrary<Buffer> {
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let b = seed;
    for (const e of edits) {
      const at = Math.floor(e.at * b.length);
      const removed = b.subarray(at, at + e.del);
      b = Buffer.concat([b.subarray(0, at), e.ins, e.repeat ? Buffer.concat([removed, removed]) : Buffer.alloc(0), b.subarray(at + e.del)]);
    }
    return b;
  });
}

/** Either a mutation of one of the seeds, or random text. */
function inputs(seeds: Buffer[]): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...seeds).chain(mutated) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => Buffer.from(ts.join(''))) },
  );
}

async function check(t: Test, name: string, arb: fc.Arbitrary<Buffer>, argv: (file: string) => string[], krm = false, runsWanted = RUNS, limit = LIMIT_MS): Promise<void> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (bytes) => {
      runs += 1;
      const r = await cli(argv('in'), { in: bytes, '-': bytes });
      const problem = breach(r, krm);
      if (problem) throw new Error(`${name}: ${problem}\ninput: ${JSON.stringify(bytes.toString('latin1'))}`);
    }),
    { seed: SEED, numRuns: runsWanted, interruptAfterTimeLimit: limit, markInterruptAsFailure: false },
  );
  t.ok(runs > 0, `${name}: ${runs} inputs, each ending in exit 0 or 2 without an internal error`);
}

const read = (path: string): Buffer => readFileSync(join(fixtures, path));

// The first run loads the commands' modules; load them before any time limit counts.
await cli(['ranges', '-p', 'minikube'], {});
await cli(['post-render', '-p', 'minikube'], { '-': read('postrender/helm3-istio-0.8.yaml') });

t.test('values files (-f)', async (t) => {
  const seeds = readdirSync(join(fixtures, 'values')).map((f) => read(`values/${f}`));
  seeds.push(Buffer.from('global:\n  proxy:\n    includeIPRanges: 10.0.0.0/8\n    resources: &r {requests: {cpu: 10m}}\n  x: *r\nrenderInjector:\n  labels: {a: b}\n'));
  await check(t, 'values file', inputs(seeds), (f) => ['ranges', '--include', '192.0.2.0/24', '-f', f]);
});

t.test('--set and --set-string expressions', async (t) => {
  const seeds = ['global=null', 'global.proxy.includeIPRanges=10.0.0.0/8\\,fd00::/8', 'renderInjector.labels[0]=1', 'a.b[2].c={x,y}', 'global.proxy.excludeInboundPorts=9090'].map((s) => Buffer.from(s));
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(inputs(seeds), fc.boolean(), async (bytes, asString) => {
      runs += 1;
      const expr = bytes.toString('utf8');
      const r = await cli(['ranges', '-p', 'minikube', asString ? '--set-string' : '--set', expr === '' ? 'x=' : expr], {});
      const problem = breach(r);
      if (problem) throw new Error(`--set ${JSON.stringify(expr)}: ${problem}`);
    }),
    { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS, markInterruptAsFailure: false },
  );
  t.ok(runs > 0, `${runs} expressions`);
});

t.test('the cluster-info file of each provider', async (t) => {
  const all = readdirSync(join(fixtures, 'providers'));
  for (const provider of providers) {
    const own = all.filter((f) => f.startsWith(provider.name));
    const seeds = (own.length > 0 ? own : all.slice(0, 3)).map((f) => read(`providers/${f}`));
    await check(t, `--provider ${provider.name} --cluster-info`, inputs(seeds), (f) => ['ranges', '-p', provider.name, '--cluster-info', f], false, PROVIDER_RUNS, PROVIDER_LIMIT_MS);
  }
});

t.test('post-render streams', async (t) => {
  const seeds = ['helm3-istio-0.8.yaml', 'helm4-istio-1.0.yaml'].map((f) => read(`postrender/${f}`));
  await check(t, 'post-render stream', inputs(seeds), () => ['post-render', '-p', 'minikube']);
});

t.test('KRM ResourceLists', async (t) => {
  const seed = read('postrender/krm-resourcelist.yaml');
  const json = Buffer.from(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], functionConfig: { kind: 'ConfigMap', data: { include: '10.0.0.0/8' } } }));
  await check(t, 'krm ResourceList', inputs([seed, json]), () => ['krm'], true);
});

t.test('a few of the same inputs through the real process', async (t) => {
  if (!existsSync(bin)) {
    t.fail(`${bin} is missing: run npm test (it builds dist/ first) or npm run build`);
    return;
  }
  const seeds = [read('postrender/helm3-istio-0.8.yaml')];
  const samples = fc.sample(inputs(seeds), { seed: SEED, numRuns: 3 });
  for (const [i, bytes] of samples.entries()) {
    const r = spawnSync(process.execPath, [bin, 'post-render', '-p', 'minikube'], { input: bytes, encoding: 'utf8' });
    const problem = breach({ code: r.status ?? -1, out: r.stdout, err: r.stderr });
    t.equal(problem, undefined, `sample ${i}: exit ${r.status}`);
  }
});
