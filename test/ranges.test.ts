import t from 'tap';
import { execFileSync } from 'node:child_process';
import { RenderInjectorError } from '../lib/errors.js';
import { combineRanges, explainRanges, formatRanges, providerSources, type RangesFormat } from '../lib/ranges/index.js';
import { providerRanges } from '../providers/index.js';

const inc = (value: string | string[], origin: string) => ({ value, origin });

t.test('merge keeps every contributing origin', async (t) => {
  const r = combineRanges({ include: [inc('10.0.0.0/9', 'A'), inc('10.128.0.0/9', 'B'), inc('192.168.1.0/24', 'C')], exclude: [] });
  t.equal(r.all, false);
  t.same(r.ipv4, ['10.0.0.0/8', '192.168.1.0/24']);
  t.same(r.ipv6, []);
  t.same(r.ranges, [
    { cidr: '10.0.0.0/8', family: 4, sources: ['A', 'B'] },
    { cidr: '192.168.1.0/24', family: 4, sources: ['C'] },
  ]);
  t.same(r.exclude, { ipv4: [], ipv6: [] });
  t.same(r.excluded, []);
  t.same(r.warnings, []);
});

t.test('subtract: 10.0.0.0/8 minus 10.96.0.0/12 (hand-checked)', async (t) => {
  const r = combineRanges({ include: [inc('10.0.0.0/8', '--include')], exclude: [inc('10.96.0.0/12', '--exclude')] });
  // 10.0-63 (/10), 10.64-95 (/11), [10.96-111 excluded], 10.112-127 (/12), 10.128-255 (/9)
  t.same(r.ipv4, ['10.0.0.0/10', '10.64.0.0/11', '10.112.0.0/12', '10.128.0.0/9']);
  t.same(r.exclude.ipv4, ['10.96.0.0/12']);
  t.same(r.excluded, [{ cidr: '10.96.0.0/12', family: 4, sources: ['--exclude'] }]);
  t.ok(r.ranges.every((x) => x.sources.length === 1 && x.sources[0] === '--include'));
  t.equal(formatRanges(r, 'csv'), '10.0.0.0/10,10.64.0.0/11,10.112.0.0/12,10.128.0.0/9');
  t.equal(formatRanges(r, 'json'), '{"ipv4":["10.0.0.0/10","10.64.0.0/11","10.112.0.0/12","10.128.0.0/9"],"ipv6":[],"exclude":{"ipv4":["10.96.0.0/12"],"ipv6":[]}}');
});

t.test('dual-stack ranges sort per family', async (t) => {
  const r = combineRanges({
    include: [inc('10.244.0.0/16,fd00:10:244::/56', 'pods'), inc(['10.96.0.0/16', 'fd00:10:96::/112'], 'services')],
    exclude: [inc('fd00:10:96::/120', 'x')],
  });
  t.same(r.ipv4, ['10.96.0.0/16', '10.244.0.0/16']);
  // fd00:10:96::/112 minus its first /120 is the other 255 /120s, as /120../105 blocks: ::100/120, ::200/119, ...
  t.same(r.ipv6, [
    'fd00:10:96::100/120', 'fd00:10:96::200/119', 'fd00:10:96::400/118', 'fd00:10:96::800/117',
    'fd00:10:96::1000/116', 'fd00:10:96::2000/115', 'fd00:10:96::4000/114', 'fd00:10:96::8000/113', 'fd00:10:244::/56',
  ]);
  t.same(r.exclude.ipv6, ['fd00:10:96::/120']);
  t.same(r.ranges.filter((x) => x.family === 6).map((x) => x.sources[0]), [...Array(8).fill('services'), 'pods']);
  t.equal(formatRanges(r, 'list').split('\n').length, 2, "list and csv are Istio's includeIPRanges items: IPv4 only");
  t.equal(JSON.parse(formatRanges(r, 'json')).ipv6.length, 9, 'json carries both families');
});

