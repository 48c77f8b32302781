import t from 'tap';
import { buildPlan, type CapturedRanges, type InterceptionPlan } from '../lib/plan/index.js';
import { writeRules as renderIptables } from '../lib/render/iptables.js';
import { captureFrom } from './helpers/settings.js';
import type { TapTest as Test } from './helpers/tap.js';
import { planInterception, type InjectorOptions } from '../lib/pipeline/index.js';
import { createBench, nsOk, requireBench, seedOtherRules, SEND_BYTES, type Bench } from './helpers/netns.js';

const ranges: CapturedRanges = {
  all: false,
  include: { ipv4: ['198.51.100.0/24', '203.0.113.0/24'], ipv6: ['2001:db8:1::/48'] },
  exclude: { ipv4: ['203.0.113.128/25'], ipv6: ['2001:db8:1:ff::/64'] },
};
const plan = (renderInjector: Record<string, unknown>): InterceptionPlan =>
  buildPlan(captureFrom({ renderInjector, global: { proxy: { includeInboundPorts: '8080' } } }), ranges);

/** What IPv6 gets in a scenario: captured, left alone, or left alone but for the inbound lockdown. */
type Ipv6 = 'captured' | 'alone' | 'lockdown';

/**
 * The scenarios, each planned through the public API from the options a user gives: IPv4-only capture (every
 * provider preset), an IPv6 range named (captured with no other flag), and IPv4-only with the IPv6 lockdown.
 */
const scenarios: Record<Ipv6, InjectorOptions> = {
  alone: { include: ['198.51.100.0/24,203.0.113.0/24'], exclude: ['203.0.113.128/25'] },
  captured: { include: ['198.51.100.0/24,203.0.113.0/24', '2001:db8:1::/48'], exclude: ['203.0.113.128/25,2001:db8:1:ff::/64'] },
  lockdown: { include: ['198.51.100.0/24,203.0.113.0/24'], exclude: ['203.0.113.128/25'], set: ['renderInjector.blockInboundIpv6=true'] },
};
const planFor = (ipv6: Ipv6): InterceptionPlan =>
  planInterception({ ...scenarios[ipv6], setString: ['global.proxy.includeInboundPorts=8080'] });

type Format = 'script' | 'restore' | 'nft';
type Backend = 'nft' | 'legacy';

/** Applies (or cleans up) a plan in the pod namespace the way a user of each format would. */
function load(bench: Bench, p: InterceptionPlan, format: Format, backend: Backend, cleanup = false): void {
  const env = { IPTABLES: `iptables-${backend}`, IP6TABLES: `ip6tables-${backend}` };
  if (format === 'script') nsOk(bench.pod, ['sh', '-s'], renderIptables(p, { format, cleanup }), env);
  else if (format === 'nft') nsOk(bench.pod, ['nft', '-f', '-'], renderIptables(p, { format, cleanup }));
  else {
    for (const f of p.families) {
      const bin = `${f.family === 'ipv4' ? 'iptables' : 'ip6tables'}-${backend}-restore`;
      nsOk(bench.pod, [bin, '--noflush'], renderIptables(p, { format, family: f.family, cleanup }));
    }
  }
}

