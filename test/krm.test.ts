import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { krmFunction, KrmFunctionError } from '../lib/krm/resource-list.js';
import type { PatchRanges } from '../lib/postrender/index.js';
import { RenderInjectorError } from '../lib/errors.js';

const LIST = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures/postrender/krm-resourcelist.yaml'), 'utf8');

/** Reads the ranges from the function config the way the CLI will: `spec.includeIPRanges` / `spec.excludeIPRanges`. */
const fromSpec = (fc: Record<string, unknown> | undefined): PatchRanges => {
  const spec = (fc?.spec ?? {}) as Record<string, string>;
  const ranges: PatchRanges = { includeIPRanges: spec.includeIPRanges ?? '*' };
  if (spec.excludeIPRanges !== undefined) ranges.excludeIPRanges = spec.excludeIPRanges;
  return ranges;
};

const includeDefault = (listText: string): string | undefined => {
  const config = parseDocument(listText).getIn(['items', 1, 'data', 'config']) as string;
  const template = parseDocument(config).get('template') as string;
  return /includeOutboundIPRanges` {2}"([^"]*)"/.exec(template)?.[1];
};

t.test('patches the injector ConfigMap item from functionConfig and keeps everything else', async (t) => {
  let seen: Record<string, unknown> | undefined;
  const out = krmFunction(LIST, (fc) => {
    seen = fc;
    return fromSpec(fc);
  });
  t.match(seen, { kind: 'RenderInjector', spec: { provider: 'iks' } }, 'resolve got the functionConfig as data');
  const want = '172.30.0.0/16,172.21.0.0/16,10.10.10.0/24';
  t.equal(includeDefault(out), want);
  const before = LIST.split('\n');
  const after = out.split('\n');
  t.equal(after.length, before.length);
  const changed = before.filter((l, i) => l !== after[i]);
  t.equal(changed.length, 1, 'one line changed');
  t.match(changed[0], /includeOutboundIPRanges` {2}"\*"/);
  t.ok(out.includes('# resources from kustomize, with its bookkeeping annotations\n'), 'comment kept');
  t.ok(out.includes('name: istio-sidecar-injector-service-account # kept as is\n'), 'line comment kept');
  const doc = parseDocument(out);
  t.same((doc.toJS() as { items: Array<{ metadata: { annotations: unknown } }> }).items[1]?.metadata.annotations, {
    'config.kubernetes.io/index': '1',
    'internal.config.kubernetes.io/index': '1',
    'internal.config.kubernetes.io/path': 'istio/sidecar-injector-configmap.yaml',
    'config.kubernetes.io/path': 'istio/sidecar-injector-configmap.yaml',
  });
  t.equal(doc.get('results'), undefined, 'no results on success');
});

t.test('a JSON ResourceList works too, and no functionConfig gives resolve undefined', async (t) => {
  const js = parseDocument(LIST).toJS() as Record<string, unknown>;
  delete js.functionConfig;
  const json = JSON.stringify(js, null, 2);
  let seen: unknown = 'not called';
  const out = krmFunction(json, (fc) => {
    seen = fc;
    return { includeIPRanges: '10.0.0.0/8', excludeIPRanges: '' };
  });
  t.equal(seen, undefined);
  t.equal(includeDefault(out), '10.0.0.0/8');
  t.same(JSON.parse(out).items[0], (js.items as unknown[])[0], 'other items unchanged');
});

t.test('no injector ConfigMap among the items: a warning result, items unchanged', async (t) => {
  const list = parseDocument(LIST);
  list.deleteIn(['items', 1]);
  list.set('results', [{ message: 'from an earlier function', severity: 'info' }]);
  const out = krmFunction(list.toString(), fromSpec);
  const doc = parseDocument(out);
  t.same(doc.get('results', false) && (doc.toJS() as { results: unknown[] }).results, [
    { message: 'from an earlier function', severity: 'info' },
    { message: 'no item is a ConfigMap named istio-sidecar-injector; items passed through unchanged', severity: 'warning' },
  ]);
  t.same((doc.toJS() as { items: unknown[] }).items, (list.toJS() as { items: unknown[] }).items);
});

