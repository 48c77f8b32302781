import t from 'tap';
import fc from 'fast-check';
import { captureFrom } from './helpers/settings.js';
import type { CaptureSettings } from '../lib/values/settings.js';
import {
  accept, buildPlan, checkPlan, destination, dport, isBuiltin,
  inInterface, isCanonicalCidr, jump, knownChains, knownHooks, mark, outInterface, owner, protocol, redirect, reject,
  returnTarget, established, socket, tproxy, type CapturedRanges, type Rule,
} from '../lib/plan/index.js';
import { parsePortList } from '../lib/values/ports.js';
import { RenderInjectorError } from '../lib/errors.js';
import { matchWords, targetWords } from '../lib/render/rule-words.js';
import { formatIPv6 } from '../lib/cidr/index.js';

const values = (over: Record<string, unknown> = {}, proxy: Record<string, unknown> = {}): CaptureSettings =>
  captureFrom({ renderInjector: over, global: { proxy } });
const ranges = (inc4: string[], exc4: string[] = [], inc6: string[] = [], exc6: string[] = [], all = false): CapturedRanges => ({
  all,
  include: { ipv4: inc4, ipv6: inc6 },
  exclude: { ipv4: exc4, ipv6: exc6 },
});
/** A rule in iptables words, from the writers' words for each match and target value (no template involved; the
 * iptables words of a match do not depend on the family). */
const words = (r: Rule) =>
  [r.table, r.chain, ...r.matches.map((m) => matchWords(m, 'ipv4').iptables.map((a) => a.join(' ')).join('|')), ...targetWords(r.target).iptables].join(' ');
const nftOf6 = (r: Rule) => [...r.matches.map((m) => matchWords(m, 'ipv6').nft), targetWords(r.target).nft].join(' ');
const codeOf = (fn: () => unknown) => {
  try { fn(); } catch (e) { return e instanceof RenderInjectorError ? `${e.code} ${e.place.path ?? ''}`.trim() : 'other'; }
  return 'none';
};

t.test('REDIRECT with listed ranges: Istio 0.8 rule order, hooks last, IPv6 left alone', async (t) => {
  const plan = buildPlan(values({}, { includeInboundPorts: '*', excludeInboundPorts: '15090, 22,' }), ranges(['198.51.100.0/24', '203.0.113.0/24'], ['203.0.113.128/25']));
  t.same([plan.mode, plan.proxyPort, plan.proxyUid, plan.proxyGid, plan.inboundPorts, plan.inboundExcluded], ['REDIRECT', 15001, 1337, 1337, '*', [15090, 22]]);
  const v4 = plan.families[0]!;
  t.equal(v4.family, 'ipv4');
  t.equal(v4.route, undefined);
  t.same(v4.chains.map((c) => `${c.table} ${c.chain}`), ['nat ISTIO_REDIRECT', 'nat ISTIO_INBOUND', 'nat ISTIO_OUTPUT']);
  t.same(v4.rules.map(words), [
    'nat ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
    'nat ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN',
    'nat ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN',
    'nat ISTIO_INBOUND -p tcp -j ISTIO_REDIRECT',
    'nat ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -j ISTIO_REDIRECT',
    'nat ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    'nat ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
    'nat ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN',
    'nat ISTIO_OUTPUT -d 203.0.113.128/25 -j RETURN',
    'nat ISTIO_OUTPUT -d 198.51.100.0/24|-d 203.0.113.0/24 -j ISTIO_REDIRECT',
    'nat ISTIO_OUTPUT -j RETURN',
    'nat PREROUTING -p tcp -j ISTIO_INBOUND',
    'nat OUTPUT -p tcp -j ISTIO_OUTPUT',
  ]);
  const included = v4.rules[9]!.matches[0]!;
  t.same(included, { kind: 'destination', cidrs: ['198.51.100.0/24', '203.0.113.0/24'], negate: false, set: 'include4' });
  t.same(matchWords(included, 'ipv4').set, { name: 'include4', family: 'ipv4', elements: ['198.51.100.0/24', '203.0.113.0/24'] });
  t.same(plan.families.map((f) => f.family), ['ipv4'], 'no IPv6 range named: ip6tables is not touched at all (as Istio since 1.5)');
});

