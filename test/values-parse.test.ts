import t from 'tap';
import { readFileSync } from 'node:fs';
import { MAX_ALIAS_COUNT, locate, parseValuesYaml } from '../lib/values/index.js';
import { caught } from './helpers/caught.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/values/${name}`, import.meta.url), 'utf8');

/** Runs `fn`, expecting a RenderInjectorError, and returns it. */

t.test('reads an Istio 0.8 shaped values file; the repeated resources key: last wins, with a warning naming file:line', async (t) => {
  const p = parseValuesYaml(fixture('istio-0.8-shape.yaml'), 'values-0.8.yaml');
  const proxy = (p.values.global as { proxy: Record<string, unknown> }).proxy;
  t.same(proxy.resources, { requests: { cpu: '100m', memory: '128Mi' } });
  t.equal(proxy.includeIPRanges, '*');
  t.equal((p.values.grafana as { ingress: { annotations: unknown } }).ingress.annotations, null);
  t.equal(p.warnings.length, 1);
  const w = p.warnings[0]!;
  t.equal(w.code, 'W_DUPLICATE_KEY');
  t.same(w.place, { file: 'values-0.8.yaml', line: 15, col: 5, path: 'global.proxy.resources' });
  t.match(w.message, /duplicate key global\.proxy\.resources \(first at line 8\); the last one wins/);
  // Locations follow the surviving (second) block.
  t.same(p.locations.get('global.proxy.resources.requests.cpu'), { line: 17, col: 9 });
  t.same(p.locations.get('global.proxy.includeIPRanges'), { line: 19, col: 5 });
  t.same(p.locations.get('global.mtls.mtlsExcludedServices[0]'), { line: 31, col: 7 });
  t.same(p.locations.get('ingress.service.ports[0].name'), { line: 43, col: 7 });
});

t.test('JSON is read too (tabs included)', async (t) => {
  const p = parseValuesYaml(fixture('gke.json'), 'gke.json');
  t.same(p.values, {
    global: { proxy: { includeIPRanges: '10.4.0.0/14,10.7.240.0/20', excludeIPRanges: ['169.254.169.254/32'] } },
    renderInjector: { istioVersion: '1.0', ipv6: true },
  });
  t.same(p.locations.get('renderInjector.ipv6'), { line: 8, col: 45 });
  t.same(p.warnings, []);
});

t.test('empty and comment-only files are an empty map', async (t) => {
  for (const text of ['', '# nothing here\n', '---\n']) t.same(parseValuesYaml(text, 'e.yaml').values, {}, JSON.stringify(text));
});

t.test('scalars are read as Helm (YAML 1.1) reads them; timestamps and 1:20 stay text', async (t) => {
  const p = parseValuesYaml('a: yes\nb: off\nc: 010\nd: 2018-07-31\ne: 1:20\nf: "on"\ng: 1.0\ny: 1\n', 'v.yaml');
  // Go's YAML v2 (Helm) reads a plain `y` as true, even as a key.
  t.same(p.values, { a: true, b: false, c: 8, d: '2018-07-31', e: '1:20', f: 'on', g: 1, true: 1 });
});

t.test('merge keys and anchors work; the merged keys belong to the map that merges them', async (t) => {
  const p = parseValuesYaml('base: &b\n  x: 1\n  w: 2\nderived:\n  <<: *b\n  w: 3\ninline:\n  <<: {z: 4}\n"<<": literal\n', 'm.yaml');
  t.same(p.values, { base: { x: 1, w: 2 }, derived: { x: 1, w: 3 }, inline: { z: 4 }, '<<': 'literal' });
  t.same(p.locations.get('inline.z'), { line: 8, col: 8 });
  t.equal(p.locations.has('derived.<<'), false);
  // A path reached only through an alias resolves to the closest written ancestor.
  t.same(locate(p.locations, 'derived.x'), { line: 4, col: 1 });
  t.equal(locate(p.locations, 'nowhere'), undefined);
});

t.test('text that is not YAML is E_YAML with file:line:col', async (t) => {
  const e = caught(() => parseValuesYaml('global:\n  proxy: [1,\n  tag: x\n', 'bad.yaml'));
  t.equal(e.code, 'E_YAML');
  t.equal(e.place.file, 'bad.yaml');
  t.equal(e.place.line, 3);
  t.type(e.place.col, 'number');
  t.match(e.message, /^not valid YAML: /);
  t.notMatch(e.toLine(), /\n/);
  const tab = caught(() => parseValuesYaml('a:\n\tb: 1\n', 'tab.yaml'));
  t.equal(tab.code, 'E_YAML');
  t.equal(tab.place.line, 2);
});

