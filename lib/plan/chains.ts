/**
 * The names the plan uses, and the full set of chains and hook rules any plan can add, so a cleanup can remove
 * the leftovers of an earlier run whatever its settings were (Istio's script did the same with a fixed list).
 */
import { protocol } from './match/protocol.js';
import { jump } from './target/jump.js';
import type { ChainRef, Family, Rule, TproxyRoute } from './types.js';

/** Chain that redirects to the proxy port (nat). */
export const REDIRECT_CHAIN = 'ISTIO_REDIRECT';
/** Chain for inbound traffic, jumped to from PREROUTING (nat for REDIRECT, mangle for TPROXY). */
export const INBOUND_CHAIN = 'ISTIO_INBOUND';
/** Chain for outbound traffic, jumped to from OUTPUT (nat). */
export const OUTPUT_CHAIN = 'ISTIO_OUTPUT';
/** TPROXY: marks and accepts packets of existing proxy connections (mangle). */
export const DIVERT_CHAIN = 'ISTIO_DIVERT';
/** TPROXY: hands new connections to the proxy (mangle). */
export const TPROXY_CHAIN = 'ISTIO_TPROXY';
/**
 * IPv6 not captured: rejects new inbound IPv6 connections (filter), jumped to from INPUT. Istio 0.8 flushed
 * INPUT and appended to it instead, which cannot be undone exactly; a chain of our own can.
 */
export const BLOCK_CHAIN = 'ISTIO_BLOCK_INBOUND';
/** Packet mark set by TPROXY and matched by the policy route (Istio's default). */
export const TPROXY_MARK = 1337;
/** Routing table of the TPROXY policy route (Istio's default). */
export const TPROXY_ROUTE_TABLE = 133;

/**
 * The loopback destination that is never captured: `127.0.0.1/32` or `::1/128`.
 *
 * @example
 * ```ts
 * loopback('ipv6'); // '::1/128'
 * ```
 */
export function loopback(family: Family): string {
  return family === 'ipv4' ? '127.0.0.1/32' : '::1/128';
}

/**
 * Every hook rule (a jump from a built-in chain) any plan can add for `family`.
 *
 * @example
 * ```ts
 * knownHooks('ipv4').map((r) => `${r.table} ${r.chain}`); // ['nat PREROUTING', 'nat OUTPUT', 'mangle PREROUTING', 'filter INPUT']
 * ```
 */
export function knownHooks(family: Family): Rule[] {
  void family; // the same hooks exist in both families
  const tcp = () => [protocol('tcp')];
  return [
    { table: 'nat', chain: 'PREROUTING', matches: tcp(), target: jump(INBOUND_CHAIN) },
    { table: 'nat', chain: 'OUTPUT', matches: tcp(), target: jump(OUTPUT_CHAIN) },
    { table: 'mangle', chain: 'PREROUTING', matches: tcp(), target: jump(INBOUND_CHAIN) },
    { table: 'filter', chain: 'INPUT', matches: [], target: jump(BLOCK_CHAIN) },
  ];
}

/**
 * Every chain of ours any plan can create for `family`, in an order that is safe to flush and delete.
 *
 * @example
 * ```ts
 * knownChains('ipv4')[0]; // { table: 'nat', chain: 'ISTIO_OUTPUT' }
 * ```
 */
export function knownChains(family: Family): ChainRef[] {
  void family;
  return [
    { table: 'nat', chain: OUTPUT_CHAIN },
    { table: 'nat', chain: INBOUND_CHAIN },
    { table: 'nat', chain: REDIRECT_CHAIN },
    { table: 'mangle', chain: INBOUND_CHAIN },
    { table: 'mangle', chain: DIVERT_CHAIN },
    { table: 'mangle', chain: TPROXY_CHAIN },
    { table: 'filter', chain: BLOCK_CHAIN },
  ];
}

/**
 * The policy route any TPROXY plan adds (Istio's mark and table), so a cleanup can remove it whatever the
 * settings of the run that added it.
 *
 * @example
 * ```ts
 * knownRoute(); // { mark: 1337, routeTable: 133 }
 * ```
 */
export function knownRoute(): TproxyRoute {
  return { mark: TPROXY_MARK, routeTable: TPROXY_ROUTE_TABLE };
}

/** Built-in chain names; a rule in one of them is a hook. */
export const BUILTIN_CHAINS: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * True when `chain` is a built-in chain (a rule there is a hook into our chains).
 *
 * @example
 * ```ts
 * isBuiltin('OUTPUT'); // true
 * ```
 */
export function isBuiltin(chain: string): boolean {
  return BUILTIN_CHAINS.includes(chain);
}