t.test('IPv6 inbound lockdown, when asked for: loopback, replies, related errors and ICMPv6 pass, the rest is rejected', async (t) => {
  const plan = buildPlan(values({ blockInboundIpv6: true }), ranges(['198.51.100.0/24']));
  const v6 = plan.families[1]!;
  t.equal(v6.family, 'ipv6');
  t.same(v6.rules.map(words), [
    'filter ISTIO_BLOCK_INBOUND -i lo -j ACCEPT',
    'filter ISTIO_BLOCK_INBOUND -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    'filter ISTIO_BLOCK_INBOUND -p ipv6-icmp -j ACCEPT',
    'filter ISTIO_BLOCK_INBOUND -j REJECT',
    'filter INPUT -j ISTIO_BLOCK_INBOUND',
  ]);
  t.same(v6.rules.map(nftOf6).slice(0, 3), [
    'iifname "lo" accept',
    'ct state established,related accept',
    'meta l4proto ipv6-icmp accept',
  ]);
  const captured = buildPlan(values({ blockInboundIpv6: true }), ranges(['198.51.100.0/24'], [], ['2001:db8::/32']));
  t.notOk(captured.families.some((f) => f.rules.some((r) => r.chain === 'ISTIO_BLOCK_INBOUND')), 'IPv6 captured: no lockdown');
});

t.test('IPv6 capture: "auto" follows the IPv6 ranges named, true and false force it', async (t) => {
  const families = (v: CaptureSettings, r: CapturedRanges, o = {}) => buildPlan(v, r, o).families.map((f) => f.family);
  t.same(families(values(), ranges(['192.0.2.0/24'], [], ['2001:db8::/32'])), ['ipv4', 'ipv6'], 'auto: an IPv6 range named is captured');
  t.same(families(values(), ranges(['192.0.2.0/24'], [], [], ['2001:db8::/32'])), ['ipv4'], 'auto: an IPv6 exclude alone captures nothing');
  t.same(families(values(), ranges([], [], ['2001:db8::/32'], [], true)), ['ipv4'], 'auto: "*" alone leaves IPv6 alone');
  t.same(families(values({ ipv6: true }), ranges(['192.0.2.0/24'])), ['ipv4', 'ipv6'], 'true: captured (inbound ports too)');
  t.same(families(values({ ipv6: false }), ranges(['192.0.2.0/24'], [], ['2001:db8::/32'])), ['ipv4'], 'false: never touched');
  t.same(families(values(), ranges(['192.0.2.0/24']), { ipv6Named: true }), ['ipv4', 'ipv6'], 'auto: an IPv6 range the caller saw named (all of it excluded later)');
  t.same(families(values(), ranges(['192.0.2.0/24'], [], ['2001:db8::/32']), { ipv6Named: false }), ['ipv4'], 'auto: the caller saw none named');
  t.same(families(values({ ipv6: false }), ranges(['192.0.2.0/24'], [], ['2001:db8::/32']), { ipv6Named: true }), ['ipv4'], 'false: never touched, whatever was named');
});

t.test('outbound: "*" captures everything after the excludes; an empty include captures nothing', async (t) => {
  const all = buildPlan(values(), ranges([], ['192.0.2.0/24'], [], [], true)).families[0]!.rules.filter((r) => r.chain === 'ISTIO_OUTPUT');
  t.same(all.slice(-2).map(words), ['nat ISTIO_OUTPUT -d 192.0.2.0/24 -j RETURN', 'nat ISTIO_OUTPUT -j ISTIO_REDIRECT']);
  const none = buildPlan(values(), ranges([])).families[0]!.rules.filter((r) => r.chain === 'ISTIO_OUTPUT');
  t.same(none.map(words).at(-1), 'nat ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN', 'nothing after the loopback RETURN');
  t.notOk(none.some((r) => r.target.kind === 'jump' && r.matches.length === 0), 'no catch-all redirect');
});

