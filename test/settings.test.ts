// The settings boundary (lib/values/settings.ts): the one place a value from the user is checked. Each bad value
// gets one error code, whichever artefact is asked for, placed by its origin the same way; a range goes from
// --include to the ConfigMap and the rules in one shape; a Settings cannot be made around the boundary.
import t from 'tap';
import { parse } from 'yaml';
import {
  computeRanges,
  planInterception,
  postRender,
  renderConfigMap,
  renderIptables,
  renderValuesOverlay,
  resolveValues,
  wantedRanges,
  type InjectorOptions,
  type Resolution,
} from '../lib/index.js';
import { initializeSettings, type Settings } from '../lib/values/settings.js';
import { caught } from './helpers/caught.js';

const set = (expression: string): InjectorOptions => ({ set: [expression] });

/** Every public function that reads the ranges, each asked for its artefact. */
const artefacts: [string, (o: InjectorOptions) => unknown][] = [
  ['resolveValues', (o) => resolveValues(o)],
  ['computeRanges', (o) => computeRanges(o)],
  ['renderConfigMap', (o) => renderConfigMap(o)],
  ['planInterception', (o) => planInterception(o)],
  ['renderIptables', (o) => renderIptables(o)],
  ['postRender', (o) => postRender('kind: Service\n', o)],
  ['renderValuesOverlay', (o) => renderValuesOverlay(o, { format: 'helm-values' })],
  ['wantedRanges', (o) => wantedRanges(o)],
];

t.test('a bad range gets one code and one place, whichever artefact is asked for', async (t) => {
  const cases: [string, string, 'E_CIDR' | 'E_RANGE_LIST'][] = [
    ['a quote', '10.0.0.0/8"', 'E_CIDR'],
    ['Go delimiters', '[[ .X ]]', 'E_CIDR'],
    ['a leading zero octet', '010.0.0.0/8', 'E_CIDR'],
    ['a leading zero prefix', '10.0.0.0/08', 'E_CIDR'],
    ['an IPv4 prefix too long', '10.0.0.0/33', 'E_CIDR'],
    ['two slashes', '10.0.0.0/8/8', 'E_CIDR'],
    ['an IPv6 prefix too long', '::/129', 'E_CIDR'],
    ['"*" beside a range', '*;10.0.0.0/8', 'E_RANGE_LIST'],
    ['an empty item', '10.0.0.0/8;', 'E_RANGE_LIST'],
  ];
  for (const [name, value, code] of cases) {
    for (const key of ['includeIPRanges', 'excludeIPRanges']) {
      // --set splits on commas; ";" stands for an escaped one here
      const expression = `global.proxy.${key}=${value.replace(/;/g, '\\,')}`;
      for (const [fn, run] of artefacts) {
        const e = caught(() => run(set(expression)));
        t.equal(e.code, code, `${name} in ${key}, ${fn}: ${code}`);
        t.same(e.place, { file: '--set', path: `global.proxy.${key}` }, `${name} in ${key}, ${fn}: placed by its origin`);
      }
    }
  }
  const file = { name: 'v.yaml', text: 'global:\n  proxy:\n    includeIPRanges: 10.0.0.0/33\n' };
  for (const [fn, run] of artefacts) {
    t.same(caught(() => run({ values: [file] })).place, { file: 'v.yaml', line: 3, path: 'global.proxy.includeIPRanges' }, `${fn}: a file value is placed at its line`);
    t.same(caught(() => run({ include: ['10.0.0.0/33'] })).place, { file: '--include' }, `${fn}: an --include is placed at the option`);
  }
});

t.test('a bad port list or number gets E_VALUES, whichever artefact reads it', async (t) => {
  const cases: [string, string][] = [
    ['port with text', 'global.proxy.excludeInboundPorts=80\\,x'],
    ['port zero', 'global.proxy.excludeInboundPorts=0'],
    ['port too big', 'global.proxy.includeInboundPorts=65536'],
    ['"*" as an excluded port list', 'global.proxy.excludeInboundPorts=*'],
    ['proxy port zero', 'renderInjector.proxyPort=0'],
    ['uid not an integer', 'renderInjector.proxyUid=1.5'],
  ];
  const readers: [string, (o: InjectorOptions) => unknown][] = [
    ['renderConfigMap', (o) => renderConfigMap(o)],
    ['planInterception', (o) => planInterception(o)],
    ['renderIptables', (o) => renderIptables(o, { format: 'nft' })],
  ];
  for (const [name, expression] of cases) {
    const path = expression.slice(0, expression.indexOf('='));
    for (const [fn, run] of readers) {
      const e = caught(() => run(set(expression)));
      t.equal(e.code, 'E_VALUES', `${name}, ${fn}`);
      t.same(e.place, { file: '--set', path }, `${name}, ${fn}: placed by its origin`);
    }
  }
});

