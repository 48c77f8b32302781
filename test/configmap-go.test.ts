// Executes the rendered injection templates with Go's text/template (test/go), as Istio's 0.8 and 1.0 injectors
// do, against sample pods, and checks the istio-init args and the containers against what Istio's chart gives for
// the same values (expectations written from reading the charts' sidecar-injector-configmap.yaml).
import t from 'tap';
import { parse } from 'yaml';
import { writeConfigMap } from '../lib/render/configmap.js';
import { settingsFrom } from './helpers/settings.js';

/** The range values the ConfigMap carries (Istio's -i and -x). */
interface ConfigMapRanges {
  includeIPRanges: string;
  excludeIPRanges: string;
}

/** The ConfigMap for a partial values tree, through the settings boundary. */
const renderConfigMapText = (partial: Record<string, unknown>): string => writeConfigMap(settingsFrom(partial));
import { renderConfigMap, resolveValues } from '../lib/pipeline/index.js';
import { argv, haveTool, inject, injectorConfig, sidecar, values, type Pod } from './fixtures/configmap/harness.js';

const A = {
  include: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  exclude: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  inbound: 'traffic.sidecar.istio.io/includeInboundPorts',
  exInbound: 'traffic.sidecar.istio.io/excludeInboundPorts',
  mode: 'sidecar.istio.io/interceptionMode',
  image: 'sidecar.istio.io/proxyImage',
  status: 'status.sidecar.istio.io/port',
};

const pods: Record<string, Pod> = {
  'one container, one port': { containers: [{ name: 'app', ports: [9080] }], labels: { app: 'reviews' } },
  'several containers and ports': {
    containers: [
      { name: 'app', ports: [9080, 9090] },
      { name: 'metrics', ports: [8080] },
      { name: 'worker' },
    ],
    serviceAccountName: 'bookinfo',
  },
  'no ports': { containers: [{ name: 'app' }] },
  'every annotation': {
    containers: [{ name: 'app', ports: [80] }],
    annotations: {
      [A.include]: '192.0.2.0/24',
      [A.exclude]: '198.51.100.0/24',
      [A.inbound]: '80,81',
      [A.exInbound]: '9999',
      [A.mode]: 'TPROXY',
      [A.image]: 'example.com/custom-proxy:1',
      [A.status]: '15021',
    },
  },
  'annotations set but empty': {
    containers: [{ name: 'app', ports: [80] }],
    annotations: { [A.include]: '', [A.exclude]: '', [A.inbound]: '', [A.exInbound]: '' },
  },
};

const scenarios: { name: string; values: Record<string, unknown>; ranges?: ConfigMapRanges; mesh?: Record<string, unknown> }[] = [
  { name: 'chart defaults', values: {} },
  {
    name: 'computed ranges and excluded inbound ports',
    values: { global: { proxy: { excludeInboundPorts: '8081,8082', includeIPRanges: '172.16.0.0/12,10.0.0.0/8,2001:db8::/32', excludeIPRanges: '10.96.0.1/32' } } },
    // merged and in canonical order; IPv4 only (Istio 0.8/1.0's istio-init applies the lists with iptables)
    ranges: { includeIPRanges: '10.0.0.0/8,172.16.0.0/12', excludeIPRanges: '10.96.0.1/32' },
  },
  { name: 'TPROXY mesh, core dumps, custom uid', values: { global: { proxy: { enableCoreDump: true } }, renderInjector: { proxyUid: 2000 } }, mesh: { interceptionMode: 'TPROXY' } },
  { name: 'nothing captured', values: { global: { proxy: { includeIPRanges: '', excludeIPRanges: '*' } } }, ranges: { includeIPRanges: '', excludeIPRanges: '0.0.0.0/0' } },
];

/** The istio-init args Istio's 0.8 chart gives (from its template): annotation when present, else the value. */
function chart08Args(v: ReturnType<typeof values>, r: ConfigMapRanges, pod: Pod, mode: string): string[] {
  const a = pod.annotations ?? {};
  const ports = (pod.containers ?? []).flatMap((c) => c.ports ?? []).map((p) => `${p}, `).join('').trimEnd();
  return [
    '-p', '15001', '-u', String(v.renderInjector.proxyUid), '-m', a[A.mode] ?? mode,
    '-i', a[A.include] ?? r.includeIPRanges, '-x', a[A.exclude] ?? r.excludeIPRanges,
    '-b', a[A.inbound] ?? ports, '-d', a[A.exInbound] ?? String(v.global.proxy.excludeInboundPorts),
  ];
}

/** The istio-init args Istio's 1.0 chart gives: ports joined by ",", the status port appended to -d. */
function chart10Args(v: ReturnType<typeof values>, r: ConfigMapRanges, pod: Pod, mode: string): string[] {
  const a = pod.annotations ?? {};
  const ports = (pod.containers ?? []).flatMap((c) => c.ports ?? []).join(',');
  const status = a[A.status] ?? String(v.global.proxy.statusPort);
  const excluded = a[A.exInbound] ?? String(v.global.proxy.excludeInboundPorts);
  const items = excluded.split(',').filter((s) => s !== '');
  const d = status === '0' || items.includes(status) ? excluded : [...items, status].join(',');
  return [
    '-p', '15001', '-u', String(v.renderInjector.proxyUid), '-m', a[A.mode] ?? mode,
    '-i', a[A.include] ?? r.includeIPRanges, '-x', a[A.exclude] ?? r.excludeIPRanges,
    '-b', a[A.inbound] ?? ports, '-d', d,
  ];
}

