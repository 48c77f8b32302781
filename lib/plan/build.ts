/**
 * Turns the capture settings and the computed ranges into an {@link InterceptionPlan}: the ordered rules per
 * family, as Istio's mid-2018 `istio-iptables.sh` lays them out (see each step below), as data.
 */
import type { CaptureSettings } from '../values/settings.js';
import {
  BLOCK_CHAIN, DIVERT_CHAIN, INBOUND_CHAIN, OUTPUT_CHAIN, REDIRECT_CHAIN, TPROXY_CHAIN, TPROXY_MARK, TPROXY_ROUTE_TABLE, loopback,
} from './chains.js';
import { established } from './match/conntrack.js';
import { destination } from './match/destination.js';
import { dport } from './match/dport.js';
import { inInterface } from './match/in-interface.js';
import { outInterface } from './match/out-interface.js';
import { owner } from './match/owner.js';
import { protocol } from './match/protocol.js';
import { socket } from './match/socket.js';
import { accept } from './target/accept.js';
import { jump } from './target/jump.js';
import { mark } from './target/mark.js';
import { redirect } from './target/redirect.js';
import { reject } from './target/reject.js';
import { returnTarget } from './target/return.js';
import { tproxy } from './target/tproxy.js';
import type { CapturedRanges, ChainRef, Family, FamilyPlan, InterceptionPlan, Rule } from './types.js';

/** Options of {@link buildPlan}. */
export interface PlanOptions {
  /**
   * Whether the include lists, as given, name an IPv6 range: what `renderInjector.ipv6: auto` captures IPv6 for
   * (the caller knows; `planInterception` passes it). Default: whether the effective includes hold IPv6 ranges
   * (`include.ipv6` non-empty and `all` false).
   */
  ipv6Named?: boolean;
}

interface Settings {
  mode: InterceptionPlan['mode'];
  port: number;
  uid: number;
  gid: number;
  inbound: '*' | number[];
  inboundExcluded: number[];
}

/** Rules for one captured family (Istio's steps 2 to 4). */
function capturePlan(family: Family, s: Settings, ranges: CapturedRanges): FamilyPlan {
  const chains: ChainRef[] = [];
  const rules: Rule[] = [];
  const hooks: Rule[] = [];
  const lo = loopback(family);
  const tcp = protocol('tcp');

  // 2. nat ISTIO_REDIRECT sends TCP to the proxy port.
  chains.push({ table: 'nat', chain: REDIRECT_CHAIN });
  rules.push({ table: 'nat', chain: REDIRECT_CHAIN, matches: [tcp], target: redirect(s.port) });

  // 3. Inbound: the listed ports, or every port but 22 and the excluded ones; nothing for an empty list.
  const tp = s.mode === 'TPROXY';
  if (s.inbound === '*' || s.inbound.length > 0) {
    if (tp) {
      chains.push({ table: 'mangle', chain: DIVERT_CHAIN }, { table: 'mangle', chain: TPROXY_CHAIN });
      rules.push(
        { table: 'mangle', chain: DIVERT_CHAIN, matches: [], target: mark(TPROXY_MARK) },
        { table: 'mangle', chain: DIVERT_CHAIN, matches: [], target: accept() },
        { table: 'mangle', chain: TPROXY_CHAIN, matches: [destination([lo], { negate: true }), tcp], target: tproxy(s.port, TPROXY_MARK) },
      );
    }
    const table = tp ? 'mangle' : 'nat';
    chains.push({ table, chain: INBOUND_CHAIN });
    const capture = (extra: Rule['matches']): Rule[] =>
      tp
        ? [
            { table, chain: INBOUND_CHAIN, matches: [tcp, ...extra, socket()], target: jump(DIVERT_CHAIN) },
            { table, chain: INBOUND_CHAIN, matches: [tcp, ...extra], target: jump(TPROXY_CHAIN) },
          ]
        : [{ table, chain: INBOUND_CHAIN, matches: [tcp, ...extra], target: jump(REDIRECT_CHAIN) }];
    if (s.inbound === '*') {
      for (const p of [22, ...s.inboundExcluded.filter((p) => p !== 22)]) {
        rules.push({ table, chain: INBOUND_CHAIN, matches: [tcp, dport(p)], target: returnTarget() });
      }
      rules.push(...capture([]));
    } else {
      for (const p of s.inbound) rules.push(...capture([dport(p)]));
    }
    hooks.push({ table, chain: 'PREROUTING', matches: [tcp], target: jump(INBOUND_CHAIN) });
  }

  // 4. Outbound.
  const out = (matches: Rule['matches'], target: Rule['target']): Rule => ({ table: 'nat', chain: OUTPUT_CHAIN, matches, target });
  chains.push({ table: 'nat', chain: OUTPUT_CHAIN });
  const v = family === 'ipv4' ? '4' : '6';
  rules.push(
    out([outInterface('lo'), destination([lo], { negate: true })], jump(REDIRECT_CHAIN)),
    out([owner('uid', s.uid)], returnTarget()),
    out([owner('gid', s.gid)], returnTarget()),
    out([destination([lo])], returnTarget()),
  );
  const excluded = ranges.exclude[family];
  if (excluded.length > 0) rules.push(out([destination(excluded, { set: `exclude${v}` })], returnTarget()));
  const included = ranges.include[family];
  if (ranges.all) {
    rules.push(out([], jump(REDIRECT_CHAIN)));
  } else if (included.length > 0) {
    rules.push(out([destination(included, { set: `include${v}` })], jump(REDIRECT_CHAIN)), out([], returnTarget()));
  }
  hooks.push({ table: 'nat', chain: 'OUTPUT', matches: [tcp], target: jump(OUTPUT_CHAIN) });

  return { family, chains, rules: [...rules, ...hooks], ...(tp ? { route: { mark: TPROXY_MARK, routeTable: TPROXY_ROUTE_TABLE } } : {}) };
}

