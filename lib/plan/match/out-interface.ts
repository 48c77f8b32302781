/**
 * `-o IFACE`: matches packets leaving through one interface (iptables(8) `--out-interface`). In nft:
 * `oifname "lo"`.
 */

/**
 * Matches the outgoing interface by name.
 *
 * @example
 * ```ts
 * import type { OutInterfaceMatch } from 'render-injector';
 * const m: OutInterfaceMatch = { kind: 'out-interface', name: 'lo' };
 * ```
 */
export interface OutInterfaceMatch {
  kind: 'out-interface';
  /** A Linux interface name (at most 15 letters, digits, `.`, `_` or `-`). */
  name: string;
}

/**
 * Matches the outgoing interface by name; the plan uses it for loopback (`lo`).
 *
 * @example
 * ```ts
 * outInterface('lo'); // { kind: 'out-interface', name: 'lo' }
 * ```
 */
export function outInterface(name: string): OutInterfaceMatch {
  return { kind: 'out-interface', name };
}
