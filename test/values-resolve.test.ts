import t from 'tap';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { RenderInjectorError } from '../lib/errors.js';
import {
  ValuesSchema,
  assertSafeTree,
  coalesceDefaults,
  defaultValues,
  describeSchema,
  findOrigin,
  formatPath,
  layOver,
  originsOf,
  nearMissWarnings,
  parentPath,
  layerValues,
  validateValues,
  isMap,
  pointerToPath,
  valuesSchema,
  parseValuesYaml,
  type Origin,
} from '../lib/values/index.js';
import { caught } from './helpers/caught.js';

const fixture = (name: string) => ({ name, text: readFileSync(new URL(`fixtures/values/${name}`, import.meta.url), 'utf8') });


t.test('defaults per flavour', async (t) => {
  const v08 = layerValues().values;
  t.same(v08, defaultValues('0.8'));
  t.equal(v08.global.hub, 'docker.io/istio');
  t.equal(v08.global.tag, '0.8.latest');
  t.equal(v08.global.proxy.includeIPRanges, '*');
  t.equal(v08.global.proxy.excludeIPRanges, '');
  t.same(v08.global.proxy.resources, { requests: { cpu: '100m', memory: '128Mi' } });
  t.equal(v08.renderInjector.istioVersion, '0.8');
  t.equal(v08.renderInjector.proxyPort, 15001);
  const v10 = layerValues({ istioVersion: '1.0' });
  t.equal(v10.values.global.hub, 'gcr.io/istio-release');
  t.equal(v10.values.global.tag, 'release-1.0-latest-daily');
  t.same(v10.values.global.proxy.resources, { requests: { cpu: '10m' } });
  t.equal(v10.values.global.proxy.envoyStatsd.enabled, false);
  t.same(v10.origins.get('renderInjector.istioVersion'), { kind: 'option', label: '--istio-version' });
  t.same(v10.origins.get('global.hub'), { kind: 'default', label: 'chart defaults (Istio 1.0)' });
  t.equal(caught(() => defaultValues('2.0' as '1.0')).code, 'E_VALUES');
  t.equal(caught(() => layerValues({ istioVersion: '1.1' as '1.0' })).code, 'E_VALUES');
});

t.test('the flavour: the option wins over the values, which win over 0.8', async (t) => {
  t.equal(layerValues({ files: [fixture('gke.json')] }).values.global.hub, 'gcr.io/istio-release');
  const r = layerValues({ istioVersion: '0.8', files: [fixture('gke.json')] });
  t.equal(r.values.renderInjector.istioVersion, '0.8');
  t.equal(r.values.global.hub, 'docker.io/istio');
  t.equal(layerValues({ set: ['renderInjector.istioVersion=1.0'] }).values.global.tag, 'release-1.0-latest-daily');
});

t.test('layering order: defaults < layers < files in order < --set < --set-string, with origins', async (t) => {
  const r = layerValues({
    layers: [
      {
        name: 'provider gke',
        values: { global: { proxy: { includeIPRanges: '10.4.0.0/14', excludeIPRanges: '1.1.1.1/32' }, hub: 'layer.io' } },
        origin: { kind: 'provider', label: 'provider gke' },
      },
    ],
    files: [
      { name: 'one.yaml', text: 'global:\n  hub: one.io\n  tag: one\n  proxy:\n    excludeIPRanges: 2.2.2.2/32\n' },
      { name: 'two.yaml', text: '# second\nglobal:\n  tag: two\n' },
    ],
    set: ['global.tag=three,renderInjector.proxyUid=1000', 'renderInjector.proxyGid=1000'],
    setString: ['global.tag=4'],
  });
  const v = r.values;
  t.equal(v.global.proxy.includeIPRanges, '10.4.0.0/14');
  t.equal(v.global.proxy.excludeIPRanges, '2.2.2.2/32');
  t.equal(v.global.hub, 'one.io');
  t.equal(v.global.tag, '4');
  t.equal(v.renderInjector.proxyUid, 1000);
  const o = (p: string) => r.origins.get(p);
  t.same(o('global.proxy.includeIPRanges'), { kind: 'provider', label: 'provider gke' });
  t.same(o('global.proxy.excludeIPRanges'), { kind: 'file', label: 'one.yaml', file: 'one.yaml', line: 5 });
  t.same(o('global.hub'), { kind: 'file', label: 'one.yaml', file: 'one.yaml', line: 2 });
  t.same(o('global.tag'), { kind: 'set', label: '--set-string global.tag=4' });
  t.same(o('renderInjector.proxyUid'), { kind: 'set', label: '--set renderInjector.proxyUid=1000' });
  t.same(o('renderInjector.proxyGid'), { kind: 'set', label: '--set renderInjector.proxyGid=1000' });
  t.same(o('global.proxy.policy'), { kind: 'default', label: 'chart defaults (Istio 0.8)' });
  t.equal(o('global.proxy'), undefined, 'only paths ending at a scalar or list');
});

