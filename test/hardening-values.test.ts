// Issue 13, classes 5, 7 and the origin part of 10: a section set to null is an input error naming where the null
// came from (never an internal error), the KRM function always answers with a ResourceList, large or repetitive
// values files keep exact locations and origins (their speed is measured in bench/values.bench.mjs), and an
// error names the input that really set the value.
import t from 'tap';
import { runCli, type CliRun } from './helpers/cli-run.js';
import { runKrm } from '../lib/krm/function.js';
import { krmErrorList } from '../lib/krm/resource-list.js';
import { RenderInjectorError } from '../lib/errors.js';
import { resolveValues } from '../lib/pipeline/index.js';
import { parseValuesYaml, layerValues, forgetBelow, type Origin } from '../lib/values/index.js';
import { caught } from './helpers/caught.js';

async function cli(argv: string[], stdin?: string | Error): Promise<CliRun> {
  return runCli(argv, async () => {
    if (stdin instanceof Error) throw stdin;
    return stdin ?? '';
  });
}

t.test('5. a section set to null is an input error with its origin', async (t) => {
  for (const [set, origin] of [
    ['global=null', /^error: --set \(global\): global is set to null \(by --set global=null\), but it is a section whose keys render-injector needs \(hub, tag, .*\)/],
    ['global.proxy=null', /global\.proxy is set to null \(by --set global\.proxy=null\)/],
    ['sidecarInjectorWebhook=null', /sidecarInjectorWebhook is set to null/],
    ['global.proxy.envoyStatsd=null', /global\.proxy\.envoyStatsd is set to null/],
  ] as const) {
    const r = await cli(['ranges', '--set', set]);
    t.equal(r.code, 2, set);
    t.equal(r.out, '');
    t.match(r.err, origin);
    t.notMatch(r.err, /internal error/);
  }
  const file = { name: 'v.yaml', text: 'global:\n  tag: x\nglobal: ~\n' };
  const e = caught(() => resolveValues({ values: [file] }));
  t.match(e.toLine(), /^v\.yaml:3 \(global\): global is set to null, but it is a section/);
  // A section with nothing required may still be emptied by null, as Helm does.
  t.same(resolveValues({ set: ['global.proxy.resources=null'], include: ['192.0.2.0/24'] }).values.global.proxy.resources, {});
  t.equal(resolveValues({ set: ['renderInjector=null'] }).values.renderInjector.istioVersion, '0.8', 'render-injector\'s own section keeps its defaults');
});

t.test('1. in-process too: post-render refuses a second reader of standard input', async (t) => {
  const r = await cli(['post-render', '-p', 'minikube', '-f', '-'], 'kind: Service\n');
  t.equal(r.code, 2);
  t.equal(r.out, '');
  t.match(r.err, /^error: post-render reads the stream from standard input, and -f - names standard input too/);
});

