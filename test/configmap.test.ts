// The ConfigMap writer's own checks: values only the ConfigMap reads that cannot be rendered safely fail with
// E_RENDER naming the key path (ranges and port lists are the settings boundary's, see settings.test.ts); the escape functions' contracts; and golden files for named scenarios (UPDATE_GOLDEN=1 rewrites them).
import t from 'tap';
import { matchGolden } from './helpers/golden.js';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { RenderInjectorError } from '../lib/errors.js';
import { writeConfigMap } from '../lib/render/configmap.js';
import { settingsFrom, type GivenRanges } from './helpers/settings.js';
import {
  goQuotedArgument,
  goStringLiteral,
  goYamlArgument,
  injectedQuoted,
  injectedScalar,
  isPlainSafe,
  yamlDoubleQuoted,
  yamlDoubleQuotedBody,
  yamlScalar,
} from '../lib/quote/configmap.js';
import { escapeHelpers, template } from '../lib/render/templates.js';

const golden = join(dirname(fileURLToPath(import.meta.url)), 'golden/configmap');

t.test('values that cannot be rendered safely fail with E_RENDER and the key path', async (t) => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['namespace with a colon', { renderInjector: { namespace: 'a: b' } }, 'renderInjector.namespace'],
    ['namespace uppercase', { renderInjector: { namespace: 'Istio' } }, 'renderInjector.namespace'],
    ['release name with a newline', { renderInjector: { releaseName: 'r\nx: y' } }, 'renderInjector.releaseName'],
    ['chart version with a space', { renderInjector: { chartVersion: '1.0 #x' } }, 'renderInjector.chartVersion'],
    ['label value with a quote', { renderInjector: { labels: { team: 'a"b' } } }, 'renderInjector.labels.team'],
    ['label key with a space', { renderInjector: { labels: { 'a b': 'x' } } }, 'renderInjector.labels.a b'],
    ['label key with a bad prefix', { renderInjector: { labels: { 'Example.com/x': 'x' } } }, 'renderInjector.labels.Example.com/x'],
    ['resource name with Go delimiters', { global: { proxy: { resources: { limits: { '[[cpu]]': '1' } } } } }, 'global.proxy.resources.limits.[[cpu]]'],
    ['unpaired surrogate in the hub', { global: { hub: 'a\uD800b' } }, 'global.hub'],
    ['unpaired low surrogate in the tag', { global: { tag: '\uDC00' } }, 'global.tag'],
    ['prometheus port not a number', { global: { proxy: { stats: { prometheusPort: '15090' } } } }, 'global.proxy.stats.prometheusPort'],
    ['readiness period zero', { global: { proxy: { readinessPeriodSeconds: 0 } } }, 'global.proxy.readinessPeriodSeconds'],
  ];
  for (const [name, partial, path] of cases) {
    for (const flavour of ['0.8', '1.0']) {
      const settings = settingsFrom({ ...partial, renderInjector: { ...(partial.renderInjector as object), istioVersion: flavour } });
      let error: unknown;
      try {
        writeConfigMap(settings);
      } catch (e) {
        error = e;
      }
      t.type(error, RenderInjectorError, `${flavour} ${name}: a RenderInjectorError`);
      const e = error as RenderInjectorError;
      t.equal(e.code, 'E_RENDER', `${flavour} ${name}: code`);
      t.equal(e.place.path, path, `${flavour} ${name}: names ${path}`);
      t.ok(e.hint, `${flavour} ${name}: has a hint`);
      t.notMatch(e.toLine(), /[\r\n]/, `${flavour} ${name}: one line`);
    }
  }
});

t.test('accepted forms of ranges, ports, labels and resources', async (t) => {
  const v = settingsFrom({
    global: {
      proxy: {
        includeIPRanges: ['192.0.2.0/24', '2001:db8:1:2:3:4:5:0/112', '10.0.0.0/8'],
        excludeIPRanges: [],
        excludeInboundPorts: [8080, '9090'],
        resources: { requests: { cpu: 0.5, 'example.com/gpu': 1 } },
      },
    },
    renderInjector: { chartVersion: '1.0.0+build', labels: { 'example.com/owner': 'net', empty: '' } },
  });
  const cm = parse(writeConfigMap(v)) as { metadata: { labels: Record<string, string> }; data: { config: string } };
  t.equal(cm.metadata.labels.chart, 'istio-1.0.0_build', 'chart label: "+" becomes "_" as in the chart');
  t.equal(cm.metadata.labels['example.com/owner'], 'net');
  t.equal(cm.metadata.labels.empty, '');
  t.match(cm.data.config, '- "10.0.0.0/8,192.0.2.0/24"', 'a YAML list of ranges: merged, canonical order, IPv4 only');
  t.match(cm.data.config, '- "8080,9090"');
  t.match(cm.data.config, /\n {8}cpu: "0\.5"\n {8}example\.com\/gpu: "1"\n/, 'quantities quoted, names sorted as toYaml does');
  // (a user's `limits: null` reaches the settings as an empty section: the values stage renders a null as empty)
  const odd = writeConfigMap(settingsFrom({ global: { proxy_init: { image: 'mirror/proxy_init' }, proxy: { resources: { limits: {} } } } }));
  t.match(odd, 'image: docker.io/istio/mirror/proxy_init:0.8.latest', '0.8 always prefixes hub and tag, even for a name with "/"');
  t.match(odd, /\n {10}limits: \{\}\n/, 'an empty resource section stays an empty mapping');
  const whole = writeConfigMap(settingsFrom({ global: { proxy_init: { image: 'mirror/proxy_init:1' } }, renderInjector: { istioVersion: '1.0' } }));
  t.match(whole, 'image: "mirror/proxy_init:1"', '1.0 takes a name with "/" as the whole image reference');
  const replaced = parse(writeConfigMap(settingsFrom({ renderInjector: { labels: { app: 'mine' } } }))) as typeof cm;
  t.equal(replaced.metadata.labels.app, 'mine', 'a user label replaces the chart label of the same key');
});