t.test('a range the CIDR engine can read is canonical everywhere it goes, with one warning', async (t) => {
  const r = resolveValues({ include: ['10.0.0.1/8,2001:DB8::/32,192.0.2.7'] });
  t.same(r.warnings.map((w) => w.code), ['W_HOST_BITS', 'W_IPV6_RANGES']);
  const config = (parse(renderConfigMap(r)) as { data: { config: string } }).data.config;
  t.match(config, '- "10.0.0.0/8,192.0.2.7/32"', 'the ConfigMap: canonical, IPv4');
  const nft = renderIptables(r, { format: 'nft' });
  t.match(nft, 'elements = { 10.0.0.0/8, 192.0.2.7/32 }', 'the IPv4 rules: the same ranges');
  t.match(nft, 'elements = { 2001:db8::/32 }', 'the IPv6 rules: RFC 5952');
});

t.test('a range goes from --include to the ConfigMap and the rules in one shape; the values keep what they said', async (t) => {
  const r = resolveValues({ provider: 'minikube', include: ['198.51.100.0/24'], exclude: ['10.96.0.0/24'] });
  t.equal(r.values.global.proxy.includeIPRanges, '*', 'no computed list is written back into the values');
  t.equal(r.values.global.proxy.excludeIPRanges, '');
  t.same(r.ranges.included.map((x) => [x.cidr, x.sources]), [
    ['10.96.0.0/12', ['minikube default (kubeadm --service-cluster-ip-range)']],
    ['10.244.0.0/16', ['minikube default (kubeadm --pod-network-cidr)']],
    ['198.51.100.0/24', ['--include']],
  ]);
  const config = (parse(renderConfigMap(r)) as { data: { config: string } }).data.config;
  t.match(config, '- "10.96.0.0/12,10.244.0.0/16,198.51.100.0/24"');
  t.match(config, '- "10.96.0.0/24"');
  const plan = planInterception(r);
  const sets = plan.families[0]!.rules.flatMap((rule) => rule.matches.flatMap((m) => (m.kind === 'destination' && m.set ? [[m.set, m.cidrs]] : [])));
  t.same(sets, [
    ['exclude4', ['10.96.0.0/24']],
    // 10.96.0.0/12 without its first /24, then the pod range and --include's
    ['include4', ['10.96.1.0/24', '10.96.2.0/23', '10.96.4.0/22', '10.96.8.0/21', '10.96.16.0/20', '10.96.32.0/19', '10.96.64.0/18', '10.96.128.0/17', '10.97.0.0/16', '10.98.0.0/15', '10.100.0.0/14', '10.104.0.0/13', '10.244.0.0/16', '198.51.100.0/24']],
  ]);
  const valuesFirst = resolveValues({ provider: 'minikube', set: ['global.proxy.includeIPRanges=192.0.2.0/24'] });
  t.same(valuesFirst.ranges.included.map((x) => [x.cidr, x.sources]), [['192.0.2.0/24', ['--set global.proxy.includeIPRanges=192.0.2.0/24 (global.proxy.includeIPRanges)']]], 'a value set after the provider replaces its ranges, as a later layer does');
});

t.test('a resolution a caller built goes through the same boundary', async (t) => {
  const good = resolveValues({ include: ['192.0.2.0/24'] });
  const copy: Resolution = { ...good };
  t.equal(renderConfigMap(copy), renderConfigMap(good), 'a copy of a good resolution renders the same');
  const badRange: Resolution = { ...good, ranges: { ...good.ranges, ipv4: ['192.0.2.1/24'] } };
  for (const [fn, run] of [
    ['renderConfigMap', () => renderConfigMap(badRange)],
    ['planInterception', () => planInterception(badRange)],
    ['postRender', () => postRender('kind: Service\n', badRange)],
  ] as const) {
    const e = caught(run);
    t.equal(e.code, 'E_CIDR', `${fn}: a hand-made range that is not canonical`);
    t.same(e.place, { path: 'global.proxy.includeIPRanges' }, `${fn}: named by its key`);
  }
  const notText: Resolution = { ...good, ranges: { ...good.ranges, include: { ipv4: [42 as unknown as string], ipv6: [] } } };
  t.match(caught(() => renderConfigMap(notText)), { code: 'E_CIDR', message: '42 is not a canonical IPv4 CIDR' });
  const badValue = { ...good, values: { ...good.values, renderInjector: { ...good.values.renderInjector, proxyPort: 0 } } };
  t.equal(caught(() => planInterception(badValue)).code, 'E_VALUES', 'a hand-made value out of range');
  const badFamily: Resolution = { ...good, ranges: { ...good.ranges, exclude: { ipv4: [], ipv6: ['192.0.2.0/24'] } } };
  t.match(caught(() => renderIptables(badFamily)), { code: 'E_CIDR', message: /not a canonical IPv6 CIDR/, place: { path: 'global.proxy.excludeIPRanges' } });
});

t.test('Settings come only from initializeSettings', async (t) => {
  const r = resolveValues();
  // @ts-expect-error a plain object with the same fields is not Settings: the brand is the boundary's alone
  const forged: Settings = { values: r.values, origins: r.origins, version: '0.8', ranges: r.ranges, includeGiven: false, excludeGiven: false, capture: {} };
  t.ok(forged, 'the line above must not type-check (npm test type-checks test/)');
  const made: Settings = initializeSettings(r, 'caller');
  t.same(made.capture.inboundPorts, '*');
  t.same(made.capture.inboundExcluded, []);
  t.equal(made.capture.proxyPort, 15001);
  t.equal(made.ranges, r.ranges, 'the ranges are the resolution\'s own, not a copy in another shape');
});