t.test('a single inbound port given as a number is the port list of that port', async (t) => {
  const r = layerValues({ set: ['global.proxy.excludeInboundPorts=9090'], files: [{ name: 'p.yaml', text: 'global:\n  proxy:\n    includeInboundPorts: 8080\n' }] });
  t.equal(r.values.global.proxy.excludeInboundPorts, '9090');
  t.equal(r.values.global.proxy.includeInboundPorts, '8080');
  t.throws(() => layerValues({ set: ['global.proxy.excludeInboundPorts=true'] }), { code: 'E_VALUES' });
  t.match(caught(() => layerValues({ set: ['global.tag=1'] })).hint, /use --set-string to keep it text/);
  t.match(caught(() => layerValues({ files: [{ name: 't.yaml', text: 'global:\n  tag: 1\n' }] })).hint, /quote it in YAML/);
});

t.test('proxyGid follows proxyUid unless it is set itself', async (t) => {
  t.equal(layerValues({}).values.renderInjector.proxyGid, 1337);
  const uid = layerValues({ set: ['renderInjector.proxyUid=2000'] });
  t.equal(uid.values.renderInjector.proxyGid, 2000);
  t.same(uid.origins.get('renderInjector.proxyGid'), { kind: 'set', label: '--set renderInjector.proxyUid=2000' });
  t.equal(layerValues({ set: ['renderInjector.proxyUid=2000', 'renderInjector.proxyGid=3000'] }).values.renderInjector.proxyGid, 3000);
  const map = caught(() => layerValues({ set: ['renderInjector.proxyUid.x=1'] }));
  t.match(map.message, /^invalid value \{"x":1\} for renderInjector\.proxyUid \(from --set renderInjector\.proxyUid\.x=1\)/, 'a map is no uid for the gid to follow');
});

t.test('null on a chart key: Helm deletes it and the chart renders it empty', async (t) => {
  const r = layerValues({
    files: [{ name: 'n.yaml', text: 'global:\n  proxy:\n    resources: null\n    includeIPRanges: ~\n    enableCoreDump: null\n  unknown: null\n' }],
    set: ['global.proxy.statusPort=null', 'renderInjector.proxyPort=null'],
  });
  t.same(r.values.global.proxy.resources, {}, 'a map: no block');
  t.equal(r.values.global.proxy.includeIPRanges, '', 'text: empty, so nothing is captured');
  t.equal(r.values.global.proxy.enableCoreDump, false, 'a flag: false');
  t.notOk('unknown' in r.values.global, 'a key the model does not have stays deleted');
  t.same(r.origins.get('global.proxy.includeIPRanges'), { kind: 'file', label: 'n.yaml', file: 'n.yaml', line: 4 });
  t.equal(r.values.global.proxy.statusPort, 15020, 'a number keeps its default');
  t.same(r.warnings.map((w) => [w.code, w.place]), [['W_NULL_NUMBER', { file: '--set', path: 'global.proxy.statusPort' }]]);
  t.equal(r.values.renderInjector.proxyPort, 15001, "render-injector's own settings are not chart values: null means the default");
  const fromFile = layerValues({ files: [{ name: 'p.yaml', text: 'global:\n  proxy:\n    statusPort: null\n' }] });
  t.same(fromFile.warnings[0]?.place, { file: 'p.yaml', line: 3, path: 'global.proxy.statusPort' });
  const fromLayer = layerValues({ layers: [{ name: 'L', values: { global: { proxy: { statusPort: null } } }, origin: { kind: 'file', label: 'layer.yaml' } }] });
  t.same(fromLayer.warnings[0]?.place, { file: 'layer.yaml', path: 'global.proxy.statusPort' }, 'a file origin without a line');
});

