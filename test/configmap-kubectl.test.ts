// Kubernetes' own YAML tooling reads the rendered ConfigMap back unchanged (`kubectl kustomize`, offline), and
// hostile values survive all three layers: kubectl's parse, the injector's YAML read of data.config, and the
// injector's Go template execution, coming out as exactly the string given.
import t from 'tap';
import { parse } from 'yaml';
import { writeConfigMap } from '../lib/render/configmap.js';
import { settingsFrom } from './helpers/settings.js';
import { haveTool, inject, injectorConfig, kustomize, sidecar, argv } from './fixtures/configmap/harness.js';

const haveKubectl = haveTool('kubectl');
const haveGo = haveTool('go');

t.test('kubectl kustomize reads the ConfigMap back unchanged', { skip: !haveKubectl && 'kubectl is not installed' }, async (t) => {
  for (const flavour of ['0.8', '1.0']) {
    const text = writeConfigMap(settingsFrom({
      renderInjector: { istioVersion: flavour, namespace: 'mesh', labels: { team: 'net', 'example.com/tier': '1.0' } },
      global: {
        proxy_init: { image: 'registry.example/proxy_init:1' },
        proxy: { enableCoreDump: true, resources: { limits: { cpu: 1, memory: '1Gi' } }, includeIPRanges: '10.0.0.0/8,172.16.0.0/12', excludeIPRanges: '10.0.0.1/32' },
      },
    }));
    const ours = parse(text) as { metadata: { labels: Record<string, string> }; data: { config: string } };
    const theirs = parse(kustomize(text)) as typeof ours;
    t.same(theirs, ours, `${flavour}: same object`);
    t.equal(theirs.data.config, ours.data.config, `${flavour}: data.config byte-identical`);
    t.equal(theirs.metadata.labels['example.com/tier'], '1.0', `${flavour}: a label that looks like a number stays a string`);
  }
});

/** A test name in printable ASCII (TAP is line-based; U+2028 and friends would break its lines). */
const ascii = (s: string) => JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

/** Strings meant to break one layer or another. */
const hostile = [
  'a"b',
  "it's",
  'x]]y',
  '[[ .ObjectMeta.Name ]]',
  '[[',
  '{{ .Values.global.hub }}',
  'line1\nline2',
  'trailing newline\n',
  'a #b',
  '#start',
  'k: v',
  '-leading',
  '*star',
  '&anchor',
  '!tag',
  '|block',
  'back\\slash\\',
  '\\"',
  'tab\there',
  '`tick`',
  '%s %v %%',
  '  spaced  ',
  'ünïcödé 🚀',
  '\u2028sep\u2029',
  'del\u007fc1\u0085',
  'nul\u0000',
  'true',
  '0x1F',
  '',
];

t.test('hostile free-text values come out exactly as given', { skip: !(haveKubectl && haveGo) && 'kubectl or go is not installed' }, async (t) => {
  for (const flavour of ['0.8', '1.0']) {
    for (const s of hostile) {
      const label = `${flavour} ${ascii(s)}`;
      const text = writeConfigMap(settingsFrom({
        global: {
          hub: `${s}hub`,
          tag: `tag${s}`,
          proxy_init: { image: `init${s}` },
          proxy: { image: `proxy${s}`, envoyStatsd: { host: s }, resources: { requests: { cpu: s, memory: `m${s}` } } },
        },
        renderInjector: { istioVersion: flavour },
      }));
      const readBack = parse(kustomize(text));
      t.same(readBack, parse(text), `${label}: kubectl reads the same object`);
      const { template } = injectorConfig(readBack);
      const out = sidecar(inject(flavour, template, { containers: [{ name: 'app', ports: [80] }] }));
      const init = out.initContainers[0]!;
      const proxy = out.containers[0]!;
      t.equal(init.image, `${s}hub/init${s}:tag${s}`, `${label}: init image`);
      t.equal(proxy.image, `${s}hub/proxy${s}:tag${s}`, `${label}: proxy image`);
      t.same(proxy.resources, { requests: { cpu: s, memory: `m${s}` } }, `${label}: resources`);
      if (flavour === '0.8') {
        const args = argv(proxy.args);
        t.equal(args[args.indexOf('--statsdUdpAddress') + 1], `${s}:9125`, `${label}: statsd address`);
      }
    }
  }
});
