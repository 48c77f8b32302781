// Values overlays for today's Istio: each format parses as what it claims (YAML with the right apiVersion/kind,
// istioctl arguments, a JSON merge patch that kubectl applies), golden files per format (UPDATE_GOLDEN=1
// rewrites them), and the main job for a 1.20+ version prints an overlay, never a 2018 template.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { renderConfigMap, renderIstiodOverlay, renderValuesOverlay, resolveValues } from '../lib/pipeline/index.js';
import { istiodRanges, renderIstiodValues, renderOverlay, OVERLAY_FORMATS, type OverlayFormat } from '../lib/render/overlays.js';
import { isModernIstio, isIstioVersion } from '../lib/values/defaults.js';
import { haveTool } from './fixtures/configmap/harness.js';

const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden/overlays');
const options = { provider: 'iks', include: ['fd00:1::/64'], exclude: ['172.21.0.1/32,fd00:1::1/128'], istioVersion: '1.28' as const };
const EXT: Record<OverlayFormat, string> = { istioctl: 'txt', 'helm-values': 'yaml', 'istio-operator': 'yaml', sail: 'yaml', annotations: 'json' };
const INCLUDE = '172.21.0.0/16,172.30.0.0/16,fd00:1::/64';
const EXCLUDE = '172.21.0.1/32,fd00:1::1/128';

