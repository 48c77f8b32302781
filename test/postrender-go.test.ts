// Executes the post-rendered injection templates with Go's text/template (test/go, the harness the ConfigMap
// tests use), as Istio's 0.8 and 1.0 injectors do, and reads the istio-init -i/-x arguments a pod gets: the
// patched defaults when the pod has no annotations, the pod's annotations when it has them.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { patchText as postRender } from './helpers/patch.js';
import { postRender as apiPostRender, resolveValues, wantedRanges } from '../lib/pipeline/index.js';
import { argv, haveTool, inject, injectIstiod, injectorConfig, sidecar, type Pod } from './fixtures/configmap/harness.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/postrender');
const streams = [
  { flavour: '0.8', text: readFileSync(join(fixtures, 'helm3-istio-0.8.yaml'), 'utf8') },
  { flavour: '1.0', text: readFileSync(join(fixtures, 'helm4-istio-1.0.yaml'), 'utf8') },
];
const pod: Pod = { containers: [{ name: 'app', ports: [9080] }], labels: { app: 'reviews' } };
const annotated: Pod = {
  ...pod,
  annotations: {
    'traffic.sidecar.istio.io/includeOutboundIPRanges': '192.0.2.0/24',
    'traffic.sidecar.istio.io/excludeOutboundIPRanges': '198.51.100.0/24',
  },
};

/** The values following -i and -x in the istio-init args that the injector produces for a pod. */
function rangesFor(flavour: string, stream: string, p: Pod): { i: string | undefined; x: string | undefined } {
  const cm = parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } })
    .find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'istio-sidecar-injector');
  const args = argv(sidecar(inject(flavour, injectorConfig(cm).template, p)).initContainers[0]?.args);
  return { i: args[args.indexOf('-i') + 1], x: args[args.indexOf('-x') + 1] };
}

t.test('the injector reads the patched ranges, and pod annotations still win', { skip: !haveTool('go') }, async (t) => {
  for (const { flavour, text } of streams) {
    t.same(rangesFor(flavour, text, pod), { i: '*', x: '' }, `${flavour}: the fixture's own defaults`);
    for (const ranges of [
      { includeIPRanges: '10.0.0.0/8,172.30.0.0/16,fd00::/8', excludeIPRanges: '10.96.0.1/32' },
      { includeIPRanges: '', excludeIPRanges: '*' },
      { includeIPRanges: '0.0.0.0/0' },
    ]) {
      const out = postRender(text, ranges).output;
      t.same(rangesFor(flavour, out, pod), { i: ranges.includeIPRanges, x: ranges.excludeIPRanges ?? '' }, `${flavour}: ${JSON.stringify(ranges)}`);
      t.same(rangesFor(flavour, out, annotated), { i: '192.0.2.0/24', x: '198.51.100.0/24' }, `${flavour}: annotations win`);
    }
  }
});

t.test('the post-renderer writes the merged include and exclude lists apart, so an annotation replaces only its own', { skip: !haveTool('go') }, async (t) => {
  // Istio's chart with these values gives -i 10.4.0.0/14 -x 10.4.1.0/24, and a pod annotation replaces one of them.
  const resolved = resolveValues({ set: ['global.proxy.includeIPRanges=10.4.0.0/15\\,10.6.0.0/15', 'global.proxy.excludeIPRanges=10.4.1.0/24'] });
  const only = (key: string, value: string): Pod => ({ ...pod, annotations: { [`traffic.sidecar.istio.io/${key}`]: value } });
  for (const { flavour, text } of streams) {
    const { include, exclude } = wantedRanges(resolved).template;
    const out = postRender(text, { includeIPRanges: include.value, excludeIPRanges: exclude!.value }).output;
    t.same(rangesFor(flavour, out, pod), { i: '10.4.0.0/14', x: '10.4.1.0/24' }, `${flavour}: the merged include list and the exclude list, not their difference`);
    t.same(rangesFor(flavour, out, only('excludeOutboundIPRanges', '203.0.113.0/24')), { i: '10.4.0.0/14', x: '203.0.113.0/24' }, `${flavour}: a pod exclude replaces the global exclude`);
    t.same(rangesFor(flavour, out, only('includeOutboundIPRanges', '192.0.2.0/24')), { i: '192.0.2.0/24', x: '10.4.1.0/24' }, `${flavour}: a pod include keeps the global exclude`);
    t.equal(apiPostRender(text, resolved).output, out, `${flavour}: the API's postRender writes the same`);
  }
});

