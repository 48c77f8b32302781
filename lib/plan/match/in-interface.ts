/**
 * `-i IFACE`: matches packets arriving through one interface (iptables(8) `--in-interface`). In nft:
 * `iifname "lo"`.
 */
import type { Match } from '../types.js';
import { checkInterfaceName } from './out-interface.js';

/**
 * Matches the incoming interface by name; the IPv6 inbound lockdown uses it to let loopback through (`lo`).
 *
 * @example
 * ```ts
 * inInterface('lo').iptables(); // [['-i', 'lo']]
 * inInterface('lo').nft();      // 'iifname "lo"'
 * ```
 */
export function inInterface(name: string): Match {
  checkInterfaceName(name);
  return { kind: 'in-interface', iptables: () => [['-i', name]], nft: () => `iifname "${name}"` };
}
