// post-render of today's injector ConfigMap (Istio 1.20 on): only the range values inside data.values change,
// every other byte stays; revisions, Lists, CRLF, kubectl get output, Sail ownership, an install's own exclude.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { patchText as postRenderStream } from './helpers/patch.js';
import { postRender, resolveValues } from '../lib/pipeline/index.js';
import { RenderInjectorError } from '../lib/errors.js';
import { locateJsonString, valuesJsonEdits } from '../lib/postrender/values-json.js';
import { injectorName } from '../lib/postrender/injectors.js';
import { krmFunction, KrmFunctionError } from '../lib/krm/resource-list.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/istiod');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
const HELM = fixture('istiod-1.21-helm.yaml');
const DUAL = fixture('istiod-1.24-exclude-dualstack.yaml');
const CANARY = fixture('istiod-1.28-canary.yaml');
const KUBECTL = fixture('istiod-1.28-kubectl-get.yaml');
const SAIL = fixture('istiod-1.28-sail.yaml');
const LIST = fixture('istiod-1.29-list.yaml');

/** `text` with the first `"key": "old"` at or after `from` replaced: what the output must be, byte for byte. */
function expect(text: string, edits: Array<[key: string, from: string, to: string]>, after = 0): string {
  let out = text;
  for (const [key, from, to] of edits) {
    const needle = `"${key}": ${JSON.stringify(from)}`;
    const at = out.indexOf(needle, after);
    if (at < 0) throw new Error(`no ${needle} in the fixture`);
    out = out.slice(0, at) + `"${key}": ${JSON.stringify(to)}` + out.slice(at + needle.length);
  }
  return out;
}

/** The injector ConfigMap's data.values, parsed, from a stream. */
function valuesOf(stream: string, name = 'istio-sidecar-injector'): { global: { proxy: Record<string, unknown> } } {
  for (const doc of parseAllDocuments(stream)) {
    const js = doc.toJS() as { kind?: string; items?: unknown[] };
    for (const o of js.kind === 'List' ? (js.items as Array<Record<string, never>>) : [js]) {
      const cm = o as { kind?: string; metadata?: { name?: string }; data?: { values?: string } };
      if (cm.kind === 'ConfigMap' && cm.metadata?.name === name && cm.data?.values) return JSON.parse(cm.data.values);
    }
  }
  throw new Error(`no ${name}`);
}

const iks = { provider: 'iks' };
const IKS = '172.21.0.0/16,172.30.0.0/16';

