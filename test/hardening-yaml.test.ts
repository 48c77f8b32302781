// Issue 13, class 3: the post-renderer and the KRM function read YAML as Kubernetes reads it. A key written twice
// on a path they read is refused (kubectl and kustomize refuse it too), a `<<` merge key counts when recognising
// the ConfigMap, and a ConfigMap whose config is shared through an alias is refused rather than changing the other
// place as well. Real YAML through the real post-renderer.
import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { renderConfigMap } from '../lib/pipeline/index.js';
import { patchText as postRender } from './helpers/patch.js';
import { runKrm } from '../lib/krm/function.js';
import { caught } from './helpers/caught.js';

const cm = renderConfigMap({ provider: 'minikube' });
const body = cm.slice(cm.indexOf('\ndata:\n') + 1);
const ranges = { includeIPRanges: '192.0.2.0/24' };
const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';

t.test('a key written twice on a path the patch reads is refused, in any document', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['data.config twice', cm + '  config: "policy: enabled\\ntemplate: x"\n', /document 1: the key data\.config is written 2 times/],
    ['metadata.name twice', cm.replace('  name: istio-sidecar-injector\n', '  name: istio-sidecar-injector\n  name: other\n'), /the key metadata\.name is written 2 times/],
    ['kind twice', cm.replace('kind: ConfigMap\n', 'kind: ConfigMap\nkind: Secret\n'), /the key kind is written 2 times/],
    ['metadata twice', cm.replace('metadata:\n', 'metadata:\n  name: x\nmetadata:\n'), /the key metadata is written 2 times/],
    ['kind twice in another document', `${service}kind: ConfigMap\n---\n${cm}`, /document 1: the key kind is written 2 times/],
    ['data twice', `${cm}data: {}\n`, /the key data is written 2 times/],
    ['items twice in a List', `apiVersion: v1\nkind: List\nitems: []\nitems: []\n`, /the key items is written 2 times/],
  ];
  for (const [name, stream, message] of cases) {
    const e = caught(() => postRender(stream, ranges));
    t.equal(e.code, 'E_STREAM', name);
    t.match(e.message, message, name);
  }
  // The injector config's own template key, twice.
  const twice = cm.replace('    policy: enabled\n', '    policy: enabled\n    template: ""\n');
  t.match(caught(() => postRender(twice, ranges)).message, /the key template is written 2 times/);
  // Keys elsewhere may repeat: they are not read (and a lenient reader's choice does not matter to the patch).
  const other = `${service}spec:\n  type: A\n  type: B\n---\n${cm}`;
  const r = postRender(other, ranges);
  t.equal(r.patched, 1);
  t.ok(r.output.startsWith(`${service}spec:\n  type: A\n  type: B\n---\n`), 'the other document unchanged');
});

t.test('a ConfigMap built with a merge key is recognised', async (t) => {
  const merged = `base: &base\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: istio-sidecar-injector\n<<: *base\n${body}`;
  const r = postRender(merged, ranges);
  t.equal(r.patched, 1, 'patched');
  t.match(r.output, /"192\.0\.2\.0\/24"/);
  const doc = parseAllDocuments(r.output, { merge: true })[0]!.toJS() as { kind: string; data: { config: string } };
  t.equal(doc.kind, 'ConfigMap');
  t.match(doc.data.config, /192\.0\.2\.0\/24/);
  // A list of merged maps: the first that has the key lends it; keys written out win.
  const list = `a: &a {kind: Secret}\nb: &b {kind: ConfigMap, metadata: {name: istio-sidecar-injector}}\n<<: [*b, *a]\n${body}`;
  t.equal(postRender(list, ranges).patched, 1);
  const own = `b: &b {kind: ConfigMap, metadata: {name: istio-sidecar-injector}}\n<<: *b\nkind: Secret\n${body}`;
  t.equal(postRender(own, ranges).patched, 0, 'kind written out wins over the merged one');
  const quoted = `b: &b {kind: ConfigMap, metadata: {name: istio-sidecar-injector}}\n"<<": *b\n${body}`;
  t.equal(postRender(quoted, ranges).patched, 0, 'a quoted "<<" is an ordinary key');
  t.equal(postRender(`{kind, metadata: {name: istio-sidecar-injector}}\n`, ranges).patched, 0, 'a key without a value is no kind');
  t.equal(postRender(`{<<, kind: ConfigMap}\n`, ranges).patched, 0, 'a merge key without a value lends nothing');
  const scalar = `b: &b x\n<<: *b\n${body}`;
  t.equal(postRender(scalar, ranges).patched, 0, 'a merge of a scalar lends nothing');
});

t.test('a config shared through an alias or merge key is refused; no other place changes', async (t) => {
  const data = body.replace('data:\n', 'data: &data\n');
  const shared: [string, string][] = [
    ['another item aliases the data', `apiVersion: v1\nkind: List\nitems:\n- ${indent(cm.replace('\ndata:\n', '\ndata: &d\n'))}- kind: ConfigMap\n  metadata: {name: copy}\n  data: *d\n`],
    ['another item aliases the config', `apiVersion: v1\nkind: List\nitems:\n- ${indent(cm.replace('  config: |-', '  config: &c |-'))}- kind: ConfigMap\n  metadata: {name: copy}\n  data: {config: *c}\n`],
    ['the data comes through a merge key', `x: ${data.replace(/^data: &data\n/, '&data\n')}kind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\ndata:\n  <<: *data\n`],
    ['the data is an alias', `x: ${data.replace(/^data: &data\n/, '&data\n')}kind: ConfigMap\nmetadata: {name: istio-sidecar-injector}\ndata: *data\n`],
    ['an item repeats the ConfigMap by alias', `apiVersion: v1\nkind: List\nitems:\n- &cm\n  ${indent(cm)}- *cm\n`],
  ];
  for (const [name, stream] of shared) {
    t.equal(parseAllDocuments(stream)[0]!.errors.length, 0, `${name}: the fixture is YAML`);
    const e = caught(() => postRender(stream, ranges));
    t.match(e.message, /is shared through a YAML alias or merge key/, name);
  }
  const aliasTemplate = cm.replace('    template: |-', '    t: &t x\n    template: *t\n    old: |-');
  t.match(caught(() => postRender(aliasTemplate, ranges)).message, /has no string "template" of its own \(it is an alias\)/);
});

t.test('the KRM function reads its ResourceList the same way', async (t) => {
  const list = (extra: string) =>
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${extra}functionConfig:\n  kind: ConfigMap\n  data:\n    include: 192.0.2.0/24\nitems: []\n`;
  const r = runKrm(list('kind: List\n'));
  t.equal(r.ok, false);
  t.match(r.output, /the ResourceList: the key kind is written 2 times/);
  const fc = runKrm(list('functionConfig: {}\n'));
  t.match(fc.output, /the key functionConfig is written 2 times/);
  t.equal(runKrm(list('')).ok, true);
});

/** Indents a block by two spaces after its first line, to sit as a list item. */
function indent(text: string): string {
  return text.replace(/\n(?=.)/g, '\n  ');
}