t.test('Helm merge semantics: maps merge, lists replace, null deletes', async (t) => {
  const r = layerValues({
    files: [
      { name: 'a.yaml', text: 'global:\n  proxy:\n    excludeIPRanges: [10.0.0.1/32, 10.0.0.2/32]\n    resources:\n      limits: {cpu: 1}\nextra:\n  keep: 1\n  drop: 2\n  list: [1, 2, 3]\n' },
      { name: 'b.yaml', text: 'global:\n  proxy:\n    excludeIPRanges: [10.0.0.3/32]\nextra:\n  drop: null\n  list: [9]\n' },
    ],
    set: ['global.tag=null'],
  });
  t.same(r.values.global.proxy.excludeIPRanges, ['10.0.0.3/32'], 'a later list replaces, never merges by index');
  t.same(r.values.global.proxy.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1 } }, 'maps merge');
  t.same((r.values as Record<string, unknown>).extra, { keep: 1, list: [9] });
  t.equal(r.values.global.tag, '', 'a null chart key is deleted, as Helm does, and the chart renders it empty');
  t.same(r.origins.get('global.tag'), { kind: 'set', label: '--set global.tag=null' });
  t.same(r.origins.get('global.proxy.excludeIPRanges'), { kind: 'file', label: 'b.yaml', file: 'b.yaml', line: 3 });
  t.same(r.origins.get('extra.list'), { kind: 'file', label: 'b.yaml', file: 'b.yaml', line: 6 });
  const target = { a: { b: 1, l: [1, 2] }, s: 'x' };
  layOver(target, { a: { l: [3] }, s: { m: 1 } }, new Map(), { kind: 'set', label: '--set' });
  t.same(target, { a: { b: 1, l: [3] }, s: { m: 1 } });
  const set: Origin = { kind: 'set', label: '--set' };
  const sources = new Map<string, Origin>([['tag', set], ['x', set], ['m', set], ['n', set]]);
  const coalesced = coalesceDefaults({ hub: 'h', tag: 't', m: { a: 1 } }, { tag: null, x: null, m: { b: 2 }, n: { c: null } }, sources, { kind: 'default', label: 'd' });
  t.same(coalesced.values, { hub: 'h', m: { a: 1, b: 2 }, n: {} });
  t.same(coalesced.nulls.map((n) => n.path), [['tag'], ['x'], ['n', 'c']]);
  // Sources: recorded where a value is put, forgotten below a map that is replaced, resolved per leaf at the end.
  const one: Origin = { kind: 'file', label: 'one.yaml' };
  const two: Origin = { kind: 'file', label: 'two.yaml' };
  const laid: Record<string, unknown> = {};
  const recorded = new Map<string, Origin>();
  layOver(laid, { m: { a: 1, deep: { b: 2 } }, k: 1 }, recorded, one);
  layOver(laid, { m: { c: 3 } }, recorded, two);
  t.same([...recorded.keys()], ['m', 'k', 'm.c']);
  layOver(laid, { m: { deep: 'flat' } }, recorded, two);
  layOver(laid, { m: 'replaced' }, recorded, one);
  t.same([...recorded.keys()], ['m', 'k'], 'what was recorded below a replaced map is forgotten');
  const fallback: Origin = { kind: 'default', label: 'd' };
  const resolved = originsOf({ m: { x: 1 }, k: 1, none: [1] }, new Map([['m', two]]), fallback);
  t.same([...resolved], [['m.x', two], ['k', fallback], ['none', fallback]], 'a value without a source has the fallback');
  const overMap = layerValues({ files: [{ name: 'm.yaml', text: 'extra:\n  m:\n    a: 1\n' }], set: ['extra.m=x', 'extra.m.b=2'] });
  t.same((overMap.values as Record<string, unknown>).extra, { m: { b: 2 } });
  t.same([...overMap.origins].filter(([p]) => p.startsWith('extra')), [['extra.m.b', { kind: 'set', label: '--set extra.m.b=2' }]]);
});

