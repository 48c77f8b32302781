// The drift check: set equality per family after canonicalising, for both shapes (today's data.values JSON and
// the 2018 template's -i/-x defaults), missing/extra per family with each wanted range's source, JSON for
// machines, and the CLI's exit codes (0 in sync, 1 drift, 2 bad input).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDrift, postRender, resolveValues } from '../lib/pipeline/index.js';
import { formatDriftReport } from '../lib/check/drift.js';
import { runCli } from './helpers/cli-run.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(join(here, 'fixtures', name), 'utf8');
const KUBECTL = fixture('istiod/istiod-1.28-kubectl-get.yaml');
const DUAL = fixture('istiod/istiod-1.24-exclude-dualstack.yaml');
const CANARY = fixture('istiod/istiod-1.28-canary.yaml');
const V08 = fixture('postrender/helm3-istio-0.8.yaml');
const V10 = fixture('postrender/helm4-istio-1.0.yaml');

const cli = runCli;

t.test('order, overlap and host-bit spelling are not drift; each family compared on its own', async (t) => {
  const live = postRender(DUAL, { include: ['10.0.0.0/8,fd00:10::/56'] }).output;
  t.ok(checkDrift(live, { include: ['fd00:10::/56', '10.0.0.0/9,10.128.0.0/9'] }).inSync, 'split and reordered: same set');
  t.ok(checkDrift(DUAL, { include: ['10.0.0.0/8,fd00:10::/56'], exclude: ['fd00:10:96::1/128,10.96.0.1/32'] }).inSync, 'exclude reordered');
  const ipv6 = checkDrift(DUAL, { include: ['10.0.0.0/8,fd00:10::/48'] });
  t.notOk(ipv6.inSync);
  t.match(ipv6.configMaps[0]!.lists[0], {
    key: 'includeIPRanges',
    inSync: false,
    ipv4: { missing: [], extra: [] },
    ipv6: { missing: [{ cidr: 'fd00:10:0:100::/56' }], extra: [] },
  });
  t.equal(ipv6.configMaps[0]!.lists[0]!.ipv6.missing.length, 8, 'fd00:10::/48 minus fd00:10::/56, as canonical blocks');
  t.same(ipv6.configMaps[0]!.lists[0]!.ipv6.missing[0]!.sources, ['--include']);
  t.same(ipv6.configMaps[0]!.unchecked, ['excludeIPRanges'], 'no exclude given: the install exclude is not compared');
});

