import t from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { matchGolden } from './helpers/golden.js';
import { buildPlan, destination, protocol, returnTarget, type CapturedRanges, type InterceptionPlan } from '../lib/plan/index.js';
import { NFT_TABLE, writeRules as renderIptables, type WriteRulesOptions as RenderIptablesOptions } from '../lib/render/iptables.js';
import { captureFrom } from './helpers/settings.js';
import { shellQuote, shellWords } from '../lib/quote/shell.js';
import { renderIptables as renderChecked } from '../lib/pipeline/index.js';
import type { IptablesOptions } from '../lib/pipeline/index.js';

const golden = new URL('./golden/iptables/', import.meta.url);

/** Named scenarios, each rendered in every format; also used by the namespace tests. */
export const scenarios: Record<string, { values: Record<string, unknown>; ranges: CapturedRanges }> = {
  'redirect-ranges': {
    values: { renderInjector: {}, global: { proxy: { includeInboundPorts: '8080', excludeInboundPorts: '' } } },
    ranges: { all: false, include: { ipv4: ['198.51.100.0/24', '203.0.113.0/24'], ipv6: [] }, exclude: { ipv4: ['203.0.113.128/25'], ipv6: [] } },
  },
  'redirect-all': {
    values: { renderInjector: {}, global: { proxy: { includeInboundPorts: '*', excludeInboundPorts: '15090' } } },
    ranges: { all: true, include: { ipv4: [], ipv6: [] }, exclude: { ipv4: ['192.0.2.0/24'], ipv6: [] } },
  },
  'empty-include': {
    values: { renderInjector: {}, global: { proxy: { includeInboundPorts: '' } } },
    ranges: { all: false, include: { ipv4: [], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } },
  },
  // renderInjector.ipv6 left at "auto": the IPv6 range named is what turns IPv6 capture on.
  'ipv6-redirect': {
    values: { renderInjector: {}, global: { proxy: { includeInboundPorts: '8080' } } },
    ranges: { all: false, include: { ipv4: ['198.51.100.0/24'], ipv6: ['2001:db8:1::/48'] }, exclude: { ipv4: [], ipv6: ['2001:db8:1:ff::/64'] } },
  },
  // IPv4 only, with the opt-in IPv6 inbound lockdown.
  'ipv6-lockdown': {
    values: { renderInjector: { blockInboundIpv6: true }, global: { proxy: { includeInboundPorts: '8080' } } },
    ranges: { all: false, include: { ipv4: ['198.51.100.0/24'], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } },
  },
  'tproxy': {
    values: { renderInjector: { interceptionMode: 'TPROXY' }, global: { proxy: { includeInboundPorts: '8080' } } },
    ranges: { all: false, include: { ipv4: ['198.51.100.0/24'], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } },
  },
};

const planOf = (name: string): InterceptionPlan => {
  const s = scenarios[name]!;
  return buildPlan(captureFrom(s.values), s.ranges);
};

const outputs: [string, RenderIptablesOptions][] = [
  ['script', { format: 'script' }],
  ['cleanup.script', { format: 'script', cleanup: true }],
  ['restore', { format: 'restore' }],
  ['cleanup.restore', { format: 'restore', cleanup: true }],
  ['restore6', { format: 'restore', family: 'ipv6' }],
  ['cleanup.restore6', { format: 'restore', family: 'ipv6', cleanup: true }],
  ['nft', { format: 'nft' }],
  ['cleanup.nft', { format: 'nft', cleanup: true }],
];

t.test('golden files per scenario and format (UPDATE_GOLDEN=1 rewrites them)', async (t) => {
  for (const name of Object.keys(scenarios)) {
    const plan = planOf(name);
    for (const [suffix, options] of outputs) {
      matchGolden(t, fileURLToPath(new URL(`${name}.${suffix}`, golden)), renderIptables(plan, options), `${name}.${suffix}`);
    }
  }
});