t.test('--set index into a list from a file, origins of lists set by index', async (t) => {
  const r = layerValues({ files: [{ name: 'l.yaml', text: 'global:\n  proxy:\n    includeInboundPorts: [80, 81, 82]\n' }], set: ['global.proxy.includeInboundPorts[1]=8080'] });
  t.same(r.values.global.proxy.includeInboundPorts, [80, 8080, 82]);
  t.same(r.origins.get('global.proxy.includeInboundPorts'), { kind: 'set', label: '--set global.proxy.includeInboundPorts[1]=8080' });
});

t.test('callers inputs are never mutated', async (t) => {
  const given = { global: { proxy: { includeIPRanges: ['10.0.0.0/8'] } } };
  const layers = [{ name: 'p', values: given, origin: { kind: 'provider', label: 'p' } as Origin }];
  const r = layerValues({ layers, set: ['global.proxy.includeIPRanges[1]=172.16.0.0/12'] });
  t.same(r.values.global.proxy.includeIPRanges, ['10.0.0.0/8', '172.16.0.0/12']);
  t.same(given, { global: { proxy: { includeIPRanges: ['10.0.0.0/8'] } } });
  r.values.global.proxy.policy = 'disabled';
  t.equal(layerValues({ layers }).values.global.proxy.policy, 'enabled');
});

t.test('type errors name file:line and key path, with a hint', async (t) => {
  const cases: [Parameters<typeof layerValues>[0], Partial<RenderInjectorError['place']>, RegExp, RegExp][] = [
    [{ files: [{ name: 'p.yaml', text: 'global:\n  proxy:\n    policy: on\n' }] }, { file: 'p.yaml', line: 3, path: 'global.proxy.policy' }, /invalid value true for global\.proxy\.policy/, /one of "enabled", "disabled"; quote it/],
    [{ files: [{ name: 't.yaml', text: 'global:\n  tag: 1.0\n' }] }, { file: 't.yaml', line: 2, path: 'global.tag' }, /invalid value 1 for global\.tag/, /expected a string; quote it/],
    [{ files: [{ name: 'i.yaml', text: 'global:\n  tag: 1e400\n' }] }, { file: 'i.yaml', line: 2, path: 'global.tag' }, /invalid value Infinity for global\.tag/, /expected a string/],
    [{ files: [{ name: 'r.yaml', text: 'global:\n  proxy:\n    includeIPRanges:\n    - 10.0.0.0/8\n    - 7\n' }] }, { file: 'r.yaml', line: 3, path: 'global.proxy.includeIPRanges' }, /invalid value \["10\.0\.0\.0\/8",7\]/, /a string or a list \(each item a string\)/],
    [{ set: ['renderInjector.proxyPort=70000'] }, { file: '--set', path: 'renderInjector.proxyPort' }, /\(from --set renderInjector\.proxyPort=70000\)/, /an integer from 1 to 65535/],
    [{ setString: ['global.proxy.enableCoreDump=true'] }, { file: '--set-string', path: 'global.proxy.enableCoreDump' }, /invalid value "true"/, /true or false/],
    [{ files: [{ name: 'm.yaml', text: 'sidecarInjectorWebhook: off\n' }] }, { file: 'm.yaml', line: 1, path: 'sidecarInjectorWebhook' }, /invalid value false/, /a map of keys/],
    [{ layers: [{ name: 'x', values: { renderInjector: { ipv6: 'yes' } }, origin: { kind: 'provider', label: 'provider x' } }] }, { path: 'renderInjector.ipv6' }, /\(from provider x\)/, /true or false/],
    [{ files: [{ name: 'u.yaml', text: 'renderInjector:\n  proxyprot: 1\n' }] }, { file: 'u.yaml', line: 2, path: 'renderInjector.proxyprot' }, /unknown key renderInjector\.proxyprot/, /did you mean renderInjector\.proxyPort\? known keys here: istioVersion, proxyPort/],
    [{ set: ['renderInjector.zzz=1'] }, { file: '--set', path: 'renderInjector.zzz' }, /unknown key/, /^known keys here/],
  ];
  for (const [options, place, message, hint] of cases) {
    const e = caught(() => layerValues(options));
    t.equal(e.code, 'E_VALUES');
    t.same(e.place, place, e.toLine());
    t.match(e.message, message);
    t.match(e.hint, hint);
    t.notMatch(e.toLine(), /\n/);
  }
  const many = validateValues({ ...defaultValues('0.8'), renderInjector: { ...defaultValues('0.8').renderInjector, proxyUid: -1, proxyGid: 'x' } });
  t.same(many.map((e) => e.place.path), ['renderInjector.proxyUid', 'renderInjector.proxyGid'], 'one error per bad key path');
  t.same(validateValues(defaultValues('1.0')), []);
});