t.test('the text report: verdict, wanted and found, missing with sources, extra', async (t) => {
  const report = checkDrift(DUAL, { provider: 'iks', exclude: ['10.96.0.1/32,fd00:10:96::1/128,192.0.2.0/24'] });
  t.equal(
    formatDriftReport(report),
    [
      'drift: ConfigMap istio-sidecar-injector (document 2, data.values)',
      '  includeIPRanges: differs',
      '    wanted: 172.21.0.0/16,172.30.0.0/16',
      '    found:  10.0.0.0/8,fd00:10::/56',
      '    IPv4 missing:',
      '      172.21.0.0/16  from iks default service subnet',
      '      172.30.0.0/16  from iks default pod subnet',
      '    IPv4 extra: 10.0.0.0/8',
      '    IPv6 extra: fd00:10::/56',
      '  excludeIPRanges: differs',
      '    wanted: 10.96.0.1/32,192.0.2.0/24,fd00:10:96::1/128',
      '    found:  10.96.0.1/32,fd00:10:96::1/128',
      '    IPv4 missing:',
      '      192.0.2.0/24  from --exclude',
      '',
    ].join('\n'),
  );
  const star = formatDriftReport(checkDrift(KUBECTL, { provider: 'iks' }));
  t.match(star, /IPv4 extra: every other IPv4 address \(the ConfigMap says "\*"\)\n {4}IPv6 extra: every other IPv6 address/);
  t.match(star, /excludeIPRanges: not compared \(no exclude was given; the install's own stays\)/);
  // An empty include list is refused as an option (an unset variable); a values key set to "" still says so.
  const nothing = { set: ['global.proxy.includeIPRanges='] };
  const empty = formatDriftReport(checkDrift(postRender(KUBECTL, nothing).output, { provider: 'iks' }));
  t.match(empty, /found: {2}""\n {4}IPv4 missing:/);
  t.match(formatDriftReport(checkDrift(KUBECTL, nothing)), /wanted: ""\n {4}found: {2}\*\n {4}IPv4 extra: every other/);
  const noExcludeKey = KUBECTL.replace('"excludeIPRanges": "",', '');
  t.match(checkDrift(noExcludeKey, { exclude: ['10.0.0.0/8'] }).configMaps[0]!.lists[1], { key: 'excludeIPRanges', found: '', wanted: '10.0.0.0/8' });
  const wantStar = checkDrift(DUAL, {});
  t.match(wantStar.configMaps[0]!.lists[0]!.ipv4.missing[0], { cidr: '0.0.0.0/5', sources: ['chart defaults (Istio 0.8) (global.proxy.includeIPRanges)'] });
});

t.test('the 2018 template shape: -i/-x defaults compared; the exclude when given', async (t) => {
  for (const [name, stream] of [['0.8', V08], ['1.0', V10]] as const) {
    t.notOk(checkDrift(stream, { provider: 'iks' }).inSync, `${name}: drift before`);
    const patched = postRender(stream, { provider: 'iks', exclude: ['172.21.0.1/32'] }).output;
    const after = checkDrift(patched, { provider: 'iks', exclude: ['172.21.0.1/32'] });
    t.ok(after.inSync, `${name}: in sync after`);
    t.match(after.configMaps[0], { shape: 'template', path: 'data.config', lists: [{ key: 'includeIPRanges' }, { key: 'excludeIPRanges' }] });
  }
  const single = V08.replace(/- "\*"/g, "- '10.0.0.0/8'");
  t.equal(checkDrift(single, { include: ['10.0.0.0/8'] }).configMaps[0]!.lists[0]!.found, '10.0.0.0/8', "a YAML '…' default");
  const raw = V10.replace(/(includeOutboundIPRanges` +)"\*"/, '$1`10.0.0.0/8`');
  t.equal(checkDrift(raw, { include: ['10.0.0.0/8'] }).configMaps[0]!.lists[0]!.found, '10.0.0.0/8', 'a Go `…` default');
  const two = V10.replace(/( *)(- "\[\[ annotation \.ObjectMeta `traffic\.sidecar\.istio\.io\/includeOutboundIPRanges` +)"\*"( +\]\]")/, '$1$2"10.0.0.0/8"$3\n$1$2"192.0.2.0/24"$3');
  t.match(checkDrift(two, { include: ['10.0.0.0/8'] }).warnings, [{ code: 'W_TEMPLATE_DISAGREES', message: /holds includeIPRanges twice with different values \(10\.0\.0\.0\/8 and 192\.0\.2\.0\/24\); compared the first/ }]);
  const noExclude = V10.replace(/excludeOutboundIPRanges/g, 'somethingElse');
  t.match(checkDrift(noExclude, { exclude: ['10.0.0.0/8'] }).configMaps[0]!.lists[1], { key: 'excludeIPRanges', found: '', inSync: false });
});

t.test('bad input: E_STREAM naming the document and the fix', async (t) => {
  t.throws(() => checkDrift('kind: Service\n', {}), { code: 'E_STREAM', message: /no injector ConfigMap/ });
  t.throws(() => checkDrift('a: [\n', {}), { code: 'E_STREAM', message: /not YAML/ });
  t.throws(() => checkDrift(`${KUBECTL}---\n${CANARY}`, {}), { code: 'E_STREAM', message: /holds 2 injector ConfigMaps/ });
  t.ok(checkDrift(`${KUBECTL}---\n${CANARY}`, {}, { revision: 'canary' }).inSync, 'the canary revision holds "*": in sync with no ranges given');
  t.throws(() => checkDrift('kind: Service\n', {}, { revision: 'canary' }), { code: 'E_STREAM', message: /no ConfigMap istio-sidecar-injector-canary/ });
  t.throws(() => checkDrift(KUBECTL.replace('"includeIPRanges": "*"', '"includeIPRanges": "10.0.0.0/33"'), {}), {
    code: 'E_STREAM',
    message: /document 1 \(data\.values\): includeIPRanges "10\.0\.0\.0\/33" is not a range list/,
  });
  t.throws(() => checkDrift(KUBECTL.replace('"includeIPRanges": "*",', ''), {}), { code: 'E_STREAM', message: /holds no includeIPRanges to compare/ });
  t.throws(() => checkDrift(V10.replace(/includeOutboundIPRanges/g, 'x'), {}), { code: 'E_STREAM', message: /holds no includeIPRanges to compare/, hint: /its template must pass/ });
  t.throws(() => checkDrift(V10.replace(/(includeOutboundIPRanges` +)"\*"/, '$1"\\q"'), {}), { code: 'E_STREAM', message: /cannot read the range argument "\\q"/ });
  const scalarConfig = V10.replace(/ {2}config: \|-?\n(?: {4}.*\n| *\n)*/, '  config: just text\n');
  t.throws(() => checkDrift(scalarConfig, {}), { code: 'E_STREAM', message: /not YAML with a string "template"/ });
  const notYaml = V10.replace('    policy: enabled', '    policy: [enabled');
  t.throws(() => checkDrift(notYaml, {}), { code: 'E_STREAM', message: /the injector config is not YAML with a string "template"/ });
  t.match(checkDrift(KUBECTL, resolveValues({ istioVersion: '1.0' })).warnings, [{ code: 'W_SHAPE_MISMATCH', message: /compared it as such/ }]);
});

