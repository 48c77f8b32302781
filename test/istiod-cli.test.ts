// The CLI for today's Istio, in-process through a fake CliIO: --istio-version 1.N, the main job's overlay (stdout
// and --output-dir), ranges --format for the overlays, post-render --revision and its notes on stderr.
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { runCli } from './helpers/cli-run.js';
import { commandHelp, mainHelp } from '../lib/cli/help.js';

const here = dirname(fileURLToPath(import.meta.url));
const KUBECTL = readFileSync(join(here, 'fixtures/istiod/istiod-1.28-kubectl-get.yaml'), 'utf8');
const CANARY = readFileSync(join(here, 'fixtures/istiod/istiod-1.28-canary.yaml'), 'utf8');
const V10 = readFileSync(join(here, 'fixtures/postrender/helm4-istio-1.0.yaml'), 'utf8');

const cli = runCli;

t.test('--istio-version: 0.8, 1.0, 1.N with N >= 20; 1.1 to 1.19 refused in one line', async (t) => {
  for (const v of ['1.1', '1.19', '1.5']) {
    const r = await cli(['ranges', '--istio-version', v]);
    t.equal(r.code, 2);
    t.equal(r.err, `error: --istio-version "${v}" is not supported (Istio 1.1 to 1.19 are not targets); use 0.8, 1.0, or 1.20 and later (1.N with N >= 20, e.g. 1.28)\n`);
  }
  t.match((await cli(['ranges', '--istio-version', '1.28.2'])).err, /^error: --istio-version "1\.28\.2" is not supported; use 0\.8, 1\.0, or 1\.20 and later/);
  t.equal((await cli(['ranges', '--istio-version', '1.31', '-p', 'iks'])).code, 0);
});

t.test('the main job for 1.20+: the helm-values overlay, never a 2018 template; --output-dir writes every overlay', async (t) => {
  const r = await cli(['--provider', 'iks', '--istio-version', '1.28', '--include', 'fd00:1::/64']);
  t.equal(r.code, 0);
  t.match(r.out, /^# Sidecar capture ranges for Istio 1\.28 \(istiod\)/);
  t.same(parseYaml(r.out), { global: { proxy: { includeIPRanges: '172.21.0.0/16,172.30.0.0/16,fd00:1::/64' } } });
  t.notMatch(r.out, /ConfigMap|\[\[/);
  t.equal(r.err, '', 'no IPv6 warning: 1.20+ values carry IPv6');
  const dir = mkdtempSync(join(tmpdir(), 'ri-istiod-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'out');
  const w = await cli(['render', '-p', 'iks', '--istio-version', '1.22', '-o', out]);
  t.equal(w.code, 0, w.err);
  t.same(readdirSync(out).sort(), ['istio-operator.yaml', 'istioctl-args.txt', 'istiod-values.yaml', 'pod-annotations-patch.json', 'sail-istio.yaml']);
  t.match(parseYaml(readFileSync(join(out, 'sail-istio.yaml'), 'utf8')), { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' } });
  t.match(parseYaml(readFileSync(join(out, 'istio-operator.yaml'), 'utf8')), { apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator' });
  t.match(JSON.parse(readFileSync(join(out, 'pod-annotations-patch.json'), 'utf8')), { spec: { template: { metadata: { annotations: {} } } } });
  t.match(readFileSync(join(out, 'istioctl-args.txt'), 'utf8'), /^--set values\.global\.proxy\.includeIPRanges=172\.21\.0\.0\/16,172\.30\.0\.0\/16\n$/);
  t.match(w.err, /wrote istiod-values\.yaml, istioctl-args\.txt, istio-operator\.yaml, sail-istio\.yaml, pod-annotations-patch\.json/);
  const v10 = await cli(['-p', 'iks', '--istio-version', '1.0']);
  t.match(v10.out, /kind: ConfigMap/, '1.0 still renders its ConfigMap');
});

t.test('ranges --format: the overlays, --name for sail', async (t) => {
  const sail = await cli(['ranges', '-p', 'iks', '--format', 'sail', '--name', 'mesh-a', '--include', 'fd00:1::/64']);
  t.equal(sail.code, 0);
  t.match(parseYaml(sail.out), { kind: 'Istio', metadata: { name: 'mesh-a' }, spec: { values: { global: { proxy: { includeIPRanges: '172.21.0.0/16,172.30.0.0/16,fd00:1::/64' } } } } });
  t.equal(sail.err, '', 'overlays carry IPv6: no warning');
  const op = await cli(['ranges', '-p', 'iks', '--format', 'istio-operator', '--exclude', '172.21.0.1/32']);
  t.match(op.out, /excludeIPRanges: "172\.21\.0\.1\/32"/);
  const wrong = await cli(['ranges', '-p', 'iks', '--format', 'helm-values', '--name', 'x']);
  t.equal(wrong.code, 2);
  t.match(wrong.err, /--name names the Istio object of --format sail/);
  const bad = await cli(['ranges', '--format', 'sail', '--name', 'Not_A_Name']);
  t.equal(bad.code, 2);
  t.match(bad.err, /--name: --name "Not_A_Name" is not a Kubernetes object name/);
  t.equal((await cli(['ranges', '-p', 'iks', '--format', 'csv', '--explain'])).code, 0);
});

t.test('post-render: --revision, the restart note, no IPv6 warning for the istiod shape', async (t) => {
  const both = `${KUBECTL}---\n${CANARY}`;
  const several = await cli(['post-render', '-p', 'iks'], { '-': both });
  t.equal(several.code, 2);
  t.equal(several.out, '', 'nothing half-written');
  t.match(several.err, /^error: -: the stream holds 2 injector ConfigMaps: istio-sidecar-injector \(document 1\), istio-sidecar-injector-canary \(document 2\); choose one with --revision \(default, canary\)\n$/);
  const canary = await cli(['post-render', '-p', 'iks', '--revision', 'canary', '--include', 'fd00:1::/64'], { '-': both });
  t.equal(canary.code, 0);
  const patchedCanary = CANARY.replace('"includeIPRanges": "*"', '"includeIPRanges": "172.21.0.0/16,172.30.0.0/16,fd00:1::/64"');
  t.equal(canary.out, `${KUBECTL}---\n${patchedCanary}`, 'only the canary injector changes; values-canary and the default revision stay');
  t.equal(canary.err, 'note: running pods keep their old capture rules until they are restarted (e.g. kubectl rollout restart deployment -n NAMESPACE); pods created from now on get the new ranges\n');
  const legacy = await cli(['post-render', '-p', 'iks', '--include', 'fd00:1::/64'], { '-': V10 });
  t.match(legacy.err, /^warning: IPv6 ranges \(fd00:1::\/64\) stay out/m, 'the 2018 shape keeps its IPv6 warning');
  t.match(legacy.err, /^note: running pods keep/m);
});

t.test('help: the new options and examples', async (t) => {
  t.match(commandHelp('check'), /--from FILE[\s\S]*--revision REV[\s\S]*render-injector check -p iks/);
  t.match(commandHelp('post-render'), /--revision REV[\s\S]*kubectl get cm istio-sidecar-injector -n istio-system -o yaml \| render-injector post-render/);
  t.match(commandHelp('ranges'), /istioctl, helm-values, istio-operator, sail, annotations[\s\S]*--format sail > patch\.yaml && kubectl patch istio default/);
  t.match(commandHelp('render'), /--istio-version 1\.28/);
  t.match(mainHelp(), /check +drift check/);
});