t.test('E_YAML, E_SET and E_UNSAFE_KEY surface from layerValues before any merge', async (t) => {
  t.equal(caught(() => layerValues({ files: [{ name: 'x.yaml', text: 'a: 1\n---\nb: 2\n' }] })).code, 'E_YAML');
  t.equal(caught(() => layerValues({ set: ['a'] })).code, 'E_SET');
  const layer = JSON.parse('{"global": {"__proto__": {"polluted": 1}}}') as Record<string, unknown>;
  const e = caught(() => layerValues({ layers: [{ name: 'evil', values: layer, origin: { kind: 'provider', label: 'evil' } }] }));
  t.equal(e.code, 'E_UNSAFE_KEY');
  t.same(e.place, { file: 'evil', path: 'global.__proto__' });
  t.equal(caught(() => assertSafeTree({ l: [{ constructor: 1 }] }, {})).place.path, 'l[0].constructor');
  t.equal(caught(() => layerValues({ files: [{ name: 'f.yaml', text: 'constructor: {}\n' }] })).code, 'E_UNSAFE_KEY');
  t.equal(caught(() => layerValues({ setString: ['global.prototype.x=1'] })).code, 'E_UNSAFE_KEY');
  t.equal(({} as { polluted?: unknown }).polluted, undefined);
});

t.test('an Istio 0.8 shaped values file passes: unknown keys through untouched, no false near misses', async (t) => {
  const r = layerValues({ files: [fixture('istio-0.8-shape.yaml')] });
  t.same(r.warnings.map((w) => w.code), ['W_DUPLICATE_KEY']);
  t.same(r.warnings[0]!.place, { file: 'istio-0.8-shape.yaml', line: 15, col: 5, path: 'global.proxy.resources' });
  const v = r.values as Record<string, unknown> & typeof r.values;
  t.same((v.global as Record<string, unknown>).arch, { amd64: 2, s390x: 2, ppc64le: 2 });
  t.same(v.ingress, { enabled: true, service: { ports: [{ port: 80, name: 'http' }] } });
  t.equal((v.global.proxy as Record<string, unknown>).serviceAccountName, 'default');
  t.same(r.origins.get('ingress.service.ports'), { kind: 'file', label: 'istio-0.8-shape.yaml', file: 'istio-0.8-shape.yaml', line: 41 });
});

t.test('did-you-mean warnings for near misses of known keys', async (t) => {
  const r = layerValues({ files: [fixture('typo.yaml')] });
  t.same(
    r.warnings.map((w) => [w.code, w.message, w.place?.line]),
    [
      ['W_NEAR_MISS', 'unknown key global.Hub: did you mean global.hub?', 2],
      ['W_NEAR_MISS', 'unknown key global.proxy.includeIPRange: did you mean global.proxy.includeIPRanges?', 4],
      ['W_NEAR_MISS', 'unknown key global.proxy.IncludeIPRanges: did you mean global.proxy.includeIPRanges?', 5],
      ['W_NEAR_MISS', 'unknown key sidecarInjectorWebhook.enabeld: did you mean sidecarInjectorWebhook.enabled?', 9],
    ],
  );
  t.equal(r.values.global.proxy.includeIPRanges, '*', 'a near miss does not set the known key');
  t.same(nearMissWarnings({ Global: { hub: 'x' } }), [{ code: 'W_NEAR_MISS', message: 'unknown key Global: did you mean global?', place: { path: 'Global' } }]);
});

t.test('findOrigin: own, ancestor, then descendant', async (t) => {
  const f: Origin = { kind: 'file', label: 'f', file: 'f', line: 1 };
  const s: Origin = { kind: 'set', label: '--set a.b.c=1' };
  const origins = new Map([['a.l', f], ['a.b.c', s]]);
  t.equal(findOrigin(origins, 'a.l[3].x'), f);
  t.equal(findOrigin(origins, 'a.b'), s);
  t.equal(findOrigin(origins, 'z'), undefined);
  t.equal(parentPath(''), undefined);
  t.equal(formatPath(['a', 0, 'b']), 'a[0].b');
});