function matchGolden(t: Test, name: string, text: string): void {
  mkdirSync(golden, { recursive: true });
  const file = join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) {
    t.fail(`${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
    return;
  }
  t.equal(text, readFileSync(file, 'utf8'), `${name} matches its golden file`);
}

t.test('versions: 0.8, 1.0 and 1.N with N >= 20', async (t) => {
  for (const v of ['0.8', '1.0', '1.20', '1.28', '1.31', '1.100']) t.ok(isIstioVersion(v), v);
  for (const v of ['1.1', '1.19', '1.020', '1.28.2', '2.0', '', 1.28]) t.notOk(isIstioVersion(v), String(v));
  t.ok(isModernIstio('1.20'));
  t.notOk(isModernIstio('1.0'));
  t.throws(() => resolveValues({ istioVersion: '1.5' as never }), { code: 'E_VALUES', message: /unsupported Istio version "1.5"/ });
  t.throws(() => resolveValues({ set: ['renderInjector.istioVersion=1.19'] }), { code: 'E_VALUES' });
  t.equal(resolveValues({ set: ['renderInjector.istioVersion=1.22'] }).values.renderInjector.istioVersion, '1.22');
});

t.test('each format: the golden file, and it parses as what it claims', async (t) => {
  const resolved = resolveValues(options);
  for (const format of OVERLAY_FORMATS) {
    const text = renderValuesOverlay(resolved, { format });
    matchGolden(t, `${format}.${EXT[format]}`, text);
    t.ok(text.endsWith('\n'), `${format}: ends with a newline`);
  }
  const proxy = { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE };
  t.same(parseYaml(renderValuesOverlay(resolved, { format: 'helm-values' })), { global: { proxy } });
  t.same(parseYaml(renderValuesOverlay(resolved, { format: 'istio-operator' })), {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    spec: { values: { global: { proxy } } },
  });
  t.same(parseYaml(renderValuesOverlay(resolved, { format: 'sail', name: 'mesh-a' })), {
    apiVersion: 'sailoperator.io/v1',
    kind: 'Istio',
    metadata: { name: 'mesh-a' },
    spec: { values: { global: { proxy } } },
  });
  t.same(JSON.parse(renderValuesOverlay(resolved, { format: 'annotations' })), {
    spec: {
      template: {
        metadata: {
          annotations: {
            'traffic.sidecar.istio.io/includeOutboundIPRanges': INCLUDE,
            'traffic.sidecar.istio.io/excludeOutboundIPRanges': EXCLUDE,
          },
        },
      },
    },
  });
  // istioctl arguments: pairs of --set and path=value, each a plain shell word
  const words = renderValuesOverlay(resolved, { format: 'istioctl' }).trim().split(' ');
  t.same(words, ['--set', `values.global.proxy.includeIPRanges=${INCLUDE}`, '--set', `values.global.proxy.excludeIPRanges=${EXCLUDE}`]);
  for (const w of words) t.match(w, /^[-A-Za-z0-9.=/:,]+$/, `${w}: no shell quoting needed`);
});

t.test('without an exclude the overlays leave the install exclude alone; the pod patch states both', async (t) => {
  const r = resolveValues({ provider: 'iks' });
  t.same(istiodRanges(r.ranges, r.excludeGiven), { includeIPRanges: '172.21.0.0/16,172.30.0.0/16' });
  t.equal(renderValuesOverlay(r, { format: 'helm-values' }), 'global:\n  proxy:\n    includeIPRanges: "172.21.0.0/16,172.30.0.0/16"\n');
  t.equal(renderValuesOverlay(r, { format: 'istioctl' }), '--set values.global.proxy.includeIPRanges=172.21.0.0/16,172.30.0.0/16\n');
  t.match(renderValuesOverlay(r, { format: 'annotations' }), /"traffic\.sidecar\.istio\.io\/excludeOutboundIPRanges":""/);
  const all = resolveValues({ exclude: ['192.0.2.0/24'] });
  t.same(istiodRanges(all.ranges, all.excludeGiven), { includeIPRanges: '*', excludeIPRanges: '192.0.2.0/24' }, '* stays *, the exclude apart');
});

t.test('bad input to an overlay: one error naming it', async (t) => {
  t.throws(() => renderOverlay({ includeIPRanges: '10.0.0.1/8' }, { format: 'helm-values' }), { code: 'E_CIDR' });
  t.throws(() => renderOverlay({ includeIPRanges: '*', excludeIPRanges: '*' }, { format: 'helm-values' }), { code: 'E_RANGE_LIST', message: /excludeIPRanges "\*" is not a value Istio accepts/ });
  t.throws(() => renderOverlay({ includeIPRanges: '*', excludeIPRanges: '10.0.0.0/8 ' }, { format: 'sail' }), { code: 'E_CIDR' });
  for (const name of ['Default', 'a_b', '-a', 'a'.repeat(254), 'x\n']) {
    t.throws(() => renderOverlay({ includeIPRanges: '*' }, { format: 'sail', name }), { code: 'E_USAGE', message: /is not a Kubernetes object name/ }, JSON.stringify(name));
  }
  t.throws(() => renderOverlay({ includeIPRanges: '*' }, { format: 'xml' as OverlayFormat }), { code: 'E_USAGE', message: /unknown overlay format "xml"/ });
});

t.test('the main job for 1.20+: the helm-values overlay behind a header on how to apply it; never a 2018 template', async (t) => {
  const text = renderIstiodOverlay(resolveValues(options));
  matchGolden(t, 'istiod-values-1.28.yaml', text);
  const docs = parseAllDocuments(text);
  t.equal(docs.length, 1);
  t.same(docs[0]!.toJS(), { global: { proxy: { includeIPRanges: INCLUDE, excludeIPRanges: EXCLUDE } } });
  for (const way of [/# {3}Helm: {6}helm upgrade istiod istio\/istiod/, /# {3}istioctl: {2}istioctl install/, /# {3}Sail: {6}.*kubectl patch istio default --type merge/, /# {3}Live: {6}kubectl get cm istio-sidecar-injector -n istio-system -o yaml \| render-injector post-render/]) {
    t.match(text, way);
  }
  t.match(text, /# include 172\.21\.0\.0\/16 {2}from iks default/);
  t.match(text, /# exclude 172\.21\.0\.1\/32 {2}from --exclude/);
  t.notMatch(text, /istio-sidecar-injector\n|kind: ConfigMap|\[\[/, 'no 2018 template');
  t.match(renderIstiodOverlay({ istioVersion: '1.22', namespace: 'mesh' }), /# include \* {2}\(every address\)\n[\s\S]*-n mesh/);
  t.match(renderIstiodOverlay({}), /for Istio 1\.20\+ \(istiod\)/, 'a 2018 version asked for the overlay names 1.20+');
  t.match(renderIstiodValues({ includeIPRanges: '' }, { istioVersion: '1.30' }), /^# Sidecar capture ranges for Istio 1\.30[\s\S]*\n#\n# Apply it[\s\S]*includeIPRanges: ""\n$/);
  t.throws(() => renderConfigMap(options), { code: 'E_USAGE', message: /Istio 1\.28 reads the ranges from its chart values/ });
});

t.test('kubectl applies the annotations patch to a Deployment as a merge patch', { skip: !haveTool('kubectl') }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ri-overlay-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const deployment = join(dir, 'deployment.yaml');
  writeFileSync(
    deployment,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n      annotations: {keep: "me"}\n    spec:\n      containers:\n      - name: web\n        image: example.invalid/web\n',
  );
  const patch = renderValuesOverlay(resolveValues(options), { format: 'annotations' });
  const r = spawnSync('kubectl', ['patch', '--local', '-f', deployment, '--type', 'merge', '-p', patch, '-o', 'yaml'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
  t.equal(r.status, 0, r.stderr);
  t.same((parseYaml(r.stdout) as { spec: { template: { metadata: { annotations: unknown } } } }).spec.template.metadata.annotations, {
    keep: 'me',
    'traffic.sidecar.istio.io/includeOutboundIPRanges': INCLUDE,
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': EXCLUDE,
  });
});