/** What the kernel does with each probe connection once the rules are in. */
function expectCapture(t: Test, bench: Bench, ipv6: Ipv6): void {
  const { pod, peer } = bench;
  t.match(bench.connect(pod, '198.51.100.10', 80), /^proxy .* orig=198\.51\.100\.10:80$/, 'included address lands on the proxy, original destination recoverable');
  t.match(bench.connect(pod, '203.0.113.10', 80), /^proxy .* orig=203\.0\.113\.10:80$/, 'second included range');
  t.match(bench.connect(pod, '203.0.113.200', 80), /^peer local=203\.0\.113\.200:80/, 'excluded address reaches the peer');
  t.match(bench.connect(pod, '192.0.2.2', 80), /^peer local=192\.0\.2\.2:80/, 'address outside the ranges reaches the peer');
  t.match(bench.connect(pod, '198.51.100.10', 80, 1337), /^peer /, 'uid/gid 1337 is never redirected');
  t.match(bench.connect(pod, '127.0.0.1', 9090), /^app local=127\.0\.0\.1:9090/, '127.0.0.1 is not redirected');
  t.match(bench.connect(peer, '192.0.2.1', 8080), /^proxy .* orig=192\.0\.2\.1:8080$/, 'inbound to a captured port is redirected');
  t.match(bench.connect(peer, '192.0.2.1', 9090), /^app local=192\.0\.2\.1:9090/, 'inbound to another port reaches the app');
  if (ipv6 === 'captured') {
    t.match(bench.connect(pod, '2001:db8:1::10', 80), /^proxy .* orig=\[2001:db8:1::10\]:80$/, 'IPv6 included address lands on the proxy, original destination recoverable');
    t.match(bench.connect(pod, '2001:db8:1:ff::10', 80), /^peer local=2001:db8:1:ff::10:80/, 'IPv6 excluded address reaches the peer');
    t.match(bench.connect(pod, '2001:db8:2::10', 80), /^peer local=2001:db8:2::10:80/, 'IPv6 address outside the ranges reaches the peer directly');
    t.match(bench.connect(pod, '2001:db8:1::10', 80, 1337), /^peer /, 'IPv6 uid 1337 is never redirected');
    t.match(bench.connect(peer, '2001:db8:0:1::1', 8080), /^proxy .* orig=\[2001:db8:0:1::1\]:8080$/, 'IPv6 inbound captured port is redirected');
  } else {
    t.match(bench.connect(pod, '2001:db8:1::10', 80), /^peer local=2001:db8:1::10:80/, 'IPv6 egress through the gateway reaches the peer directly');
    t.match(bench.connect(pod, '2001:db8:0:1::2', 80), /^peer local=2001:db8:0:1::2:80/, 'IPv6 egress on the link reaches the peer directly');
    t.match(bench.connect(pod, '::1', 9090), /^app local=::1:9090/, 'IPv6 loopback works');
    t.match(bench.neighbours(pod).join('\n'), /^2001:db8:0:1::2 lladdr /m, 'the pod resolved its IPv6 gateway with the rules in');
    if (ipv6 === 'lockdown') {
      t.match(bench.connect(peer, '2001:db8:0:1::1', 9090), /^ERR ConnectionRefusedError/, 'lockdown: new inbound IPv6 connections are rejected');
    } else {
      t.match(bench.connect(peer, '2001:db8:0:1::1', 9090), /^app local=2001:db8:0:1::1:9090/, 'inbound IPv6 is left alone');
    }
  }
}

async function roundTrip(t: Test, format: Format, backend: Backend, ipv6: Ipv6): Promise<void> {
  const bench = await createBench(t);
  seedOtherRules(bench, backend);
  if (format === 'nft') nsOk(bench.pod, ['nft', 'add table inet other; add chain inet other out { type filter hook output priority 10; }; add rule inet other out ip daddr 203.0.113.250 accept']);
  t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^peer /, 'before: the peer answers directly');
  const before = bench.snapshot(backend);
  const p = planFor(ipv6);
  t.same(p.families.map((f) => f.family), ipv6 === 'alone' ? ['ipv4'] : ['ipv4', 'ipv6'], 'families the plan touches');
  // Nothing learnt before the rules go in: neighbour discovery has to pass them.
  bench.flushNeighbours();
  t.same([...bench.neighbours(bench.pod), ...bench.neighbours(bench.peer)], [], 'no neighbour entries before the rules');
  load(bench, p, format, backend);
  const applied = bench.snapshot(backend);
  t.not(applied, before, 'the rules are in');
  if (ipv6 === 'alone') t.equal(applied.split('\n----\n')[1], before.split('\n----\n')[1], 'ip6tables-save is untouched');
  expectCapture(t, bench, ipv6);
  if (format !== 'restore') {
    load(bench, p, format, backend);
    t.equal(bench.snapshot(backend), applied, 're-applying first removes the earlier run: same state');
  }
  load(bench, p, format, backend, true);
  t.equal(bench.snapshot(backend), before, 'cleanup leaves no trace (iptables-save, ip6tables-save, ip rule, routes, nft ruleset)');
  t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^peer /, 'after cleanup: the peer answers directly');
}

