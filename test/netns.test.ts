import t from 'tap';
import { Value } from '@sinclair/typebox/value';
import { ValuesSchema, type Values } from '../lib/values/schema.js';
import { buildPlan, type CapturedRanges, type InterceptionPlan } from '../lib/plan/index.js';
import { renderIptables } from '../lib/render/iptables.js';
import type { TapTest as Test } from './helpers/tap.js';
import { createBench, nsOk, requireBench, seedOtherRules, type Bench } from './helpers/netns.js';

const ranges: CapturedRanges = {
  all: false,
  include: { ipv4: ['198.51.100.0/24', '203.0.113.0/24'], ipv6: ['2001:db8:1::/48'] },
  exclude: { ipv4: ['203.0.113.128/25'], ipv6: ['2001:db8:1:ff::/64'] },
};
const plan = (renderInjector: Record<string, unknown>): InterceptionPlan =>
  buildPlan(Value.Default(ValuesSchema, { renderInjector, global: { proxy: { includeInboundPorts: '8080' } } }) as Values, ranges);

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
function expectCapture(t: Test, bench: Bench, ipv6: boolean): void {
  const { pod, peer } = bench;
  t.match(bench.connect(pod, '198.51.100.10', 80), /^proxy .* orig=198\.51\.100\.10:80$/, 'included address lands on the proxy, original destination recoverable');
  t.match(bench.connect(pod, '203.0.113.10', 80), /^proxy .* orig=203\.0\.113\.10:80$/, 'second included range');
  t.match(bench.connect(pod, '203.0.113.200', 80), /^peer local=203\.0\.113\.200:80/, 'excluded address reaches the peer');
  t.match(bench.connect(pod, '192.0.2.2', 80), /^peer local=192\.0\.2\.2:80/, 'address outside the ranges reaches the peer');
  t.match(bench.connect(pod, '198.51.100.10', 80, 1337), /^peer /, 'uid/gid 1337 is never redirected');
  t.match(bench.connect(pod, '127.0.0.1', 9090), /^app local=127\.0\.0\.1:9090/, '127.0.0.1 is not redirected');
  t.match(bench.connect(peer, '192.0.2.1', 8080), /^proxy .* orig=192\.0\.2\.1:8080$/, 'inbound to a captured port is redirected');
  t.match(bench.connect(peer, '192.0.2.1', 9090), /^app local=192\.0\.2\.1:9090/, 'inbound to another port reaches the app');
  if (ipv6) {
    t.match(bench.connect(pod, '2001:db8:1::10', 80), /^proxy .* orig=\[2001:db8:1::10\]:80$/, 'IPv6 included address lands on the proxy');
    t.match(bench.connect(pod, '2001:db8:1:ff::10', 80), /^peer /, 'IPv6 excluded address reaches the peer');
    t.match(bench.connect(pod, '2001:db8:2::10', 80), /^peer /, 'IPv6 outside address reaches the peer');
    t.match(bench.connect(pod, '2001:db8:1::10', 80, 1337), /^peer /, 'IPv6 uid 1337 is never redirected');
    t.match(bench.connect(peer, '2001:db8:0:1::1', 8080), /^proxy .* orig=\[2001:db8:0:1::1\]:8080$/, 'IPv6 inbound captured port is redirected');
  } else {
    t.match(bench.connect(peer, '2001:db8:0:1::1', 9090), /^ERR ConnectionRefusedError/, 'IPv6 inbound is rejected when IPv6 is not captured');
    t.match(bench.connect(pod, '2001:db8:1::10', 80), /^peer /, 'IPv6 outbound is left alone');
  }
}

async function roundTrip(t: Test, format: Format, backend: Backend, ipv6: boolean): Promise<void> {
  const bench = await createBench(t);
  seedOtherRules(bench, backend);
  if (format === 'nft') nsOk(bench.pod, ['nft', 'add table inet other; add chain inet other out { type filter hook output priority 10; }; add rule inet other out ip daddr 203.0.113.250 accept']);
  t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^peer /, 'before: the peer answers directly');
  const before = bench.snapshot(backend);
  const p = plan({ ipv6 });
  load(bench, p, format, backend);
  const applied = bench.snapshot(backend);
  t.not(applied, before, 'the rules are in');
  expectCapture(t, bench, ipv6);
  if (format !== 'restore') {
    load(bench, p, format, backend);
    t.equal(bench.snapshot(backend), applied, 're-applying first removes the earlier run: same state');
  }
  load(bench, p, format, backend, true);
  t.equal(bench.snapshot(backend), before, 'cleanup leaves no trace (iptables-save, ip rule, routes, nft ruleset)');
  t.match(bench.connect(bench.pod, '198.51.100.10', 80), /^peer /, 'after cleanup: the peer answers directly');
}

t.test('network namespaces', { timeout: 240000 }, async (t) => {
  if (!requireBench(t)) return;
  for (const [format, backend] of [['script', 'nft'], ['script', 'legacy'], ['restore', 'nft'], ['restore', 'legacy'], ['nft', 'nft']] as const) {
    for (const ipv6 of [false, true]) {
      await t.test(`${format} (${format === 'nft' ? 'nft' : `iptables-${backend}`}), IPv6 ${ipv6 ? 'captured' : 'blocked'}`, (t) => roundTrip(t, format, backend, ipv6));
    }
  }

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
    const everything = buildPlan(Value.Default(ValuesSchema, {}) as Values, { all: true, include: none, exclude: none });
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
      const p = plan({ interceptionMode: 'TPROXY' });
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