t.test('inbound: a port list captures each port; an empty list adds no inbound chain or hook', async (t) => {
  const listed = buildPlan(values({ proxyPort: 15006 }, { includeInboundPorts: [9080, '9090', 9080] }), ranges([]));
  t.same(listed.inboundPorts, [9080, 9090]);
  t.same(listed.families[0]!.rules.filter((r) => r.chain === 'ISTIO_INBOUND').map(words), [
    'nat ISTIO_INBOUND -p tcp -m tcp --dport 9080 -j ISTIO_REDIRECT',
    'nat ISTIO_INBOUND -p tcp -m tcp --dport 9090 -j ISTIO_REDIRECT',
  ]);
  t.match(words(listed.families[0]!.rules[0]!), /--to-ports 15006$/);
  const none = buildPlan(values({}, { includeInboundPorts: '' }), ranges([])).families[0]!;
  t.notOk(none.chains.some((c) => c.chain === 'ISTIO_INBOUND'));
  t.notOk(none.rules.some((r) => r.chain === 'PREROUTING'));
});

t.test('TPROXY: mangle divert/tproxy chains, socket match, fwmark route', async (t) => {
  const plan = buildPlan(values({ interceptionMode: 'TPROXY', proxyUid: 1000, proxyGid: 2000 }, { includeInboundPorts: '8080' }), ranges(['198.51.100.0/24']));
  const v4 = plan.families[0]!;
  t.same(v4.route, { mark: 1337, routeTable: 133 });
  t.same(v4.chains.map((c) => `${c.table} ${c.chain}`), ['nat ISTIO_REDIRECT', 'mangle ISTIO_DIVERT', 'mangle ISTIO_TPROXY', 'mangle ISTIO_INBOUND', 'nat ISTIO_OUTPUT']);
  t.same(v4.rules.filter((r) => r.table === 'mangle').map(words), [
    'mangle ISTIO_DIVERT -j MARK --set-mark 1337',
    'mangle ISTIO_DIVERT -j ACCEPT',
    'mangle ISTIO_TPROXY ! -d 127.0.0.1/32 -p tcp -j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15001',
    'mangle ISTIO_INBOUND -p tcp -m tcp --dport 8080 -m socket -j ISTIO_DIVERT',
    'mangle ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j ISTIO_TPROXY',
    'mangle PREROUTING -p tcp -j ISTIO_INBOUND',
  ]);
  t.ok(v4.rules.some((r) => words(r) === 'nat ISTIO_OUTPUT -m owner --uid-owner 1000 -j RETURN'));
  t.ok(v4.rules.some((r) => words(r) === 'nat ISTIO_OUTPUT -m owner --gid-owner 2000 -j RETURN'));
  const star = buildPlan(values({ interceptionMode: 'TPROXY' }), ranges([])).families[0]!;
  t.same(star.rules.filter((r) => r.chain === 'ISTIO_INBOUND').map(words).slice(-2), [
    'mangle ISTIO_INBOUND -p tcp -m socket -j ISTIO_DIVERT',
    'mangle ISTIO_INBOUND -p tcp -j ISTIO_TPROXY',
  ]);
});