t.test('escape functions', async (t) => {
  t.equal(isPlainSafe('docker.io/istio/proxyv2:0.8.latest'), true);
  for (const s of ['0.8', 'true', 'yes', 'y', 'null', '~', '1:20', '0x1F', '-a', 'a b', 'a:', 'a#b', '[x', '', '.inf']) {
    t.equal(isPlainSafe(s), false, `${JSON.stringify(s)} is not plain-safe`);
  }
  t.equal(yamlDoubleQuotedBody('a"b\\c\n\u00e9\u{1F680}'), 'a\\"b\\\\c\\u000A\\u00E9\\U0001F680');
  t.equal(yamlDoubleQuoted('#'), '"#"');
  t.equal(yamlScalar('istio-system'), 'istio-system');
  t.equal(yamlScalar('on'), '"on"');
  t.equal(goStringLiteral('a"\\\u00e9\u{1F680}\n'), '"a\\"\\\\\\u00e9\\U0001f680\\u000a"');
  t.equal(injectedQuoted('10.0.0.0/8'), '"10.0.0.0/8"');
  t.equal(injectedQuoted('a[[b'), '[[ "\\"a[[b\\"" ]]');
  t.equal(injectedScalar('hub/img:1'), 'hub/img:1');
  t.equal(injectedScalar('*'), '"*"');
  t.equal(goYamlArgument('a: b'), '"\\"a: b\\""');
  t.equal(goYamlArgument('hub/img:1'), '"hub/img:1"');
  t.equal(goQuotedArgument('a"b'), '"a\\\\\\"b"');
  for (const f of [yamlDoubleQuotedBody, goStringLiteral]) t.throws(() => f('\uD800'), TypeError, `${f.name} refuses a lone surrogate`);
  for (const [name, helper] of Object.entries(escapeHelpers)) {
    t.throws(() => (helper as (v: unknown) => string)(5), /internal: escape helper given number/, `${name} takes strings only`);
    t.type((helper as (v: unknown) => string)('x'), 'string');
  }
  const out = [yamlScalar, injectedQuoted, injectedScalar, goYamlArgument, goQuotedArgument].map((f) => f('a\n\u2028\u0085"[[\t'));
  for (const s of out) t.match(s, /^[\x20-\x7e]*$/, 'printable ASCII only, no line break');
});

t.test('only precompiled templates exist', async (t) => {
  t.throws(() => template('configmap/9.9'), /internal: no precompiled template named configmap\/9\.9/);
});

const scenarios: Record<string, { values: Record<string, unknown>; ranges?: GivenRanges }> = {
  '0.8-defaults': { values: {} },
  '0.8-minikube': {
    values: { renderInjector: { namespace: 'istio-system' } },
    ranges: { includeIPRanges: '10.0.0.0/12,10.96.0.0/12', excludeIPRanges: '' },
  },
  '0.8-core-dump-no-statsd-no-resources': {
    values: { global: { proxy: { enableCoreDump: true, envoyStatsd: { enabled: false }, resources: {} } }, renderInjector: { proxyUid: 2000 } },
  },
  '0.8-hostile-hub': { values: { global: { hub: 'evil"]]\n[[ {{ #x: -y', tag: '1.0' } } },
  '1.0-defaults': { values: { renderInjector: { istioVersion: '1.0' }, global: { tag: '1.0.0' } } },
  '1.0-gke': {
    values: { renderInjector: { istioVersion: '1.0', releaseName: 'mesh', labels: { env: 'prod' } }, global: { proxy: { excludeInboundPorts: '8081' } } },
    ranges: { includeIPRanges: '10.4.0.0/14,10.7.240.0/20', excludeIPRanges: '10.4.0.1/32' },
  },
  '1.0-core-dump-no-resources': {
    values: { renderInjector: { istioVersion: '1.0' }, global: { proxy: { enableCoreDump: true, resources: {} } } },
  },
  '1.0-hostile-images': { values: { renderInjector: { istioVersion: '1.0' }, global: { hub: "it's [[ a ]]", proxy: { image: 'x: y' } } } },
};

t.test('golden files', async (t) => {
  for (const [name, s] of Object.entries(scenarios)) {
    matchGolden(t, join(golden, `${name}.yaml`), writeConfigMap(settingsFrom(s.values, s.ranges)), name);
  }
});