t.test('"*" alone, and "*" with excludes', async (t) => {
  const all = combineRanges({ include: [inc('*', 'values.yaml:12 (global.proxy.includeIPRanges)')], exclude: [] });
  t.equal(all.all, true);
  t.same([all.ipv4, all.ipv6], [['0.0.0.0/0'], ['::/0']]);
  t.equal(formatRanges(all, 'csv'), '*');
  t.equal(formatRanges(all, 'list'), '*');
  t.equal(formatRanges(all, 'json'), '{"ipv4":["0.0.0.0/0"],"ipv6":["::/0"],"all":true}');
  t.equal(formatRanges(all, 'helm-set'), '--set global.proxy.includeIPRanges=*');
  t.equal(explainRanges(all), 'includeIPRanges: * (every address)\n  *  from values.yaml:12 (global.proxy.includeIPRanges)\nexcludeIPRanges: none\n');

  const some = combineRanges({ include: [inc('*', 'chart')], exclude: [inc('10.0.0.0/8', '--exclude'), inc('fd00::/8', '--exclude')] });
  t.equal(some.all, true);
  t.same(some.ipv4, ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1']);
  t.same(some.ipv6, ['::/1', '8000::/2', 'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fc00::/8', 'fe00::/7']);
  t.same(some.exclude, { ipv4: ['10.0.0.0/8'], ipv6: ['fd00::/8'] });
  // The csv value alone must not capture the excluded ranges, so it lists the IPv4 ranges that remain.
  t.equal(formatRanges(some, 'csv'), some.ipv4.join(','));
  t.equal(formatRanges(some, 'helm-set'), '--set global.proxy.includeIPRanges=* --set global.proxy.excludeIPRanges=10.0.0.0/8');
  const only6 = combineRanges({ include: [inc('*', 'chart')], exclude: [inc('fd00::/8', '--exclude')] });
  t.equal(formatRanges(only6, 'csv'), '*', 'an IPv6 exclude leaves the IPv4 value at *');
  t.equal(formatRanges(only6, 'helm-set'), '--set global.proxy.includeIPRanges=*');
  t.same(JSON.parse(formatRanges(some, 'json')), { ipv4: some.ipv4, ipv6: some.ipv6, all: true, exclude: some.exclude });
  t.equal(
    explainRanges(some),
    'includeIPRanges: * (every address except the excludes below)\n  *  from chart\nexcludeIPRanges: 10.0.0.0/8,fd00::/8\n  10.0.0.0/8  from --exclude\n  fd00::/8    from --exclude\n',
  );

  const none = combineRanges({ include: [inc('*', 'chart')], exclude: [inc('*', '--exclude')] });
  t.same([none.all, none.ipv4, none.ipv6], [true, [], []]);
  t.equal(explainRanges(none), 'includeIPRanges: * (every address except the excludes below)\nexcludeIPRanges: 0.0.0.0/0,::/0\n  0.0.0.0/0  from --exclude\n  ::/0       from --exclude\n');
});

t.test('empty include list is valid and captures nothing', async (t) => {
  for (const input of [{ include: [inc('', 'values.yaml:3')], exclude: [] }, { include: [], exclude: [] }, { include: [inc([], 'x')], exclude: [] }]) {
    const r = combineRanges(input);
    t.same([r.all, r.ipv4, r.ipv6, r.ranges], [false, [], [], []]);
    t.equal(formatRanges(r, 'csv'), '');
    t.equal(formatRanges(r, 'list'), '');
    t.equal(formatRanges(r, 'json'), '{"ipv4":[],"ipv6":[]}');
    t.equal(formatRanges(r, 'helm-set'), '--set global.proxy.includeIPRanges=');
    t.equal(explainRanges(r), 'includeIPRanges: none (nothing is captured)\nexcludeIPRanges: none\n');
  }
});

t.test('parse errors name the source origin', async (t) => {
  try {
    combineRanges({ include: [inc('10.0.0.0/8', 'a'), inc('10.0.0.0/33', '--include')], exclude: [] });
    t.fail('should throw');
  } catch (e) {
    t.ok(e instanceof RenderInjectorError);
    t.equal((e as RenderInjectorError).code, 'E_CIDR');
    t.same((e as RenderInjectorError).place, { file: '--include' });
    t.match((e as RenderInjectorError).toLine(), /^--include: invalid CIDR "10\.0\.0\.0\/33"/);
  }
  t.throws(() => combineRanges({ include: [], exclude: [inc('*,10.0.0.0/8', 'values.yaml:4 (global.proxy.excludeIPRanges)')] }), {
    code: 'E_RANGE_LIST',
    place: { file: 'values.yaml:4 (global.proxy.excludeIPRanges)' },
  });
  t.throws(() => formatRanges(combineRanges({ include: [], exclude: [] }), 'yaml' as RangesFormat), { code: 'E_USAGE' });
});

t.test('warnings: host bits, overlap, an include removed entirely', async (t) => {
  const r = combineRanges({
    include: [inc('10.0.0.1/24', 'icp'), inc('10.96.0.0/12', 'minikube'), inc('172.16.0.0/12,172.16.1.0/24', 'x')],
    exclude: [inc('10.96.0.0/12', '--exclude')],
  });
  t.same(r.warnings.map((w) => [w.code, w.place?.file]), [
    ['W_HOST_BITS', 'icp'],
    ['W_OVERLAP', 'x'],
    ['W_FULLY_EXCLUDED', 'minikube'],
  ]);
  t.same(r.ipv4, ['10.0.0.0/24', '172.16.0.0/12']);
});

t.test('the merged include list and the merged exclude list, apart from the effective set', async (t) => {
  const r = combineRanges({
    include: [inc('10.4.0.0/15', 'A'), inc('10.6.0.0/15,2001:db8::/32', 'B')],
    exclude: [inc('10.4.1.0/24', 'X')],
  });
  t.same(r.include, { ipv4: ['10.4.0.0/14'], ipv6: ['2001:db8::/32'] }, 'includes merged, canonical, nothing taken away');
  t.same(r.exclude, { ipv4: ['10.4.1.0/24'], ipv6: [] });
  t.same(r.ipv4, ['10.4.0.0/24', '10.4.2.0/23', '10.4.4.0/22', '10.4.8.0/21', '10.4.16.0/20', '10.4.32.0/19', '10.4.64.0/18', '10.4.128.0/17', '10.5.0.0/16', '10.6.0.0/15'], 'the effective set is include minus exclude');
  t.equal(formatRanges(r, 'csv'), r.ipv4.join(','), 'csv shows the effective set');
  t.equal(formatRanges(r, 'helm-set'), '--set global.proxy.includeIPRanges=10.4.0.0/14 --set global.proxy.excludeIPRanges=10.4.1.0/24', 'helm-set gives the chart the two lists');
  t.same(combineRanges({ include: [inc('*', 'chart'), inc('2001:db8::/32', 'B')], exclude: [] }).include, { ipv4: [], ipv6: ['2001:db8::/32'] }, 'a "*" names no range');
});

t.test('an exclude outside every include does nothing, and says so', async (t) => {
  const r = combineRanges({
    include: [inc('10.0.0.0/8', 'A')],
    exclude: [inc('10.1.0.0/16,192.0.2.0/24', 'X'), inc('2001:db8::/32', 'Y'), inc('198.51.100.0/28,198.51.100.16/28,198.51.100.32/28,198.51.100.64/28,198.51.100.96/28,198.51.100.128/28', 'Z')],
  });
  t.same(r.warnings.map((w) => [w.code, w.place?.file, w.message]), [
    ['W_EXCLUDE_OUTSIDE', 'X', 'excluded 192.0.2.0/24 lies outside every included range, so excluding it changes nothing'],
    ['W_EXCLUDE_OUTSIDE', 'Y', 'excluded 2001:db8::/32 lies outside every included range, so excluding it changes nothing'],
    ['W_EXCLUDE_OUTSIDE', 'Z', 'excluded 198.51.100.0/28, 198.51.100.16/28, 198.51.100.32/28, 198.51.100.64/28, 198.51.100.96/28 and 1 more lies outside every included range, so excluding it changes nothing'],
  ]);
  t.same(combineRanges({ include: [inc('*', 'chart')], exclude: [inc('192.0.2.0/24', 'X')] }).warnings, [], 'nothing lies outside "*"');
  t.same(combineRanges({ include: [inc('10.0.0.0/8', 'A')], exclude: [inc('10.0.0.0/7', 'X')] }).warnings.map((w) => w.code), ['W_FULLY_EXCLUDED'], 'an exclude that overlaps an include does something');
});

t.test('helm-set spliced in with $(...) reaches Helm as one assignment', async (t) => {
  const r = combineRanges({ include: [inc('10.0.0.0/8,172.16.0.0/12,fd00::/8', 'x')], exclude: [] });
  const arg = formatRanges(r, 'helm-set');
  t.equal(arg, '--set global.proxy.includeIPRanges=10.0.0.0/8\\,172.16.0.0/12');
  // A real POSIX shell, the way the help shows it: helm template ... $(render-injector ranges --format helm-set).
  const argv = execFileSync('sh', ['-c', 'set -- $(printf "%s" "$1"); for a in "$@"; do printf "%s\\0" "$a"; done', 'sh', arg], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
  t.same(argv, ['--set', 'global.proxy.includeIPRanges=10.0.0.0/8\\,172.16.0.0/12']);
  // Helm's strvals: an unescaped comma would start a new assignment; here there is none, and unescaping gives the list.
  const assignment = argv[1]!;
  t.notMatch(assignment.replace(/\\./g, ''), /,/);
  const value = assignment.slice(assignment.indexOf('=') + 1).replace(/\\(.)/g, '$1');
  t.same(combineRanges({ include: [inc(value, 'round trip')], exclude: [] }).ipv4, r.ipv4);
});

t.test('explain names every source, provider ranges included', async (t) => {
  const gke = providerRanges({
    provider: 'gke',
    clusterInfo: {
      name: 'describe.yaml',
      text: 'clusterIpv4Cidr: 10.8.0.0/14\nservicesIpv4Cidr: 34.118.224.0/20\nipAllocationPolicy:\n  clusterIpv4CidrBlock: 10.8.0.0/14\n',
    },
  });
  const sources = providerSources(gke.ranges, 'gke');
  t.same(sources, [
    { value: '10.8.0.0/14', origin: 'gke describe.yaml: clusterIpv4Cidr' },
    { value: '34.118.224.0/20', origin: 'gke describe.yaml: servicesIpv4Cidr' },
  ]);
  const r = combineRanges({ include: [...sources, inc('10.10.0.0/16', '--include')], exclude: [inc('10.9.0.0/16', 'values.yaml:7 (global.proxy.excludeIPRanges)')] });
  t.equal(
    explainRanges(r),
    [
      'includeIPRanges: 10.8.0.0/16,10.10.0.0/15,34.118.224.0/20',
      '  10.8.0.0/16      from gke describe.yaml: clusterIpv4Cidr',
      '  10.10.0.0/15     from gke describe.yaml: clusterIpv4Cidr; --include',
      '  34.118.224.0/20  from gke describe.yaml: servicesIpv4Cidr',
      'excludeIPRanges: 10.9.0.0/16',
      '  10.9.0.0/16  from values.yaml:7 (global.proxy.excludeIPRanges)',
      '',
    ].join('\n'),
  );
  const k3s = providerSources(providerRanges({ provider: 'k3s' }).ranges, 'k3s');
  t.same(k3s.map((s) => s.origin), ['k3s default (--cluster-cidr)', 'k3s default (--service-cidr)']);
});

t.test('for Istio 1.20 and later (ipv6: true) csv, list and helm-set carry both families', async (t) => {
  const r = combineRanges({
    include: [{ value: '192.0.2.0/24,2001:db8::/32', origin: '--include' }],
    exclude: [{ value: '2001:db8:1::/48', origin: '--exclude' }],
  });
  t.equal(formatRanges(r, 'csv'), '192.0.2.0/24', 'Istio 0.8/1.0: IPv4 only');
  t.equal(formatRanges(r, 'csv', { ipv6: true }), '192.0.2.0/24,2001:db8::/48,2001:db8:2::/47,2001:db8:4::/46,2001:db8:8::/45,2001:db8:10::/44,2001:db8:20::/43,2001:db8:40::/42,2001:db8:80::/41,2001:db8:100::/40,2001:db8:200::/39,2001:db8:400::/38,2001:db8:800::/37,2001:db8:1000::/36,2001:db8:2000::/35,2001:db8:4000::/34,2001:db8:8000::/33');
  t.equal(formatRanges(r, 'list', { ipv6: true }).split('\n').length, 17);
  t.equal(
    formatRanges(r, 'helm-set', { ipv6: true }),
    '--set global.proxy.includeIPRanges=192.0.2.0/24\\,2001:db8::/32 --set global.proxy.excludeIPRanges=2001:db8:1::/48',
    'the two lists, both families',
  );
  t.equal(formatRanges(r, 'helm-set'), '--set global.proxy.includeIPRanges=192.0.2.0/24', 'Istio 0.8/1.0: the IPv6 exclude is left out');
  const all6 = combineRanges({ include: [{ value: '*', origin: 'chart' }], exclude: [{ value: '2001:db8::/32', origin: '--exclude' }] });
  t.equal(formatRanges(all6, 'csv'), '*', 'an IPv6-only exclude leaves the IPv4 value at *');
  t.not(formatRanges(all6, 'csv', { ipv6: true }), '*', 'but not the dual-family value');
  t.match(formatRanges(all6, 'csv', { ipv6: true }), /^0\.0\.0\.0\/0,::\/3,/);
});