t.test('IPv6 on: the same rules for the IPv6 part with ::1/128; off: no IPv6 rules', async (t) => {
  const plan = buildPlan(values({ ipv6: true }, { includeInboundPorts: '8080' }), ranges(['192.0.2.0/24'], [], ['2001:db8:1::/48'], ['2001:db8:1:2::/64']));
  const v6 = plan.families[1]!;
  t.equal(v6.family, 'ipv6');
  t.same(v6.rules.filter((r) => r.chain === 'ISTIO_OUTPUT').map(words), [
    'nat ISTIO_OUTPUT -o lo ! -d ::1/128 -j ISTIO_REDIRECT',
    'nat ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    'nat ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN',
    'nat ISTIO_OUTPUT -d ::1/128 -j RETURN',
    'nat ISTIO_OUTPUT -d 2001:db8:1:2::/64 -j RETURN',
    'nat ISTIO_OUTPUT -d 2001:db8:1::/48 -j ISTIO_REDIRECT',
    'nat ISTIO_OUTPUT -j RETURN',
  ]);
  const captured = v6.rules.find((r) => r.chain === 'ISTIO_OUTPUT' && r.target.kind === 'jump' && r.matches[0]?.kind === 'destination');
  t.equal(matchWords(captured!.matches[0]!, 'ipv6').nft, 'ip6 daddr @include6');
  const off = buildPlan(values(), ranges([]));
  t.same(off.families.map((f) => f.family), ['ipv4']);
});

t.test('bad values stop at the settings boundary with E_VALUES and the key path, before any plan', async (t) => {
  const ok = ranges(['192.0.2.0/24']);
  t.equal(codeOf(() => buildPlan(values({}, { includeInboundPorts: '80,http' }), ok)), 'E_VALUES global.proxy.includeInboundPorts');
  t.equal(codeOf(() => buildPlan(values({}, { includeInboundPorts: '*,80' }), ok)), 'E_VALUES global.proxy.includeInboundPorts');
  t.equal(codeOf(() => buildPlan(values({}, { excludeInboundPorts: '*' }), ok)), 'E_VALUES global.proxy.excludeInboundPorts');
  t.equal(codeOf(() => buildPlan(values({}, { includeInboundPorts: '65536' }), ok)), 'E_VALUES global.proxy.includeInboundPorts');
  t.equal(codeOf(() => buildPlan(values({}, { includeInboundPorts: '080' }), ok)), 'E_VALUES global.proxy.includeInboundPorts');
  t.equal(codeOf(() => buildPlan(values({ proxyPort: 0 }), ok)), 'E_VALUES renderInjector.proxyPort');
  t.equal(codeOf(() => buildPlan(values({ proxyUid: 1.5 }), ok)), 'E_VALUES renderInjector.proxyUid');
  t.equal(codeOf(() => buildPlan(values({ proxyGid: '1337' }), ok)), 'E_VALUES renderInjector.proxyGid');
  t.equal(codeOf(() => buildPlan(values({ interceptionMode: 'NAT' }), ok)), 'E_VALUES renderInjector.interceptionMode');
  t.throws(() => buildPlan(values({}, { includeInboundPorts: '80,http' }), ok), { message: /port "http" in "80,http" is not a port number/ });
});

t.test('parsePortList', async (t) => {
  const p = { file: 'v.yaml', line: 4, path: 'p' };
  t.same(parsePortList('', p), []);
  t.same(parsePortList(' * ', p), '*');
  t.same(parsePortList(['*'], p), '*');
  t.same(parsePortList('9080, 9090,', p), [9080, 9090]);
  t.same(parsePortList([1, '65535'], p), [1, 65535]);
  t.same(parsePortList('80,443,80, 8080,443', p), [80, 443, 8080], 'unique, in their first order');
  t.throws(() => parsePortList('0', p), { code: 'E_VALUES', place: p });
  t.throws(() => parsePortList('*', p, false), { message: /cannot be "\*"/, place: p });
});