t.test('the script is valid POSIX sh, strict, and reads the backend from the environment', async (t) => {
  const script = renderIptables(planOf('tproxy'), { format: 'script' });
  t.match(script, /^#!\/bin\/sh\n/);
  t.match(script, /\nset -eu\n/);
  t.match(script, /\nIPTABLES=\$\{IPTABLES:-iptables\}\n/);
  t.match(script, /"\$IP" -f inet rule add fwmark 1337 lookup 133\n/);
  t.match(script, /"\$IPTABLES" -t nat -A ISTIO_OUTPUT -o lo '!' -d 127\.0\.0\.1\/32 -j ISTIO_REDIRECT\n/);
  for (const opts of outputs.filter(([, o]) => o.format === 'script')) {
    const r = spawnSync('sh', ['-n'], { input: renderIptables(planOf('ipv6-redirect'), opts[1]), encoding: 'utf8' });
    t.equal(r.status, 0, `sh -n accepts ${opts[0]}: ${r.stderr}`);
  }
  const v4only = renderIptables(planOf('ipv6-redirect'), { format: 'script', family: 'ipv4' });
  t.notMatch(v4only, /"\$IP6TABLES"/);
  for (const name of ['redirect-ranges', 'redirect-all', 'empty-include', 'tproxy']) {
    for (const cleanup of [false, true]) {
      t.notMatch(renderIptables(planOf(name), { format: 'script', cleanup }), /"\$IP6TABLES"|-f inet6|ip6 render_injector/, `${name}: IPv6 not captured, so the script never touches it`);
      t.notMatch(renderIptables(planOf(name), { format: 'nft', cleanup }), /table ip6/, `${name}: nor the nft ruleset`);
    }
  }
  const cleanup = renderIptables(planOf('redirect-ranges'), { format: 'script', cleanup: true });
  t.notMatch(cleanup, / -A | -N /, 'cleanup adds nothing');
});

t.test('restore and nft: one family each way, our chains only, sets for ranges', async (t) => {
  const plan = planOf('ipv6-redirect');
  const r6 = renderIptables(plan, { format: 'restore', family: 'ipv6' });
  t.match(r6, /ip6tables-restore --noflush/);
  t.match(r6, /-A ISTIO_OUTPUT -d 2001:db8:1::\/48 -j ISTIO_REDIRECT/);
  t.notMatch(r6, /198\.51\.100/);
  t.notMatch(r6, /^:(PREROUTING|OUTPUT|INPUT)/m, 'no built-in chain is declared, so --noflush keeps their rules');
  const none = buildPlan(captureFrom({ renderInjector: { blockInboundIpv6: false } }), scenarios['empty-include']!.ranges);
  t.notMatch(renderIptables(none, { format: 'restore', family: 'ipv6' }), /^\*/m, 'a family without rules gives no tables');
  const nft = renderIptables(plan, { format: 'nft', family: 'ipv6' });
  t.match(nft, new RegExp(`table ip6 ${NFT_TABLE} \\{\\n\\tset exclude6 \\{`));
  t.match(nft, /ip6 daddr @include6 jump ISTIO_REDIRECT/);
  t.notMatch(nft, /table ip /);
  t.match(renderIptables(plan, { format: 'nft' }), /table ip render_injector \{\}\ndelete table ip render_injector\n/);
});

t.test('a plan is data: JSON keeps its ranges, ports, interfaces and route, and the writers render it the same', async (t) => {
  const capture = captureFrom({
    renderInjector: { interceptionMode: 'TPROXY', ipv6: true },
    global: { proxy: { includeInboundPorts: '8080,9090' } },
  });
  const plan = buildPlan(capture, {
    all: false,
    include: { ipv4: ['198.51.100.0/24', '203.0.113.0/24'], ipv6: ['2001:db8:1::/48'] },
    exclude: { ipv4: ['203.0.113.128/25'], ipv6: ['2001:db8:1:ff::/64'] },
  });
  const back = JSON.parse(JSON.stringify(plan)) as InterceptionPlan;
  t.same(back, plan, 'nothing is lost on the way through JSON');
  const [v4, v6] = back.families;
  const output = (f: typeof v4) => f!.rules.filter((r) => r.chain === 'ISTIO_OUTPUT');
  t.same(output(v4).map((r) => r.matches), [
    [{ kind: 'out-interface', name: 'lo' }, { kind: 'destination', cidrs: ['127.0.0.1/32'], negate: true }],
    [{ kind: 'owner', which: 'uid', id: 1337 }],
    [{ kind: 'owner', which: 'gid', id: 1337 }],
    [{ kind: 'destination', cidrs: ['127.0.0.1/32'], negate: false }],
    [{ kind: 'destination', cidrs: ['203.0.113.128/25'], negate: false, set: 'exclude4' }],
    [{ kind: 'destination', cidrs: ['198.51.100.0/24', '203.0.113.0/24'], negate: false, set: 'include4' }],
    [],
  ]);
  t.same(output(v6).slice(4, 6).map((r) => [r.matches, r.target]), [
    [[{ kind: 'destination', cidrs: ['2001:db8:1:ff::/64'], negate: false, set: 'exclude6' }], { kind: 'RETURN' }],
    [[{ kind: 'destination', cidrs: ['2001:db8:1::/48'], negate: false, set: 'include6' }], { kind: 'jump', chain: 'ISTIO_REDIRECT' }],
  ]);
  t.same(v4!.rules.filter((r) => r.chain === 'ISTIO_INBOUND').map((r) => [r.matches, r.target.kind]), [
    [[{ kind: 'protocol', protocol: 'tcp' }, { kind: 'dport', port: 8080 }, { kind: 'socket' }], 'jump'],
    [[{ kind: 'protocol', protocol: 'tcp' }, { kind: 'dport', port: 8080 }], 'jump'],
    [[{ kind: 'protocol', protocol: 'tcp' }, { kind: 'dport', port: 9090 }, { kind: 'socket' }], 'jump'],
    [[{ kind: 'protocol', protocol: 'tcp' }, { kind: 'dport', port: 9090 }], 'jump'],
  ]);
  t.same(v4!.rules[0]!.target, { kind: 'REDIRECT', port: 15001 });
  t.same(v4!.rules.find((r) => r.chain === 'ISTIO_TPROXY')?.target, { kind: 'TPROXY', port: 15001, mark: 1337 });
  t.same([v4!.route, v6!.route], [{ mark: 1337, routeTable: 133 }, { mark: 1337, routeTable: 133 }]);
  const lockdown = JSON.parse(JSON.stringify(planOf('ipv6-lockdown'))) as InterceptionPlan;
  t.same(lockdown.families[1]!.rules.slice(0, 2).map((r) => r.matches), [
    [{ kind: 'in-interface', name: 'lo' }],
    [{ kind: 'conntrack', states: ['ESTABLISHED', 'RELATED'] }],
  ]);
  const plans: [string, InterceptionPlan][] = [['dual-stack tproxy', plan], ...Object.keys(scenarios).map((n): [string, InterceptionPlan] => [n, planOf(n)])];
  for (const [name, p] of plans) {
    const copy = JSON.parse(JSON.stringify(p)) as InterceptionPlan;
    // Through the public entry, which checks the plan read from JSON before it writes anything.
    for (const [suffix, options] of outputs) t.equal(renderChecked(copy, options as IptablesOptions), renderIptables(p, options), `${name}.${suffix} renders the same after JSON`);
  }
});

t.test('the TPROXY route is the plan\'s own: the writers print what it holds, and the public entry checks it', async (t) => {
  const plan = planOf('tproxy');
  plan.families[0]!.route = { mark: 77, routeTable: 200 };
  const script = renderIptables(plan, { format: 'script' });
  t.match(script, /"\$IP" -f inet rule add fwmark 77 lookup 200\n"\$IP" -f inet route add local default dev lo table 200\n/);
  t.match(script, /rule del fwmark 1337 lookup 133 /, 'the leftovers of an earlier run are still the known route');
  t.match(renderIptables(plan, { format: 'restore' }), /\n#   ip -f inet rule add fwmark 77 lookup 200\n/);
  t.match(renderIptables(plan, { format: 'nft', cleanup: true }), /\n#   ip -f inet rule del fwmark 77 lookup 200\n/);
  plan.families[0]!.route = { mark: '1\nflush ruleset' as unknown as number, routeTable: 200 };
  t.throws(() => renderChecked(plan, { format: 'nft' }), { code: 'E_RENDER', message: /route mark "1\\nflush ruleset" is not an integer/, place: { path: 'families[0].route.mark' } });
  plan.families[0]!.route = { mark: 77, routeTable: 0 };
  t.throws(() => renderChecked(plan, { format: 'restore' }), { code: 'E_RENDER', message: /route table 0 is not an integer from 1/, place: { path: 'families[0].route.routeTable' } });
});

t.test('render refuses what its targets cannot carry', async (t) => {
  const plan = planOf('redirect-ranges');
  t.throws(() => renderIptables(plan, { format: 'yaml' as 'nft' }), { code: 'E_RENDER', message: /unknown iptables format "yaml"/ });
  const hostile: InterceptionPlan = { ...plan, families: plan.families.map((f) => ({ ...f, rules: [...f.rules] })) };
  const at = hostile.families[0]!.rules.length;
  hostile.families[0]!.rules.push({ table: 'nat', chain: 'ISTIO OUTPUT', matches: [protocol('tcp'), destination(['192.0.2.0/24'])], target: returnTarget() });
  const badChain: InterceptionPlan = { ...plan, families: plan.families.map((f) => ({ ...f, chains: [...f.chains, { table: 'nat', chain: 'ISTIO X' }] })) };
  // The same refusal, with the same place, whatever the format: the plan is checked before any format is chosen.
  for (const format of ['script', 'restore', 'nft'] as const) {
    t.throws(() => renderChecked(hostile, { format }), { code: 'E_RENDER', message: /chain name "ISTIO OUTPUT"/, place: { path: `families[0].rules[${at}].chain` } }, `${format}: a rule's chain name`);
    t.throws(() => renderChecked(badChain, { format }), { code: 'E_RENDER', message: /chain name "ISTIO X"/, place: { path: `families[0].chains[${plan.families[0]!.chains.length}].chain` } }, `${format}: a chain to create`);
  }
});

t.test('shellQuote: sh reads every quoted word back unchanged', async (t) => {
  t.equal(shellQuote('ISTIO_OUTPUT'), 'ISTIO_OUTPUT');
  t.equal(shellQuote(''), "''");
  t.equal(shellQuote("it's"), "'it'\\''s'");
  t.equal(shellWords(['-t', 'nat', '!']), "-t nat '!'");
  t.throws(() => shellQuote('a\0b'), { code: 'E_RENDER' });
  const words = fc.array(fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 6 });
  const samples = fc.sample(words, { numRuns: 60, seed: 42 });
  samples.push([`$(touch /nonexistent)`, '`id`', '"; rm -rf / #', "'", '\n', '*', '~', '$HOME', '!!', 'a b']);
  const script = samples.map((ws) => `printf '%s\\0' ${shellWords(ws)}; printf '\\n--\\n'`).join('\n');
  const r = spawnSync('sh', ['-c', script], { encoding: 'buffer' });
  t.equal(r.status, 0);
  const back = r.stdout.toString('utf8').split('\n--\n').slice(0, -1).map((chunk) => chunk.split('\0').slice(0, -1));
  t.same(back, samples.map((ws) => ws.map((w) => Buffer.from(w, 'utf8').toString('utf8'))));
});