t.test('errors become a ResourceList with an error result, thrown as KrmFunctionError', async (t) => {
  const cases: Array<[string, string, (fc: Record<string, unknown> | undefined) => PatchRanges, string, RegExp]> = [
    ['bad range from functionConfig', LIST, () => ({ includeIPRanges: '10.0.0.1/8' }), 'E_CIDR', /host bits/],
    ['bad exclude', LIST, () => ({ includeIPRanges: '*', excludeIPRanges: '"; rm -rf /' }), 'E_CIDR', /excludeIPRanges/],
    [
      'resolve throws a user error',
      LIST,
      () => {
        throw new RenderInjectorError('E_PROVIDER', 'unknown provider "ikz"', { hint: 'did you mean "iks"?' });
      },
      'E_PROVIDER',
      /unknown provider "ikz"; did you mean "iks"\?/,
    ],
    [
      'resolve throws a user error without a hint',
      LIST,
      () => {
        throw new RenderInjectorError('E_USAGE', 'functionConfig.spec.provider is missing');
      },
      'E_USAGE',
      /^functionConfig\.spec\.provider is missing$/,
    ],
    ['template without the argument', LIST.replace(/includeOutboundIPRanges/g, 'x'), fromSpec, 'E_STREAM', /no recognisable/],
    ['not a ResourceList', 'apiVersion: v1\nkind: ConfigMap\n', fromSpec, 'E_STREAM', /not one config\.kubernetes\.io\/v1 ResourceList/],
    ['two documents', `${LIST}---\n${LIST}`, fromSpec, 'E_STREAM', /not one/],
    ['not YAML', 'items: [\n', fromSpec, 'E_STREAM', /not YAML/],
    ['empty', '', fromSpec, 'E_STREAM', /not one/],
  ];
  for (const [name, input, resolve, code, message] of cases) {
    const e = t.throws(() => krmFunction(input, resolve), name) as KrmFunctionError;
    t.ok(e instanceof KrmFunctionError && e instanceof RenderInjectorError, `${name}: a KrmFunctionError`);
    t.equal(e.code, code, `${name}: code`);
    const out = parseDocument(e.output);
    t.equal(out.errors.length, 0, `${name}: output is YAML`);
    t.equal(out.get('kind'), 'ResourceList');
    t.equal(out.get('apiVersion'), 'config.kubernetes.io/v1');
    const results = (out.toJS() as { results: Array<{ message: string; severity: string; tags: { code: string } }> }).results;
    t.equal(results.length, 1);
    t.equal(results[0]?.severity, 'error');
    t.equal(results[0]?.tags.code, code);
    t.match(results[0]?.message, message, `${name}: message`);
    t.notMatch(results[0]?.message, /\n/);
    if (input === LIST) t.equal((out.toJS() as { items: unknown[] }).items.length, 2, `${name}: items kept`);
  }
});

t.test('warnings of the resolution become warning results; an error after them keeps them', async (t) => {
  const warnings = [
    { code: 'W_HOST_BITS', message: 'host bits set', place: { file: '--include' } },
    { code: 'W_IPV6_RANGES', message: 'IPv6 ranges stay out' },
  ];
  const out = krmFunction(LIST, (fc) => ({ ...fromSpec(fc), warnings }));
  t.equal(includeDefault(out), '172.30.0.0/16,172.21.0.0/16,10.10.10.0/24', 'the item is patched all the same');
  const doc = parseDocument(out);
  t.same((doc.toJS() as { results: unknown[] }).results, [
    { message: '--include: host bits set', severity: 'warning', tags: { code: 'W_HOST_BITS' } },
    { message: 'IPv6 ranges stay out', severity: 'warning', tags: { code: 'W_IPV6_RANGES' } },
  ]);
  t.ok(out.includes('# resources from kustomize, with its bookkeeping annotations\n'), 'comments kept');
  t.same((doc.toJS() as { items: unknown[] }).items.length, 2);
  const none = parseDocument(LIST);
  none.deleteIn(['items', 1]);
  const noneOut = parseDocument(krmFunction(none.toString(), (fc) => ({ ...fromSpec(fc), warnings: warnings.slice(1) })));
  t.same((noneOut.toJS() as { results: Array<{ severity: string }> }).results.map((r) => r.severity), ['warning', 'warning']);
  const e = t.throws(() => krmFunction(LIST, () => ({ includeIPRanges: '10.0.0.1/8', warnings }))) as KrmFunctionError;
  const results = (parseDocument(e.output).toJS() as { results: Array<{ severity: string }> }).results;
  t.same(results.map((r) => r.severity), ['warning', 'warning', 'error'], 'errors stay severity error');
});

t.test('an internal fault in resolve is not turned into a result', async (t) => {
  t.throws(
    () =>
      krmFunction(LIST, () => {
        throw new TypeError('boom');
      }),
    TypeError,
  );
});