t.test('canonical CIDRs: strict syntax, no host bits; IPv6 in RFC 5952 form', async (t) => {
  for (const c of ['0.0.0.0/0', '10.0.0.0/8', '192.0.2.1/32', '255.255.255.255/32']) t.ok(isCanonicalCidr(c, 'ipv4'), c);
  for (const c of ['10.0.0.1/8', '010.0.0.0/8', '127.1/16', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/08', '256.0.0.0/8', '::/0']) t.notOk(isCanonicalCidr(c, 'ipv4'), c);
  for (const c of ['::/0', '::1/128', '2001:db8::/32', 'fe80::/10', '2001:db8:0:1::/64', '1:0:0:1::/64']) t.ok(isCanonicalCidr(c, 'ipv6'), c);
  for (const c of ['2001:DB8::/32', '2001:0db8::/32', '2001:db8:0:0::/64', '2001:db8::1/32', '::/129', '1::2::3/128', '1:2:3:4:5:6:7:8:9/128', 'g::/16', '12345::/16', '1:2:3:4:5:6:7/128', '10.0.0.0/8'])
    t.notOk(isCanonicalCidr(c, 'ipv6'), c);
});

t.test('IPv6 canonical form agrees with the WHATWG URL parser (RFC 5952 oracle)', async (t) => {
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
  fc.assert(
    fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (g) => {
      const full = g.map((x) => x.toString(16)).join(':');
      const oracle = new URL(`http://[${full}]/`).hostname.slice(1, -1);
      const value = g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
      // IPv4-mapped addresses (::ffff:0:0/96) are refused as ranges: the kernel sends them as IPv4.
      const mapped = value >> 32n === 0xffffn;
      return (
        formatIPv6(value) === oracle &&
        isCanonicalCidr(`${oracle}/128`, 'ipv6') === !mapped &&
        (full === oracle || !isCanonicalCidr(`${full}/128`, 'ipv6'))
      );
    }),
    { numRuns: 500 },
  );
  // The mapped prefix drawn on purpose: five zero groups, then ffff.
  const mappedGroups = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }));
  fc.assert(
    fc.property(mappedGroups, ([hi, lo]) => {
      const oracle = new URL(`http://[0:0:0:0:0:ffff:${hi.toString(16)}:${lo.toString(16)}]/`).hostname.slice(1, -1);
      return formatIPv6((0xffffn << 32n) | (BigInt(hi) << 16n) | BigInt(lo)) === oracle && !isCanonicalCidr(`${oracle}/128`, 'ipv6');
    }),
    { numRuns: 100 },
  );
  t.pass('500 random addresses agree; 100 IPv4-mapped ones format the same and are refused as ranges');
});

t.test('matches and targets: iptables words and nft expressions', async (t) => {
  const m = (x: Parameters<typeof matchWords>[0], family: 'ipv4' | 'ipv6' = 'ipv4') => matchWords(x, family);
  t.same(m(protocol('tcp')).nft, 'meta l4proto tcp');
  t.same(m(destination(['10.0.0.0/8', '192.0.2.0/24'])).nft, 'ip daddr { 10.0.0.0/8, 192.0.2.0/24 }');
  t.same(m(destination(['::1/128'], { negate: true }), 'ipv6').nft, 'ip6 daddr != ::1/128');
  t.same(m(destination(['::1/128'], { negate: true }), 'ipv6').iptables, [['!', '-d', '::1/128']]);
  t.equal(m(destination(['::1/128']), 'ipv6').set, undefined);
  t.same(m(outInterface('lo')).nft, 'oifname "lo"');
  t.same(m(owner('uid', 0)).nft, 'meta skuid 0');
  t.same(m(owner('gid', 7)).iptables, [['-m', 'owner', '--gid-owner', '7']]);
  t.same(m(dport(22)).nft, 'tcp dport 22');
  t.same(m(socket()).iptables, [['-m', 'socket']]);
  t.same(m(socket()).nft, 'socket wildcard 0');
  t.same(targetWords(accept()).nft, 'accept');
  t.same(m(established()).nft, 'ct state established,related');
  t.same(m(inInterface('lo')).nft, 'iifname "lo"');
  t.same(m(protocol('ipv6-icmp')).iptables, [['-p', 'ipv6-icmp']]);
  t.same(targetWords(redirect(15001)).nft, 'redirect to :15001');
  t.same(targetWords(tproxy(15001, 1337)).nft, 'tproxy to :15001 meta mark set 1337 accept');
  t.same(targetWords(jump('ISTIO_X')).nft, 'jump ISTIO_X');
  t.same(targetWords(returnTarget()).nft, 'return');
  t.same(targetWords(mark(7)).nft, 'meta mark set 7');
  t.same(targetWords(accept()).iptables, ['-j', 'ACCEPT']);
  t.same(targetWords(reject()).nft, 'reject');
});

