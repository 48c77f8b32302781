// The high-level API as deploy scripts use it: options in, data or text out.
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import {
  resolveValues,
  computeRanges,
  renderConfigMap,
  renderIptables,
  planInterception,
  postRender,
  explainRanges,
  wantedRanges,
  RenderInjectorError,
} from '../lib/index.js';

t.test('resolveValues: provider, preset and cluster info flow into the ranges with their sources', async (t) => {
  const legacy = resolveValues({ provider: 'iks', preset: 'legacy' });
  t.ok(legacy.ranges.ipv4.includes('10.10.10.0/24'), 'the legacy IKS set');
  const kind = resolveValues({
    provider: 'kind',
    clusterInfo: { name: 'kind.yaml', text: 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 192.0.2.0/24\n  serviceSubnet: 198.51.100.0/24\n' },
  });
  t.same(kind.ranges.ipv4, ['192.0.2.0/24', '198.51.100.0/24']);
  t.match(explainRanges(kind.ranges), /192\.0\.2\.0\/24.*kind\.yaml/);
  t.equal(kind.values.global.proxy.includeIPRanges, '*', 'the values keep what the values said: the ranges live in `ranges` alone');
  t.equal(wantedRanges(kind).template.include.value, '192.0.2.0/24,198.51.100.0/24', 'the ConfigMap gets the computed list');
});

t.test('resolveValues: where a values key came from is named in explain', async (t) => {
  const fromFile = resolveValues({ values: [{ name: 'v.yaml', text: 'global:\n  proxy:\n    excludeIPRanges: 10.0.0.0/8\n' }] });
  t.match(explainRanges(fromFile.ranges), /10\.0\.0\.0\/8.*v\.yaml:3 \(global\.proxy\.excludeIPRanges\)/);
  t.ok(fromFile.excludeGiven);
  const fromSet = resolveValues({ set: ['global.proxy.includeIPRanges=192.0.2.0/24'] });
  t.match(explainRanges(fromSet.ranges), /192\.0\.2\.0\/24.*--set global\.proxy\.includeIPRanges=192\.0\.2\.0\/24 \(global\.proxy\.includeIPRanges\)/);
  t.notOk(fromSet.excludeGiven);
  const chart = resolveValues({});
  t.equal(chart.ranges.all, true);
  t.match(explainRanges(chart.ranges), /chart defaults/);
});

t.test('resolveValues: --preset or --cluster-info without a provider is a usage error', async (t) => {
  t.throws(() => resolveValues({ preset: 'legacy' }), { code: 'E_USAGE', message: '--preset needs --provider' });
  t.throws(() => resolveValues({ clusterInfo: { name: 'x', text: '' } }), { code: 'E_USAGE', message: '--cluster-info needs --provider' });
  t.throws(() => computeRanges({ include: ['10.0.0.0/33'] }), RenderInjectorError);
});

t.test('renderers accept options or a resolution, with defaults', async (t) => {
  const resolved = resolveValues({ provider: 'k3s', namespace: 'mesh' });
  const fromResolution = renderConfigMap(resolved);
  const configMap = parseYaml(fromResolution);
  t.equal(configMap.metadata.namespace, 'mesh', '--namespace reaches the ConfigMap');
  t.match(configMap.data.config, /\n *- "10\.42\.0\.0\/15"\n/, "k3s's merged pod and service ranges are the include default");
  t.equal(renderConfigMap({ provider: 'k3s', namespace: 'mesh' }), fromResolution, 'options render as their resolution does');
  t.equal(parseYaml(renderConfigMap()).metadata.namespace, 'istio-system');
  const script = renderIptables(resolved);
  t.match(script, /^#!\/bin\/sh\n/, 'the script is the default format');
  t.match(script, /\n"\$IPTABLES" -t nat -A ISTIO_OUTPUT -d 10\.42\.0\.0\/15 -j ISTIO_REDIRECT\n/);
  const restore = renderIptables({}, { format: 'restore' });
  t.match(restore, /^\*nat$/m, 'restore defaults to the IPv4 family');
  t.match(restore, /^-A ISTIO_OUTPUT -j ISTIO_REDIRECT$/m, "the chart's default include (*) captures all outbound TCP");
  t.same(planInterception().families.map((f) => f.family).slice(0, 1), ['ipv4'], 'a default plan has its IPv4 rules first');
  t.match(renderIptables(planInterception(resolved), { format: 'nft' }), /elements = \{ 10\.42\.0\.0\/15 \}/, 'a plan renders');
  t.equal(renderIptables(planInterception(resolved), { format: 'nft' }), renderIptables(resolved, { format: 'nft' }), 'a plan renders as the options would');
});

t.test('postRender replaces the exclude only when one was given', async (t) => {
  const stream = renderConfigMap({ provider: 'kind', exclude: ['10.96.0.0/24'] });
  const plain = postRender(stream, { provider: 'k3s' });
  t.equal(plain.patched, 1);
  t.match(plain.output, /- "10\.96\.0\.0\/24"/, 'exclude kept');
  const withExclude = postRender(stream, { provider: 'k3s', exclude: ['10.43.0.0/24'] }, { strict: true });
  t.notMatch(withExclude.output, /- "10\.96\.0\.0\/24"/);
  t.match(withExclude.output, /- "10\.43\.0\.0\/24"/);
  t.throws(() => postRender('kind: Service\n', { provider: 'k3s' }, { strict: true }), { code: 'E_STREAM' });
});

t.test('the settings boundary and a writer name where the value came from the same way', async (t) => {
  const file = { name: 'v.yaml', text: 'global:\n  proxy:\n    excludeInboundPorts: "80 80"\n' };
  t.throws(() => renderConfigMap({ values: [file] }), {
    code: 'E_VALUES',
    message: 'port "80 80" in "80 80" is not a port number',
    place: { file: 'v.yaml', line: 3, path: 'global.proxy.excludeInboundPorts' },
  });
  t.throws(() => renderConfigMap({ namespace: 'a b' }), { code: 'E_RENDER', place: { file: '--namespace', path: 'renderInjector.namespace' } });
  // Anything else (an internal fault) passes through as it is.
  const broken = resolveValues({});
  (broken.values.global.proxy as { resources: unknown }).resources = undefined; // read by the ConfigMap writer alone
  t.throws(() => renderConfigMap(broken), TypeError);
});