// Today's shape (Istio 1.20 on): the template stays as it is and reads .Values.global.proxy.*; the post-renderer
// changes only the data.values JSON. Execute the template's own range expressions over the patched JSON.
const istiodFixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/istiod');

/** The injector's reading of a values-shape ConfigMap: data.config's sidecar template and data.values. */
function istiodParts(stream: string): { template: string; values: string } {
  const cm = parseAllDocuments(stream)
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; data?: { config: string; values: string } })
    .find((d) => d?.kind === 'ConfigMap' && d.metadata?.name === 'istio-sidecar-injector');
  const config = parse(cm!.data!.config) as { templates: { sidecar: string } };
  // The lines of the sidecar template that read the ranges: the istio-init -i/-x arguments and the annotations.
  const lines = config.templates.sidecar.split('\n').filter((l) => /annotation \.ObjectMeta `traffic\.sidecar\.istio\.io\/(in|ex)cludeOutboundIPRanges` \.Values\.global\.proxy\./.test(l));
  return { template: `${lines.join('\n')}\n`, values: cm!.data!.values };
}

t.test('istiod shape: the template expressions read the patched values JSON, and pod annotations still win', { skip: !haveTool('go') }, async (t) => {
  const expected = (i: string, x: string) =>
    [
      i === '' ? '' : `traffic.sidecar.istio.io/includeOutboundIPRanges: "${i}",`,
      x === '' ? '' : `traffic.sidecar.istio.io/excludeOutboundIPRanges: "${x}",`,
      `- "${i}"`,
      `- "${x}"`,
    ];
  const run = (stream: string, p: Pod) => {
    const { template, values } = istiodParts(stream);
    return injectIstiod(template, values, p).split('\n').map((l) => l.trim()).filter((_l, k, all) => k < all.length - 1);
  };
  for (const [file, before] of [
    ['istiod-1.28-kubectl-get.yaml', { i: '*', x: '' }],
    ['istiod-1.24-exclude-dualstack.yaml', { i: '10.0.0.0/8,fd00:10::/56', x: '10.96.0.1/32,fd00:10:96::1/128' }],
  ] as const) {
    const text = readFileSync(join(istiodFixtures, file), 'utf8');
    t.same(run(text, pod), expected(before.i, before.x), `${file}: the fixture's own values`);
    const ranges = { includeIPRanges: '10.0.0.0/8', excludeIPRanges: '' };
    const values = { includeIPRanges: '10.0.0.0/8,172.30.0.0/16,fd00::/8', excludeIPRanges: '10.96.0.1/32,fd00:10:96::1/128' };
    const out = postRender(text, { ...ranges, values }).output;
    t.same(run(out, pod), expected(values.includeIPRanges, values.excludeIPRanges), `${file}: the patched values, both families`);
    t.same(run(out, annotated), expected('192.0.2.0/24', '198.51.100.0/24'), `${file}: the pod annotations win`);
    const emptyAnnotation: Pod = { ...pod, annotations: { 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '' } };
    t.same(run(out, emptyAnnotation), expected(values.includeIPRanges, ''), `${file}: an empty exclude annotation replaces the exclude, the include stays`);
    const keepExclude = postRender(text, { includeIPRanges: '', values: { includeIPRanges: '203.0.113.0/24' } }).output;
    t.same(run(keepExclude, pod), expected('203.0.113.0/24', before.x), `${file}: without an exclude, the install's exclude stays`);
  }
});
