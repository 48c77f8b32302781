/**
 * `-j MARK --set-mark M` (iptables-extensions `MARK`): sets the packet's fwmark, which `ip rule fwmark`
 * routing reads. In nft: `meta mark set M`.
 */
import { checkInteger } from '../check.js';
import type { Target } from '../types.js';

/**
 * Sets the packet mark (a non-terminating target: the chain goes on).
 *
 * @example
 * ```ts
 * mark(1337).iptables(); // ['-j', 'MARK', '--set-mark', '1337']
 * ```
 */
export function mark(value: number): Target {
  checkInteger(value, 1, 4294967295, 'mark');
  return { kind: 'MARK', iptables: () => ['-j', 'MARK', '--set-mark', String(value)], nft: () => `meta mark set ${value}` };
}