/**
 * IPv6 not captured, and its inbound lockdown asked for: new inbound IPv6 connections are rejected in a chain of
 * our own. Istio 0.8 accepted only ESTABLISHED packets, which also rejected neighbour discovery and left the pod
 * without IPv6 egress (istio/istio#18956); here loopback, replies and the errors related to them (path MTU), and
 * every ICMPv6 message (neighbour and router discovery, multicast listener reports, errors) pass first.
 */
function blockPlan(): FamilyPlan {
  const chain = (matches: Rule['matches'], target: Rule['target']): Rule => ({ table: 'filter', chain: BLOCK_CHAIN, matches, target });
  return {
    family: 'ipv6',
    chains: [{ table: 'filter', chain: BLOCK_CHAIN }],
    rules: [
      chain([inInterface('lo')], accept()),
      chain([established()], accept()),
      chain([protocol('ipv6-icmp')], accept()),
      chain([], reject()),
      { table: 'filter', chain: 'INPUT', matches: [], target: jump(BLOCK_CHAIN) },
    ],
  };
}

/**
 * Builds the interception plan from settings the boundary checked (`initializeSettings`) and ranges the CIDR
 * engine computed: nothing here is validated again.
 *
 * @example
 * ```ts
 * import { buildPlan } from '../lib/plan/build.js';
 * import type { Settings } from '../lib/values/settings.js';
 * declare const settings: Settings;
 * const plan = buildPlan(settings.capture, { all: true, include: { ipv4: [], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } });
 * plan.families[0]?.rules.at(-1); // the nat OUTPUT hook: -p tcp -j ISTIO_OUTPUT
 * ```
 */
export function buildPlan(ri: CaptureSettings, ranges: CapturedRanges, options: PlanOptions = {}): InterceptionPlan {
  const s: Settings = {
    mode: ri.mode,
    port: ri.proxyPort,
    uid: ri.proxyUid,
    gid: ri.proxyGid,
    inbound: ri.inboundPorts,
    inboundExcluded: ri.inboundExcluded,
  };
  const families: FamilyPlan[] = [capturePlan('ipv4', s, ranges)];
  // IPv6 capture: true and false decide; "auto" captures IPv6 when the includes name an IPv6 range.
  const ipv6 = ri.ipv6 === 'auto' ? (options.ipv6Named ?? (!ranges.all && ranges.include.ipv6.length > 0)) : ri.ipv6;
  if (ipv6) families.push(capturePlan('ipv6', s, ranges));
  else if (ri.blockInboundIpv6) families.push(blockPlan());
  return {
    mode: s.mode,
    proxyPort: s.port,
    proxyUid: s.uid,
    proxyGid: s.gid,
    inboundPorts: s.inbound,
    inboundExcluded: s.inboundExcluded,
    families,
  };
}