t.test('CLI: exit 0 in sync, 1 drift, 2 bad input; --from, --format json, --revision', async (t) => {
  const drift = await cli(['check', '-p', 'iks'], { '-': KUBECTL });
  t.equal(drift.code, 1);
  t.match(drift.out, /^drift: ConfigMap istio-sidecar-injector/);
  t.equal(drift.err, '');
  const patched = (await cli(['post-render', '-p', 'iks', '--include', 'fd00:1::/64'], { '-': KUBECTL })).out;
  const sync = await cli(['check', '-p', 'iks', '--include', 'fd00:1::/64', '--from', 'live.yaml', '--format', 'json'], { 'live.yaml': patched });
  t.equal(sync.code, 0);
  t.match(JSON.parse(sync.out), { inSync: true, configMaps: [{ lists: [{ wanted: '172.21.0.0/16,172.30.0.0/16,fd00:1::/64' }] }] });
  t.equal(sync.err, '', 'no IPv6 warning: the values carry IPv6');
  const legacy = await cli(['check', '-p', 'iks', '--include', 'fd00:1::/64'], { '-': V10 });
  t.match(legacy.err, /warning: IPv6 ranges \(fd00:1::\/64\) stay out/, 'the 2018 shape: IPv6 warning kept');
  const canary = await cli(['check', '--revision', 'canary', '--format', 'text'], { '-': `${KUBECTL}---\n${CANARY}` });
  t.equal(canary.code, 0);
  t.match(canary.out, /^in sync: ConfigMap istio-sidecar-injector-canary \(document 2, data\.values\)/);
  for (const [argv, files, pattern] of [
    [['check'], { '-': `${KUBECTL}---\n${CANARY}` }, /holds 2 injector ConfigMaps.*--revision/],
    [['check', '--format', 'yaml'], { '-': KUBECTL }, /--format "yaml" is not one of text, json/],
    [['check', '--from', 'nope.yaml'], {}, /cannot read "nope\.yaml"/],
    [['check', '-p', 'gke', '--cluster-info', '-'], { '-': KUBECTL }, /standard input carries the ConfigMap to check/],
    [['check', '-f', '-'], { '-': KUBECTL }, /standard input carries the ConfigMap to check/],
    [['check'], { '-': 'kind: Service\n' }, /no injector ConfigMap/],
  ] as const) {
    const r = await cli([...argv], files);
    t.equal(r.code, 2, argv.join(' '));
    t.equal(r.out, '', 'nothing on stdout');
    t.match(r.err, pattern);
    t.equal(r.err.split('\n').filter(Boolean).length, 1, 'one line');
  }
  const fromFile = await cli(['check', '--from', 'live.yaml', '--cluster-info', '-', '-p', 'iks'], { 'live.yaml': KUBECTL, '-': 'x' });
  t.equal(fromFile.code, 2, 'stdin free for --cluster-info when --from names the ConfigMap: iks reads it (and refuses "x")');
  t.notMatch(fromFile.err, /standard input carries/);
});