t.test('injection templates executed by Go text/template', { skip: !haveTool('go') && 'go is not installed' }, async (t) => {
  for (const flavour of ['0.8', '1.0'] as const) {
    for (const s of scenarios) {
      const partial = { ...s.values, renderInjector: { ...(s.values.renderInjector as object), istioVersion: flavour } };
      const v = values(partial);
      const ranges = s.ranges ?? { includeIPRanges: String(v.global.proxy.includeIPRanges), excludeIPRanges: String(v.global.proxy.excludeIPRanges) };
      const { template, policy } = injectorConfig(parse(renderConfigMapText(partial)));
      t.equal(policy, 'enabled', `${flavour} ${s.name}: policy`);
      for (const [podName, pod] of Object.entries(pods)) {
        const label = `${flavour}, ${s.name}, ${podName}`;
        const meshMode = String(s.mesh?.interceptionMode ?? 'REDIRECT');
        const out = sidecar(inject(flavour, template, pod, s.mesh));
        const init = out.initContainers[0]!;
        const proxy = out.containers[0]!;
        const expected = (flavour === '0.8' ? chart08Args : chart10Args)(v, ranges, pod, meshMode);
        t.same(argv(init.args), expected, `${label}: istio-init args`);
        t.equal(init.name, 'istio-init');
        t.equal(init.image, 'docker.io/istio/proxy_init:0.8.latest', `${label}: init image`);
        t.same(init.securityContext, { capabilities: { add: ['NET_ADMIN'] }, privileged: true }, `${label}: init privileges`);
        t.equal(out.initContainers.length, v.global.proxy.enableCoreDump ? 2 : 1, `${label}: core-dump init container iff enabled`);
        if (v.global.proxy.enableCoreDump) {
          const core = out.initContainers[1]!;
          t.equal(core.name, 'enable-core-dump');
          t.equal(core.image, 'docker.io/istio/proxy_init:0.8.latest');
          t.match(argv(core.args)[1], /^sysctl -w kernel\.core_pattern=\S+ && ulimit -c unlimited$/);
        }
        t.equal(proxy.name, 'istio-proxy');
        t.equal(proxy.image, pod.annotations?.[A.image] ?? 'docker.io/istio/proxyv2:0.8.latest', `${label}: proxy image`);
        const mode = pod.annotations?.[A.mode] ?? meshMode;
        const uid = v.renderInjector.proxyUid;
        if (mode === 'TPROXY') {
          t.same(proxy.securityContext?.capabilities, { add: ['NET_ADMIN'] }, `${label}: TPROXY needs NET_ADMIN`);
          t.equal(proxy.securityContext?.runAsUser, undefined, `${label}: TPROXY proxy does not run as the uid`);
          if (flavour === '1.0') t.equal(proxy.securityContext?.runAsGroup, 1337, `${label}: TPROXY group`);
        } else {
          t.equal(proxy.securityContext?.runAsUser, uid, `${label}: proxy runs as the uid`);
          t.equal(proxy.securityContext?.capabilities, undefined);
        }
        const args = argv(proxy.args);
        t.equal(args[args.indexOf('--drainDuration') + 1], '45s', `${label}: formatDuration`);
        t.equal(args[args.indexOf('--parentShutdownDuration') + 1], '1m0s');
        const account = pod.serviceAccountName ? `istio.${pod.serviceAccountName}` : 'istio.default';
        t.same(out.volumes, [
          { emptyDir: { medium: 'Memory' }, name: 'istio-envoy' },
          { name: 'istio-certs', secret: { optional: true, secretName: account } },
        ], `${label}: volumes`);
        if (flavour === '0.8') {
          t.equal(args[args.indexOf('--serviceCluster') + 1], pod.labels?.app ?? 'istio-proxy');
          t.equal(args[args.indexOf('--statsdUdpAddress') + 1], 'istio-statsd-prom-bridge:9125', `${label}: statsd from values`);
          t.same(proxy.resources, { requests: { cpu: '100m', memory: '128Mi' } });
          t.equal(proxy.ports, undefined);
        } else {
          t.equal(args[args.indexOf('--serviceCluster') + 1], `${pod.labels?.app ?? 'app'}.demo`);
          t.equal(args[args.indexOf('--statsdUdpAddress') + 1], 'istio-statsd-prom-bridge.istio-system:9125', `${label}: statsd from mesh`);
          const status = pod.annotations?.[A.status] ?? '15020';
          t.equal(String(args[args.indexOf('--statusPort') + 1]), status);
          t.equal(String(proxy.readinessProbe?.httpGet.port), status, `${label}: readiness on the status port`);
          t.equal(args[args.indexOf('--applicationPorts') + 1], (pod.containers ?? []).flatMap((c) => c.ports ?? []).join(','));
          t.same(proxy.ports, [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }], `${label}: prometheus port`);
          t.same(proxy.resources, { requests: { cpu: '100m', memory: '128Mi' } });
          t.equal(proxy.securityContext?.readOnlyRootFilesystem, v.global.proxy.enableCoreDump ? undefined : true);
        }
      }
    }
  }
});