t.test('more than one document is refused at the second one', async (t) => {
  const e = caught(() => parseValuesYaml('a: 1\n---\nb: 2\n', 'multi.yaml'));
  t.equal(e.code, 'E_YAML');
  t.same([e.place.file, e.place.line], ['multi.yaml', 2]);
  t.match(e.message, /found 2 YAML documents/);
});

t.test('a top level that is not a map is refused', async (t) => {
  for (const [text, kind] of [['- a\n- b\n', 'a list'], ['just text\n', 'a single value'], ['*x\n', 'not a map']] as const) {
    const e = caught(() => parseValuesYaml(text, 'top.yaml'));
    t.equal(e.code, text === '*x\n' ? 'E_YAML' : 'E_YAML');
    t.match(e.message, kind === 'not a map' ? /not valid YAML|not a map/ : new RegExp(`the top level is ${kind}`));
    t.equal(e.place.line, 1);
  }
});

t.test('an alias bomb is refused quickly with a clear message', async (t) => {
  let text = 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i <= 9; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]\n`;
  const start = performance.now();
  const e = caught(() => parseValuesYaml(text, 'bomb.yaml'));
  t.ok(performance.now() - start < 2000, 'refused in well under 2 s');
  t.equal(e.code, 'E_YAML');
  t.match(e.message, new RegExp(`too many YAML aliases: more than ${MAX_ALIAS_COUNT}`));
  t.match(e.message, /alias bomb/);
  // A file with a few honest aliases is fine.
  t.same(parseValuesYaml('a: &a [1]\nb: *a\nc: *a\n', 'ok.yaml').values, { a: [1], b: [1], c: [1] });
});

t.test('__proto__, constructor and prototype keys are refused at any depth, in YAML and in JSON', async (t) => {
  const cases: [string, string, number][] = [
    ['__proto__:\n  polluted: yes\n', '__proto__', 1],
    ['global:\n  proxy:\n    constructor:\n      prototype:\n        polluted: 1\n', 'global.proxy.constructor', 3],
    ['list:\n- a: 1\n- prototype: 2\n', 'list[1].prototype', 3],
    ['{"a": {"__proto__": {"polluted": true}}}', 'a.__proto__', 1],
    ['a: &x {q: 1}\nb:\n  <<: {__proto__: {polluted: 1}}\n', 'b.__proto__', 3],
  ];
  for (const [text, path, line] of cases) {
    const e = caught(() => parseValuesYaml(text, 'evil.yaml'));
    t.equal(e.code, 'E_UNSAFE_KEY', path);
    t.equal(e.place.path, path);
    t.equal(e.place.line, line);
    t.equal(e.place.file, 'evil.yaml');
  }
  t.equal(({} as { polluted?: unknown }).polluted, undefined);
});

t.test('keys that are lists, maps or aliases are refused', async (t) => {
  t.match(caught(() => parseValuesYaml('? [a]\n: 1\n', 'k.yaml')).message, /a list or map used as a map key/);
  t.match(caught(() => parseValuesYaml('a: &k key\n*k : 1\n', 'k.yaml')).message, /an alias used as a map key/);
});

t.test('deeply nested input is E_YAML, not a crash', async (t) => {
  const start = performance.now();
  const e = caught(() => parseValuesYaml(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.yaml'));
  t.equal(e.code, 'E_YAML');
  t.equal(e.place.line, 1);
  t.ok(performance.now() - start < 5000);
  const json = caught(() => parseValuesYaml(`${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}\n`, 'deep.json'));
  t.equal(json.message, 'the YAML nests too deeply to read', 'valid but too deep: said so, not "not valid YAML"');
});

t.test('a null or missing key reads as the empty key, located where the key would be', async (t) => {
  t.same([...parseValuesYaml('~: a\n', 'n.yaml').locations], [['', { line: 1, col: 1 }]]);
  const p = parseValuesYaml('{: b}\n', 'n.yaml');
  t.same(p.values, { '': 'b' });
  t.same(p.locations.get(''), { line: 1, col: 2 });
  t.same(parseValuesYaml('{:}\n', 'n.yaml').locations.get(''), { line: 1, col: 2 });
});
