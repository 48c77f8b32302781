/**
 * `-m tcp --dport N` (iptables-extensions `tcp`): matches the TCP destination port. In nft: `tcp dport N`.
 */
import { checkInteger } from '../check.js';
import type { Match } from '../types.js';

/**
 * Matches one TCP destination port (1..65535).
 *
 * @example
 * ```ts
 * dport(8080).iptables(); // [['-m', 'tcp', '--dport', '8080']]
 * dport(8080).nft();      // 'tcp dport 8080'
 * ```
 */
export function dport(port: number): Match {
  checkInteger(port, 1, 65535, 'port');
  return { kind: 'dport', iptables: () => [['-m', 'tcp', '--dport', String(port)]], nft: () => `tcp dport ${port}` };
}