t.test("a pod's range annotation replaces one list and keeps the other, as with Istio's 0.8 and 1.0 charts", { skip: !haveTool('go') && 'go is not installed' }, async (t) => {
  // The same values given to Istio's chart and to render-injector (through the API, as the CLI's --set).
  const chartValues = { includeIPRanges: '10.4.0.0/14', excludeIPRanges: '10.4.1.0/24' };
  const set = [`global.proxy.includeIPRanges=${chartValues.includeIPRanges}`, `global.proxy.excludeIPRanges=${chartValues.excludeIPRanges}`];
  const annotated: Record<string, Pod> = {
    'no annotation': { containers: [{ name: 'app', ports: [9080] }] },
    'excludeOutboundIPRanges annotation': { containers: [{ name: 'app', ports: [9080] }], annotations: { [A.exclude]: '203.0.113.0/24' } },
    'includeOutboundIPRanges annotation': { containers: [{ name: 'app', ports: [9080] }], annotations: { [A.include]: '192.0.2.0/24' } },
  };
  for (const flavour of ['0.8', '1.0'] as const) {
    const resolved = resolveValues({ set, istioVersion: flavour });
    const { template } = injectorConfig(parse(renderConfigMap(resolved)));
    for (const [name, pod] of Object.entries(annotated)) {
      const args = argv(sidecar(inject(flavour, template, pod)).initContainers[0]!.args);
      const chart = (flavour === '0.8' ? chart08Args : chart10Args)(resolved.values, chartValues, pod, 'REDIRECT');
      t.same(args, chart, `${flavour}, ${name}: istio-init args as Istio's chart gives them`);
    }
    const [i, x] = ['-i', '-x'].map((flag) => {
      const args = argv(sidecar(inject(flavour, template, annotated['excludeOutboundIPRanges annotation']!)).initContainers[0]!.args);
      return args[args.indexOf(flag) + 1];
    });
    t.same([i, x], ['10.4.0.0/14', '203.0.113.0/24'], `${flavour}: the pod's exclude replaces the global one, so 10.4.1.0/24 is captured again`);
    // What the rules capture is still the effective set: ranges and the plan take the exclude away.
    t.same(resolved.ranges.ipv4.slice(0, 2), ['10.4.0.0/24', '10.4.2.0/23'], `${flavour}: ranges show include minus exclude`);
  }
});

t.test('1.0 specifics: proxy resources annotation, status port 0, no prometheus port, whole init image', { skip: !haveTool('go') && 'go is not installed' }, async (t) => {
  const { template } = injectorConfig(parse(renderConfigMapText({
    global: { proxy_init: { image: 'registry.example/init:7' }, proxy: { statusPort: 0, stats: { prometheusPort: 0 }, resources: { limits: { cpu: 2 }, requests: {} } } },
    renderInjector: { istioVersion: '1.0' },
  })));
  const plain = sidecar(inject('1.0', template, { containers: [{ name: 'app', ports: [80] }] }, { concurrency: 2 }));
  const proxy = plain.containers[0]!;
  t.equal(plain.initContainers[0]!.image, 'registry.example/init:7');
  t.same(argv(plain.initContainers[0]!.args).slice(-2), ['-d', ''], 'status port 0 is not excluded');
  t.equal(proxy.readinessProbe, undefined, 'no readiness probe without a status port');
  t.equal(proxy.ports, undefined);
  t.same(proxy.resources, { limits: { cpu: '2' }, requests: {} });
  t.equal(argv(proxy.args)[argv(proxy.args).indexOf('--concurrency') + 1], '2');
  const annotated = sidecar(
    inject('1.0', template, { containers: [], annotations: { 'sidecar.istio.io/proxyCPU': '300m', 'sidecar.istio.io/proxyMemory': '1Gi' } }),
  );
  t.same(annotated.containers[0]!.resources, { requests: { cpu: '300m', memory: '1Gi' } });
});

t.test('the 0.8 template uses only what the 0.8 injector knows', async (t) => {
  const { template } = injectorConfig(parse(renderConfigMapText({})));
  const actions = [...template.matchAll(/\[\[-?\s*(.*?)\s*-?\]\]/g)].map((m) => m[1]!);
  const words = new Set(actions.flatMap((a) => a.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/(?<![.\w])[a-z]\w*/g) ?? []));
  const known = new Set(['if', 'else', 'end', 'range', 'or', 'and', 'not', 'eq', 'ne', 'index', 'printf', 'isset', 'formatDuration']);
  t.same([...words].filter((w) => !known.has(w)), [], 'no 1.0 helpers in the 0.8 template');
});