t.test('5. the KRM function always answers with a ResourceList', async (t) => {
  const list = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  kind: ConfigMap\n  data:\n    set: global=null\n    include: 10.0.0.0/8\n';
  const r = await cli(['krm'], list);
  t.equal(r.code, 2);
  t.match(r.out, /kind: ResourceList[\s\S]*results:[\s\S]*global is set to null/);
  // Standard input that cannot be read still gets a list.
  const unreadable = await cli(['krm'], new RenderInjectorError('E_FILE', 'is not UTF-8 text'));
  t.equal(unreadable.code, 2);
  t.match(unreadable.out, /kind: ResourceList\nitems: \[\]\nresults:\n  - message: standard input is not UTF-8 text/);
  t.match(unreadable.err, /^error: standard input is not UTF-8 text\n$/);
  // An internal fault too: the list names it, and the exit says internal.
  const broken = runKrm(list, () => {
    throw new TypeError('boom');
  });
  t.equal(broken.ok, false);
  t.match(broken.output, /results:\n  - message: "?internal error: boom \(please report this\)"?\n    severity: error/);
  t.match(krmErrorList('', 'not an Error'), /internal error: not an Error/);
  // JSON in, JSON out: errors and warnings alike.
  const json = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [], results: [{ message: 'earlier', severity: 'info' }], functionConfig: { kind: 'ConfigMap', data: { include: '10.0.0.0/33' } } });
  const failed = runKrm(json);
  const parsed = JSON.parse(failed.output) as { results: { message: string; severity: string }[] };
  t.same(parsed.results.map((x) => x.severity), ['info', 'error']);
  t.match(parsed.results[1]!.message, /invalid CIDR "10\.0\.0\.0\/33"/);
  const none = runKrm(json.replace('10.0.0.0/33', '10.0.0.0/8'));
  t.match((JSON.parse(none.output) as { results: { message: string }[] }).results[1]!.message, /no item is a ConfigMap/);
  const notList = JSON.parse(runKrm('{"kind": "Service"}').output) as { kind: string; results: { message: string }[] };
  t.equal(notList.kind, 'ResourceList');
  t.match(notList.results[0]!.message, /not one config\.kubernetes\.io\/v1 ResourceList/);
  const flow = runKrm('{kind: ResourceList, items: [], functionConfig: {data: {include: "10.0.0.0/33"}}}');
  t.match(flow.output, /results:/, 'YAML flow style (not JSON) gets YAML');
  t.equal((JSON.parse(krmErrorList('{"kind": "ResourceList", "items": []}', new Error('x'))) as { results: unknown[] }).results.length, 1);
});

t.test('7. duplicate keys and replaced values keep exact locations and origins', async (t) => {
  const text = [
    'a:',
    '  list: [1, 2]',
    '  map: {x: 1, <<: {y: 2}}',
    '  s: 1',
    'a:',
    '  z: 1',
    'b: &b {c: 1}',
    'd:',
    '  <<: *b',
    '',
  ].join('\n');
  const parsed = parseValuesYaml(text, 'v.yaml');
  t.same([...parsed.locations.keys()].sort(), ['a', 'a.z', 'b', 'b.c', 'd'].sort(), 'the first a is forgotten, with everything under it');
  t.equal(parsed.locations.get('a')!.line, 5);
  const origins = new Map<string, Origin>([
    ['g.p.x', { kind: 'file', label: 'f' }],
    ['g.p.y.z', { kind: 'file', label: 'f' }],
    ['g.q', { kind: 'file', label: 'f' }],
  ]);
  forgetBelow(origins, { x: 1, y: { z: 2 } }, 'g.p');
  t.same([...origins.keys()], ['g.q']);
  const resolved = layerValues({
    files: [
      { name: 'one.yaml', text: 'global:\n  proxy:\n    includeIPRanges: 10.0.0.0/8\n    image: a\n' },
      { name: 'two.yaml', text: 'global:\n  proxy: {includeIPRanges: 192.0.2.0/24}\n  tag: ~\n' },
    ],
  });
  t.equal(resolved.origins.get('global.proxy.includeIPRanges')?.label, 'two.yaml');
  t.equal(resolved.origins.get('global.proxy.image')?.label, 'one.yaml');
  t.equal(resolved.origins.get('global.tag')?.label, 'two.yaml');
});