t.test('describeSchema words', async (t) => {
  t.equal(describeSchema(Type.Number()), 'a number');
  t.equal(describeSchema(Type.Integer()), 'an integer');
  t.equal(describeSchema({ type: 'array' } as never), 'a list');
  t.equal(describeSchema(Type.Array(Type.Boolean())), 'a list (each item true or false)');
});

t.test('valuesSchema() is a draft-07 document of plain JSON', async (t) => {
  const s = valuesSchema();
  t.equal(s.$schema, 'http://json-schema.org/draft-07/schema#');
  t.same(JSON.parse(JSON.stringify(s)), s, 'plain JSON, no symbols or functions');
  t.equal(s.type, 'object');
  const props = s.properties as Record<string, { properties?: Record<string, { properties?: Record<string, { default?: unknown; anyOf?: unknown[] }> }> }>;
  const proxy = props.global!.properties!.proxy!.properties!;
  t.equal(proxy.includeIPRanges!.default, '*');
  t.equal(proxy.excludeIPRanges!.default, '');
  t.same(proxy.policy!.anyOf, [{ const: 'enabled', type: 'string' }, { const: 'disabled', type: 'string' }]);
  t.equal((props.renderInjector as { additionalProperties?: unknown }).additionalProperties, false);
  t.equal((s as { additionalProperties?: unknown }).additionalProperties, true, 'unknown chart keys are allowed');
  t.equal(ValuesSchema.properties.global.properties.hub.default, 'docker.io/istio');
});

t.test('valuesSchema() works as a Helm values.schema.json under a draft-07 validator (ajv)', async (t) => {
  const ajv = new Ajv({ strict: true, allErrors: true, strictTypes: false });
  const validate = ajv.compile(valuesSchema());
  const check = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  t.same(check(parseValuesYaml(fixture('istio-0.8-shape.yaml').text, 'v.yaml').values), [], "a chart's own values.yaml validates");
  t.same(check({ global: { proxy: { includeIPRanges: '10.0.0.0/8' } } }), [], 'a file that sets one key validates');
  t.same(check({}), []);
  t.not(check({ global: { proxy: { policy: 'maybe' } } }).length, 0, 'a bad value does not');
  t.not(check({ renderInjector: { proxyPortt: 1 } }).length, 0, "an unknown key in render-injector's own section does not");
});

t.test('isMap, pointerToPath, and keys merged in at the top level (no line of their own)', async (t) => {
  t.ok(isMap(Object.create(null)));
  t.notOk(isMap(new Date()));
  t.notOk(isMap(null));
  t.equal(pointerToPath('/global/ports/1/a~1b~0c', { global: { ports: [0, {}] } }), 'global.ports[1].a/b~c');
  t.equal(pointerToPath('/x/y', { x: 'text' }), 'x.y');
  const r = layerValues({ files: [{ name: 'merge.yaml', text: 'base: &b\n  xtra: 1\n<<: *b\n' }] });
  t.same(r.origins.get('xtra'), { kind: 'file', label: 'merge.yaml', file: 'merge.yaml' });
});

t.test('error places for layers labelled as files, repeated problems, long values', async (t) => {
  const layer = { name: 'ci', values: { renderInjector: { proxyUid: -1.5 } }, origin: { kind: 'file', label: 'cluster-info.yaml' } as Origin };
  const e = caught(() => layerValues({ layers: [layer] }));
  t.same(e.place, { file: 'cluster-info.yaml', path: 'renderInjector.proxyUid' });
  t.equal(validateValues({ ...defaultValues('0.8'), renderInjector: { ...defaultValues('0.8').renderInjector, proxyUid: -1.5 } }).length, 1);
  const long = caught(() => layerValues({ set: [`global.proxy.includeIPRanges={${Array.from({ length: 40 }, (_, i) => i).join(',')}}`] }));
  t.match(long.message, /^invalid value \[0,1,2,[0-9,]*\.\.\. for global\.proxy\.includeIPRanges/);
});