t.test('every fixture: only includeIPRanges changes, both families, every other byte kept', async (t) => {
  for (const [name, text, old] of [
    ['helm', HELM, '*'],
    ['dual-stack with an exclude', DUAL, '10.0.0.0/8,fd00:10::/56'],
    ['kubectl get with managedFields and last-applied', KUBECTL, '*'],
    ['List', LIST, '*'],
  ] as const) {
    const r = postRender(text, { ...iks, include: ['fd00:1::/64'] });
    t.equal(r.output, expect(text, [['includeIPRanges', old, `${IKS},fd00:1::/64`]]), `${name}: byte-identical but for the include`);
    t.equal(r.patched, 1);
    t.equal(r.shape, 'values');
    t.match(r.notes, [/running pods keep their old capture rules until they are restarted/]);
  }
  // the last-applied annotation holds the old JSON as an escaped string: still there, untouched
  const out = postRender(KUBECTL, iks).output;
  t.match(out, /last-applied-configuration: \|\n {6}\{"apiVersion":"v1".*\\"includeIPRanges\\": \\"\*\\"/, 'last-applied keeps the old value');
  t.match(out, /managedFields:\n {2}- apiVersion: v1\n {4}fieldsType: FieldsV1/);
  t.match(out, /resourceVersion: "48213"/);
});

t.test('an exclude already in the install stays unless one is given; when given, both families, apart from the include', async (t) => {
  const kept = postRender(DUAL, { include: ['10.4.0.0/14'] });
  t.same(valuesOf(kept.output).global.proxy.excludeIPRanges, '10.96.0.1/32,fd00:10:96::1/128', 'the install exclude stays');
  const given = postRender(DUAL, { include: ['10.4.0.0/14,fd00:10::/56'], exclude: ['10.4.1.0/24,fd00:10::/64'] });
  t.equal(
    given.output,
    expect(DUAL, [
      ['excludeIPRanges', '10.96.0.1/32,fd00:10:96::1/128', '10.4.1.0/24,fd00:10::/64'],
      ['includeIPRanges', '10.0.0.0/8,fd00:10::/56', '10.4.0.0/14,fd00:10::/56'],
    ]),
    'the include is the merged include, never include minus exclude',
  );
  t.throws(() => postRender(DUAL, { exclude: ['192.0.2.0/24'] }), { code: 'E_USAGE' }, 'an exclude alone would widen the include to "*": refused');
  const star = postRender(DUAL, { include: ['*'], exclude: ['192.0.2.0/24'] });
  t.same(valuesOf(star.output).global.proxy, { ...valuesOf(DUAL).global.proxy, includeIPRanges: '*', excludeIPRanges: '192.0.2.0/24' });
});

t.test('CRLF line ends stay CRLF; only the value changes', async (t) => {
  const crlf = KUBECTL.replace(/\n/g, '\r\n');
  const out = postRender(crlf, iks).output;
  t.equal(out, expect(crlf, [['includeIPRanges', '*', IKS]]));
  t.notMatch(out.replace(/\r\n/g, ''), /\n/, 'no bare LF');
});

t.test('revisions: --revision picks one; several without it is an error naming them; values-<rev> stays', async (t) => {
  const both = `${HELM}---\n${CANARY}`;
  const err = t.throws(() => postRender(both, iks)) as RenderInjectorError;
  t.equal(err.code, 'E_STREAM');
  t.match(err.toLine(), /holds 2 injector ConfigMaps: istio-sidecar-injector \(document 3\), istio-sidecar-injector-canary \(document 5\).*--revision \(default, canary\)/);
  const canary = postRender(both, iks, { revision: 'canary' });
  t.equal(canary.output, expect(both, [['includeIPRanges', '*', IKS]], HELM.length), 'only the canary injector changes');
  t.same(valuesOf(canary.output, 'istio-sidecar-injector-canary').global.proxy.includeIPRanges, IKS);
  t.same(valuesOf(canary.output).global.proxy.includeIPRanges, '*', 'the default revision is left alone');
  t.match(canary.output, /name: values-canary/);
  t.equal(canary.output.slice(canary.output.indexOf('merged-values')), CANARY.slice(CANARY.indexOf('merged-values')), 'values-canary is a record istiod never reads: left as it was');
  for (const revision of ['default', '']) {
    t.same(valuesOf(postRender(both, iks, { revision }).output).global.proxy.includeIPRanges, IKS, `--revision ${JSON.stringify(revision)} is the bare name`);
  }
  const missing = t.throws(() => postRender(both, iks, { revision: 'stable' })) as RenderInjectorError;
  t.match(missing.toLine(), /no ConfigMap istio-sidecar-injector-stable for --revision stable; it has istio-sidecar-injector \(document 3\), istio-sidecar-injector-canary \(document 5\); use --revision default/);
  const none = t.throws(() => postRender('kind: Service\n', iks, { revision: 'canary' })) as RenderInjectorError;
  t.match(none.toLine(), /no ConfigMap istio-sidecar-injector-canary for --revision canary; give the stream that holds/);
  t.equal(injectorName('canary'), 'istio-sidecar-injector-canary');
  // the same name twice (e.g. one per document of a multi-cluster stream) is patched in each
  const twice = postRender(`${KUBECTL}---\n${KUBECTL}`, iks);
  t.equal(twice.patched, 2);
});

t.test('owned by the Sail Operator: a warning that names the overlay to use', async (t) => {
  const r = postRender(SAIL, iks);
  t.match(r.warnings, [{ code: 'W_OPERATOR_OWNED', message: /owned by IstioRevision default \(sailoperator\.io\/v1\), which reverts a direct change.*--format sail.*sailoperator\.io\/ignore/ }]);
  t.equal(r.output, expect(SAIL, [['includeIPRanges', '*', IKS]]));
  const byLabel = SAIL.replace(/ {2}ownerReferences:[\s\S]*?(?= {2}resourceVersion)/, '');
  t.match(postRender(byLabel, iks).warnings, [{ code: 'W_OPERATOR_OWNED', message: /the Sail Operator \(label app\.kubernetes\.io\/managed-by: sail-operator\)/ }]);
  const other = byLabel.replace('managed-by: sail-operator', 'managed-by: Helm').replace('  resourceVersion', '  ownerReferences:\n  - not-a-map\n  - apiVersion: apps/v1\n    kind: Deployment\n    name: x\n  resourceVersion');
  t.same(postRender(other, iks).warnings, [], 'another owner, or none: no warning');
  const noMeta = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: \'{"global":{"proxy":{"includeIPRanges":"*"}}}\'\n';
  t.same(postRender(noMeta, iks).warnings, []);
});

t.test('the shape decides what is written; an explicit version that disagrees is warned about', async (t) => {
  const modern = postRender(KUBECTL, resolveValues({ ...iks, istioVersion: '1.0' }));
  t.match(modern.warnings, [{ code: 'W_SHAPE_MISMATCH', message: /today's shape \(data\.values JSON.*not Istio 1\.0's template/ }]);
  t.same(postRender(KUBECTL, { ...iks, istioVersion: '1.28' }).warnings, []);
  t.same(postRender(KUBECTL, iks).warnings, [], 'the default version is no explicit choice');
  const legacy = readFileSync(join(dir, '../postrender/helm3-istio-0.8.yaml'), 'utf8');
  const old = postRender(legacy, { ...iks, istioVersion: '1.28' });
  t.match(old.warnings, [{ code: 'W_SHAPE_MISMATCH', message: /2018 template shape.*not Istio 1\.28's data\.values/ }]);
  t.equal(old.shape, 'template');
  t.equal(postRender('kind: Service\n', { ...iks, istioVersion: '1.28' }).shape, undefined);
});

t.test('the values JSON in other YAML styles: double-quoted (kubectl -o json) and single-quoted', async (t) => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector' }, data: { values: JSON.stringify({ global: { proxy: { includeIPRanges: '*', excludeIPRanges: '' } } }, null, 2) } }, null, 4);
  const out = postRender(json, iks).output;
  t.same(JSON.parse(JSON.parse(out).data.values), { global: { proxy: { includeIPRanges: IKS, excludeIPRanges: '' } } }, 'still JSON, value replaced');
  const single = "kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: '{\"global\": {\"proxy\": {\"includeIPRanges\": \"*\"}}}'\n";
  t.equal(postRender(single, iks).output, single.replace('"*"', `"${IKS}"`));
});

t.test('values JSON it cannot patch: one E_STREAM error naming the document and key', async (t) => {
  const cm = (values: string) => `kind: Service\n---\nkind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  values: |-\n${values.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
  for (const [name, values, pattern] of [
    ['not JSON', '{"global": ', /document 2 \(data\.values\) is not JSON/],
    ['top level not an object', '["global"]', /document 2 \(data\.values\): the top level is not an object/],
    ['global not an object', '{"global": "x"}', /document 2 \(data\.values\): global is not an object/],
    ['no global.proxy.includeIPRanges', '{"global": {"proxy": {"excludeIPRanges": ""}}}', /document 2 \(data\.values\) has no global\.proxy\.includeIPRanges to replace/],
    ['no global', '{"revision": ""}', /has no global\.proxy\.includeIPRanges to replace/],
    ['include not a string', '{"global": {"proxy": {"includeIPRanges": ["*"]}}}', /global\.proxy\.includeIPRanges is not a string/],
    ['duplicate key', '{"global": {"proxy": {"includeIPRanges": "*", "includeIPRanges": "10.0.0.0/8"}}}', /key global\.proxy\.includeIPRanges appears 2 times/],
  ] as const) {
    const err = t.throws(() => postRender(cm(values), iks), name) as RenderInjectorError;
    t.equal(err.code, 'E_STREAM', name);
    t.match(err.toLine(), pattern, name);
  }
  const noExclude = cm('{"global": {"proxy": {"includeIPRanges": "*"}}}');
  t.match(t.throws(() => postRender(noExclude, { ...iks, exclude: ['10.0.0.0/8'] })) as Error, { message: /no global\.proxy\.excludeIPRanges to replace/ });
  const bare = 'kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector\ndata:\n  other: x\n';
  t.match(t.throws(() => postRender(bare, iks)) as Error, { message: /has no string data\.config \(nor data\.values\)/ });
  const notOurs = 'kind: ConfigMap\nmetadata:\n  name: istio-sidecar-injector-extra\ndata:\n  other: x\n';
  t.equal(postRender(notOurs, iks).output, notOurs, 'a revision-like name without injector data is not an injector');
  const odd = 'kind: ConfigMap\n---\nkind: ConfigMap\nmetadata: x\n---\nkind: ConfigMap\nmetadata:\n  name: [istio-sidecar-injector]\n';
  t.equal(postRender(odd, iks).output, odd, 'ConfigMaps without a name string are not injectors');
  t.match(t.throws(() => postRender('a: [', iks, { source: 'install.yaml' })) as RenderInjectorError, { place: { file: 'install.yaml' } }, 'the source names the stream');
});

t.test('the JSON locator: nested values, escapes, every value kind skipped', async (t) => {
  const text = '{"a": [1, {"b": "]}"}, null], "n": -1.5e3, "t": true, "s": "x\\"y", "global": {"proxy": {"includeIPRanges": "1\\u0030.0.0.0/8"}}}';
  const at = locateJsonString(text, ['global', 'proxy', 'includeIPRanges'], 'x');
  t.same(at && { value: at.value, text: text.slice(at.start, at.end) }, { value: '10.0.0.0/8', text: '"1\\u0030.0.0.0/8"' });
  t.equal(locateJsonString('{}', ['global'], 'x'), undefined);
  t.same(valuesJsonEdits(text, { includeIPRanges: '*' }, 'x'), [{ start: at!.start, end: at!.end, text: '"*"' }]);
});

t.test('the low-level post-renderer: values for the istiod shape default to the template ones, and are checked', async (t) => {
  const out = postRenderStream(KUBECTL, { includeIPRanges: '10.0.0.0/8' }).output;
  t.same(valuesOf(out).global.proxy.includeIPRanges, '10.0.0.0/8');
  t.throws(() => postRenderStream(KUBECTL, { includeIPRanges: '*', values: { includeIPRanges: '10.0.0.1/8' } }), { code: 'E_CIDR' });
  t.throws(() => postRenderStream(KUBECTL, { includeIPRanges: '*', values: { includeIPRanges: '*', excludeIPRanges: 'x' } }), { code: 'E_CIDR' });
  const kept = postRenderStream(KUBECTL, { includeIPRanges: '*', values: { includeIPRanges: '*' } });
  t.equal(kept.output, KUBECTL);
  t.equal(kept.patched, 0);
  t.same(kept.notes, [], 'nothing changed: no restart note');
});

t.test("the KRM function refuses today's shape with a pointer to post-render", async (t) => {
  const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${KUBECTL.split('\n').map((l, i) => (l === '' ? l : `${i === 0 ? '- ' : '  '}${l}`)).join('\n')}`;
  const err = t.throws(() => krmFunction(list, () => ({ includeIPRanges: '10.0.0.0/8' }))) as KrmFunctionError;
  t.ok(err instanceof KrmFunctionError);
  t.match(err, { code: 'E_STREAM', message: /ResourceList \(items\[0\]\.data\.values\): ConfigMap istio-sidecar-injector has today's shape/, hint: /render-injector post-render/ });
});