t.test('7. a large layered file keeps every value and origin: files laid in place, sources resolved at the end', async (t) => {
  // 20,000 keys in one map and a long list, a second file that replaces, deletes and adds, and --set over both.
  const n = 20_000;
  const first = ['global:', '  proxy:', '    includeIPRanges: 10.0.0.0/8', 'extra:'];
  for (let i = 0; i < n; i++) first.push(`  key${i}: v${i}`);
  first.push('list:', ...Array.from({ length: n }, (_, i) => `- item${i}`), 'nested:', '  deep:', '    a: 1', '    b: 2');
  const second = ['extra:', '  key7: seven', '  key8: null', '  added: [1, 2]', 'nested: 5', 'global:', '  tag: null', '  proxy:', '    resources: {limits: {cpu: 1}}'];
  const r = layerValues({
    files: [
      { name: 'one.yaml', text: `${first.join('\n')}\n` },
      { name: 'two.yaml', text: `${second.join('\n')}\n` },
    ],
    set: ['extra.key9=nine', 'nested=null', 'extra.key10.x=1'],
  });
  const v = r.values as unknown as Record<string, Record<string, unknown>>;
  const extra = v.extra!;
  t.equal(Object.keys(extra).length, n, 'every key: key8 deleted by its null, "added" added');
  t.equal(extra.key0, 'v0');
  t.equal(extra.key7, 'seven');
  t.notOk('key8' in extra);
  t.equal(extra.key9, 'nine');
  t.same(extra.key10, { x: 1 });
  t.equal(extra[`key${n - 1}`], `v${n - 1}`);
  t.equal((v.list as unknown as string[]).length, n);
  t.notOk('nested' in v, 'a null from --set over a scalar that replaced a map');
  t.equal(v.global!.tag, '', 'a null chart key renders empty');
  const o = (path: string) => r.origins.get(path);
  const file = (name: string, line: number): Origin => ({ kind: 'file', label: name, file: name, line });
  t.same(o('extra.key0'), file('one.yaml', 5));
  t.same(o(`extra.key${n - 1}`), file('one.yaml', n + 4));
  t.same(o('extra.key7'), file('two.yaml', 2));
  t.equal(o('extra.key8'), undefined);
  t.same(o('extra.added'), file('two.yaml', 4));
  t.same(o('extra.key9'), { kind: 'set', label: '--set extra.key9=nine' });
  t.same(o('extra.key10.x'), { kind: 'set', label: '--set extra.key10.x=1' });
  t.same(o('list'), file('one.yaml', n + 5), 'a list is one value, placed at its key');
  t.equal(o('list[0]'), undefined);
  t.same(o('global.proxy.includeIPRanges'), file('one.yaml', 3));
  t.same(o('global.proxy.resources.limits.cpu'), file('two.yaml', 9));
  t.same(o('global.proxy.resources.requests.cpu'), { kind: 'default', label: 'chart defaults (Istio 0.8)' }, 'a default filled in under a map from a file is the default');
  t.same(o('global.tag'), file('two.yaml', 7), 'a null chart key keeps the origin of its null');
  t.same(o('global.hub'), { kind: 'default', label: 'chart defaults (Istio 0.8)' });
  const paths = [...r.origins.keys()];
  t.equal(paths.filter((p) => p.startsWith('extra.')).length, n, 'one origin per scalar or list');
  t.same(paths.filter((p) => p.startsWith('list')), ['list']);
});

t.test('a merge key whose value is not a map is an input error (found by the fuzz test)', async (t) => {
  for (const [text, message] of [
    ['<<: ', /^v\.yaml:1:1: a merge key \(<<\) with a value that is not a map/],
    ['a: 1\n<<: [1, {b: 2}]\n', /^v\.yaml:2:1: a merge key/],
    ['b: &b x\n<<: *b\n', /^v\.yaml: cannot read the YAML: Merge sources must be maps/],
  ] as const) {
    const e = caught(() => parseValuesYaml(text, 'v.yaml'));
    t.equal(e.code, 'E_YAML');
    t.match(e.toLine(), message);
  }
  t.same(parseValuesYaml('b: &b {c: 1}\n<<: [*b]\n', 'v.yaml').values, { b: { c: 1 }, c: 1 });
});

t.test('10. the origin named is the real one', async (t) => {
  const r = await cli(['ranges', '--set', 'renderInjector.labels[0]=1']);
  t.equal(r.code, 2);
  t.match(r.err, /from --set renderInjector\.labels\[0\]=1\)/);
  t.notMatch(r.err, /chart defaults/);
  const e = caught(() => resolveValues({ values: [{ name: 'l.yaml', text: 'renderInjector:\n  labels: [1]\n' }] }));
  t.match(e.toLine(), /^l\.yaml:2 /);
});