t.test('network namespaces', { timeout: 900000 }, async (t) => {
  if (!requireBench(t)) return;
  const label: Record<Ipv6, string> = { alone: 'IPv4-only capture, IPv6 left alone', captured: 'an IPv6 range named is captured', lockdown: 'IPv4-only capture with the IPv6 inbound lockdown' };
  for (const [format, backend] of [['script', 'nft'], ['script', 'legacy'], ['restore', 'nft'], ['restore', 'legacy'], ['nft', 'nft'], ['nft', 'legacy']] as const) {
    for (const ipv6 of ['alone', 'captured', 'lockdown'] as const) {
      await t.test(`${format} (iptables-${backend}${format === 'nft' ? ' rules alongside' : ''}): ${label[ipv6]}`, (t) => roundTrip(t, format, backend, ipv6));
    }
  }

  await t.test('IPv6 lockdown: path-MTU discovery still works (ICMPv6 "packet too big" passes), for every format', async (t) => {
    for (const [format, backend] of [['script', 'nft'], ['script', 'legacy'], ['restore', 'legacy'], ['nft', 'nft']] as const) {
      const bench = await createBench(t, { far: true });
      seedOtherRules(bench, backend); // the tables exist before, as in a pod: iptables cannot remove a built-in table
      const before = bench.snapshot(backend);
      bench.flushNeighbours();
      load(bench, planFor('lockdown'), format, backend);
      t.equal(bench.send(bench.pod, '2001:db8:0:3::10'), `got ${SEND_BYTES}`, `${format} (${backend}): full-size IPv6 packets reach a host behind a 1280-byte link`);
      t.match(nsOk(bench.pod, ['ip', '-6', 'route', 'get', '2001:db8:0:3::10']), / mtu 1280 /, `${format} (${backend}): the pod learnt the path MTU`);
      load(bench, planFor('lockdown'), format, backend, true);
      t.equal(bench.snapshot(backend), before, `${format} (${backend}): cleanup leaves no trace`);
    }
  });

  await t.test('switching formats: the script removes an earlier nft ruleset, and its cleanup leaves no trace of either', async (t) => {
    const bench = await createBench(t);
    // A cleanup in a namespace that never had our rules touches nothing: no table is created by asking.
    for (const backend of ['nft', 'legacy'] as const) {
      const pristine = bench.snapshot(backend);
      load(bench, plan({ ipv6: true }), 'script', backend, true);
      t.equal(bench.snapshot(backend), pristine, `cleanup of nothing leaves nothing (${backend})`);
    }
    seedOtherRules(bench, 'nft');
    const before = bench.snapshot('nft');
    const none = { ipv4: [], ipv6: [] };
    const everything = buildPlan(captureFrom({}), { all: true, include: none, exclude: none });
    load(bench, everything, 'nft', 'nft');
    t.match(bench.connect(bench.pod, '192.0.2.2', 80), /^proxy /, 'the nft ruleset captures everything');
    load(bench, plan({}), 'script', 'nft');
    t.match(bench.connect(bench.pod, '192.0.2.2', 80), /^peer /, 'after the script only its ranges are captured');
    t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^proxy /);
    load(bench, plan({}), 'script', 'nft', true);
    t.equal(bench.snapshot('nft'), before, 'the script cleanup removed the nft table too');
  });

  for (const [format, backend] of [['script', 'nft'], ['script', 'legacy'], ['restore', 'nft'], ['nft', 'nft']] as const) {
    await t.test(`TPROXY ${format} (${backend}): inbound reaches the transparent proxy with its destination; cleanup exact`, async (t) => {
      const bench = await createBench(t, { transparentProxy: true });
      seedOtherRules(bench, backend);
      const before = bench.snapshot(backend);
      const p = plan({ interceptionMode: 'TPROXY', ipv6: false });
      load(bench, p, format, backend);
      if (format !== 'script') {
        nsOk(bench.pod, ['ip', '-f', 'inet', 'rule', 'add', 'fwmark', '1337', 'lookup', '133']);
        nsOk(bench.pod, ['ip', '-f', 'inet', 'route', 'add', 'local', 'default', 'dev', 'lo', 'table', '133']);
      }
      t.match(bench.connect(bench.peer, '192.0.2.1', 8080), /^proxy local=192\.0\.2\.1:8080 /, 'inbound lands on the proxy, local address = original destination');
      t.match(bench.connect(bench.peer, '192.0.2.1', 9090), /^app /, 'other inbound port reaches the app');
      t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^proxy .* orig=198\.51\.100\.10:80$/, 'outbound still redirected');
      load(bench, p, format, backend, true);
      if (format !== 'script') {
        nsOk(bench.pod, ['ip', '-f', 'inet', 'rule', 'del', 'fwmark', '1337', 'lookup', '133']);
        nsOk(bench.pod, ['ip', '-f', 'inet', 'route', 'flush', 'table', '133']);
      }
      t.equal(bench.snapshot(backend), before, 'cleanup leaves no trace');
    });
  }
});