t.test('checkPlan: a plan from outside is checked whole, each bad field refused with its path', async (t) => {
  const planned = () => buildPlan(values({ ipv6: true, interceptionMode: 'TPROXY', blockInboundIpv6: false }), ranges(['192.0.2.0/24'], [], ['2001:db8::/32']));
  t.equal(checkPlan(planned()).mode, 'TPROXY', "the planner's plans pass");
  for (const plan of [buildPlan(values(), ranges([], [], [], [], true)), buildPlan(values({ blockInboundIpv6: true }), ranges([])), buildPlan(values({}, { includeInboundPorts: '80,443' }), ranges(['192.0.2.0/24']))]) {
    const json = JSON.parse(JSON.stringify(plan)) as unknown;
    t.same(checkPlan(json), plan, 'and read back from JSON');
  }
  /** A planned plan with one change made by `edit`; a rule is added to the IPv4 family's chain ISTIO_OUTPUT (nat). */
  const bad = (edit: (p: ReturnType<typeof planned>, add: (r: Partial<Rule>) => void) => void) => () => {
    const p = planned();
    const v4 = p.families[0]!;
    if (!v4.chains.some((c) => c.table === 'nat' && c.chain === 'ISTIO_OUTPUT')) v4.chains.push({ table: 'nat', chain: 'ISTIO_OUTPUT' });
    edit(p, (r) => v4.rules.push({ table: 'nat', chain: 'ISTIO_OUTPUT', matches: [], target: returnTarget(), ...r }));
    return checkPlan(p);
  };
  const x = <T>(v: unknown) => v as T;
  const n = 'families[0].rules[';
  const rulesBefore = planned().families[0]!.rules.length;
  const r = `${n}${rulesBefore}]`;
  const cases: [string, () => unknown, string][] = [
    ['not an object', () => checkPlan('plan'), 'E_RENDER plan'],
    ['mode', bad((p) => (p.mode = x('NAT'))), 'E_RENDER mode'],
    ['proxy port', bad((p) => (p.proxyPort = 0)), 'E_RENDER proxyPort'],
    ['proxy uid', bad((p) => (p.proxyUid = 2 ** 32 - 1)), 'E_RENDER proxyUid'],
    ['proxy gid', bad((p) => (p.proxyGid = x('1337; reboot'))), 'E_RENDER proxyGid'],
    ['inbound ports', bad((p) => (p.inboundPorts = x('80'))), 'E_RENDER inboundPorts'],
    ['an inbound port', bad((p) => (p.inboundPorts = [80, 65536])), 'E_RENDER inboundPorts[1]'],
    ['an excluded port', bad((p) => (p.inboundExcluded = [x('22\nflush')])), 'E_RENDER inboundExcluded[0]'],
    ['families', bad((p) => (p.families = x({}))), 'E_RENDER families'],
    ['family', bad((p) => (p.families[1]!.family = x('inet'))), 'E_RENDER families[1].family'],
    ['family twice', bad((p) => (p.families[1]!.family = 'ipv4')), 'E_RENDER families[1].family'],
    ['family plan', bad((p) => p.families.push(x(null))), 'E_RENDER families[2]'],
    ['chain table', bad((p) => p.families[0]!.chains.push({ table: x('raw'), chain: 'ISTIO_X' })), `E_RENDER families[0].chains[${planned().families[0]!.chains.length}].table`],
    ['chain name', bad((p) => (p.families[0]!.chains[0]!.chain = 'ISTIO X')), 'E_RENDER families[0].chains[0].chain'],
    ['chain twice', bad((p) => p.families[0]!.chains.push({ ...p.families[0]!.chains[0]! })), `E_RENDER families[0].chains[${planned().families[0]!.chains.length}].chain`],
    ['built-in chain created', bad((p) => (p.families[0]!.chains[0]!.chain = 'OUTPUT')), 'E_RENDER families[0].chains[0].chain'],
    ['rule chain name', bad((_, add) => add({ chain: 'ISTIO OUTPUT' })), `E_RENDER ${r}.chain`],
    ['rule in a chain the plan lacks', bad((_, add) => add({ chain: 'ISTIO_ELSEWHERE' })), `E_RENDER ${r}.chain`],
    ['rule in a built-in chain without a hook', bad((_, add) => add({ table: 'filter', chain: 'OUTPUT' })), `E_RENDER ${r}.chain`],
    ['rule table', bad((_, add) => add({ table: x('raw') })), `E_RENDER ${r}.table`],
    ['matches', bad((_, add) => add({ matches: x('tcp') })), `E_RENDER ${r}.matches`],
    ['empty destination', bad((_, add) => add({ matches: [destination([])] })), `E_RENDER ${r}.matches[0].cidrs`],
    ['not canonical', bad((_, add) => add({ matches: [destination(['192.0.2.1/24'])] })), `E_RENDER ${r}.matches[0].cidrs[0]`],
    ['wrong family', bad((_, add) => add({ matches: [destination(['192.0.2.0/24', '2001:db8::/32'])] })), `E_RENDER ${r}.matches[0].cidrs[1]`],
    ['negate', bad((_, add) => add({ matches: [{ ...destination(['192.0.2.0/24']), negate: x('yes') }] })), `E_RENDER ${r}.matches[0].negate`],
    ['set name', bad((_, add) => add({ matches: [destination(['192.0.2.0/24'], { set: 'Bad-Name' })] })), `E_RENDER ${r}.matches[0].set`],
    ['set name reused with other ranges', bad((_, add) => add({ matches: [destination(['198.51.100.0/24'], { set: 'include4' })] })), `E_RENDER ${r}.matches[0].set`],
    ['interface', bad((_, add) => add({ matches: [outInterface('lo; rm -rf /')] })), `E_RENDER ${r}.matches[0].name`],
    ['in interface', bad((_, add) => add({ matches: [inInterface('lo"')] })), `E_RENDER ${r}.matches[0].name`],
    ['uid', bad((_, add) => add({ matches: [owner('uid', -1)] })), `E_RENDER ${r}.matches[0].id`],
    ['owner kind', bad((_, add) => add({ matches: [{ kind: 'owner', which: x('skuid 0 accept;'), id: 0 }] })), `E_RENDER ${r}.matches[0].which`],
    ['protocol', bad((_, add) => add({ matches: [{ kind: 'protocol', protocol: x('tcp accept') }] })), `E_RENDER ${r}.matches[0].protocol`],
    ['conntrack state', bad((_, add) => add({ matches: [{ kind: 'conntrack', states: [x('NEW; flush ruleset')] }] })), `E_RENDER ${r}.matches[0].states[0]`],
    ['no conntrack state', bad((_, add) => add({ matches: [{ kind: 'conntrack', states: [] }] })), `E_RENDER ${r}.matches[0].states`],
    ['match kind', bad((_, add) => add({ matches: [x({ kind: 'string' })] })), `E_RENDER ${r}.matches[0].kind`],
    ['port', bad((_, add) => add({ matches: [dport(70000)] })), `E_RENDER ${r}.matches[0].port`],
    ['redirect port', bad((_, add) => add({ target: redirect(0) })), `E_RENDER ${r}.target.port`],
    ['tproxy mark', bad((_, add) => add({ target: tproxy(15001, 0) })), `E_RENDER ${r}.target.mark`],
    ['tproxy port', bad((_, add) => add({ target: tproxy(65536, 1337) })), `E_RENDER ${r}.target.port`],
    ['mark', bad((_, add) => add({ target: mark(2 ** 32) })), `E_RENDER ${r}.target.mark`],
    ['jump chain name', bad((_, add) => add({ target: jump('istio; reboot') })), `E_RENDER ${r}.target.chain`],
    ['jump to a chain the plan lacks', bad((_, add) => add({ target: jump('ISTIO_NOWHERE') })), `E_RENDER ${r}.target.chain`],
    ['target kind', bad((_, add) => add({ target: x({ kind: 'DROP' }) })), `E_RENDER ${r}.target.kind`],
    ['target', bad((_, add) => add({ target: x(undefined) })), `E_RENDER ${r}.target`],
    ['route', bad((p) => (p.families[0]!.route = x('1337'))), 'E_RENDER families[0].route'],
    ['route mark', bad((p) => (p.families[0]!.route = { mark: x('1\nflush ruleset'), routeTable: 133 })), 'E_RENDER families[0].route.mark'],
    ['route table', bad((p) => (p.families[0]!.route = { mark: 1337, routeTable: 0 })), 'E_RENDER families[0].route.routeTable'],
  ];
  for (const [name, fn, want] of cases) t.equal(codeOf(fn), want, name);
  t.equal(codeOf(bad(() => undefined)), 'none', 'the edit helper alone makes a good plan');
  t.throws(bad((_, add) => add({ matches: [{ kind: 'conntrack', states: [x('NEW')] }] })), { message: /conntrack state "NEW" is not one of ESTABLISHED, RELATED/ });
  t.throws(bad((_, add) => add({ target: x({ kind: 'DROP' }) })), { message: /unknown target kind "DROP"/ });
  t.throws(bad((_, add) => add({ chain: 'ISTIO_ELSEWHERE' })), { message: /a rule in nat ISTIO_ELSEWHERE, which is neither one of the plan's chains nor a hook \(nat PREROUTING, nat OUTPUT, mangle PREROUTING, filter INPUT\)/ });
  t.throws(bad((_, add) => add({ target: jump('ISTIO_NOWHERE') })), { message: /jump to ISTIO_NOWHERE, which is not one of the plan's nat chains/ });
  t.throws(bad((_, add) => add({ target: x(undefined) })), { message: /target undefined is not an object/ });
  t.throws(bad((_, add) => add({ matches: [dport(x(() => 1))] })), { message: /port \(\) => 1 is not an integer/ }, 'a value without JSON is shown as it is');
  t.throws(bad((p) => p.families[1]!.rules.push({ table: 'nat', chain: 'ISTIO_OUTPUT', matches: [destination(['2001:db8::1/32'])], target: returnTarget() })), {
    message: /"2001:db8::1\/32" is not a canonical ipv6 CIDR/,
    hint: /RFC 5952/,
  });
});

t.test('known chains and hooks cover every chain and hook any plan adds', async (t) => {
  const plans = [
    buildPlan(values({ ipv6: true }), ranges(['192.0.2.0/24'], [], ['2001:db8::/32'])),
    buildPlan(values({ ipv6: true, interceptionMode: 'TPROXY' }), ranges([], [], [], [], true)),
    buildPlan(values(), ranges([])),
    buildPlan(values({ blockInboundIpv6: true }), ranges([])),
  ];
  for (const plan of plans) {
    for (const f of plan.families) {
      const chains = knownChains(f.family).map((c) => `${c.table} ${c.chain}`);
      for (const c of f.chains) t.ok(chains.includes(`${c.table} ${c.chain}`), `${f.family} ${c.table} ${c.chain}`);
      const hooks = knownHooks(f.family).map(words);
      for (const r of f.rules.filter((r) => isBuiltin(r.chain))) t.ok(hooks.includes(words(r)), words(r));
    }
  }
});
