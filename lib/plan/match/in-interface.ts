/**
 * `-i IFACE`: matches packets arriving through one interface (iptables(8) `--in-interface`). In nft:
 * `iifname "lo"`.
 */

/**
 * Matches the incoming interface by name.
 *
 * @example
 * ```ts
 * import type { InInterfaceMatch } from 'render-injector';
 * const m: InInterfaceMatch = { kind: 'in-interface', name: 'lo' };
 * ```
 */
export interface InInterfaceMatch {
  kind: 'in-interface';
  /** A Linux interface name (at most 15 letters, digits, `.`, `_` or `-`). */
  name: string;
}

/**
 * Matches the incoming interface by name; the IPv6 inbound lockdown uses it to let loopback through (`lo`).
 *
 * @example
 * ```ts
 * inInterface('lo'); // { kind: 'in-interface', name: 'lo' }
 * ```
 */
export function inInterface(name: string): InInterfaceMatch {
  return { kind: 'in-interface', name };
}
