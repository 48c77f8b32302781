/**
 * `-j CHAIN`: continues in one of our chains; a RETURN there comes back here (iptables(8) `--jump`). In nft:
 * `jump CHAIN`.
 */
import { checkChainName } from '../check.js';
import type { Target } from '../types.js';

/**
 * Jumps to a chain of the same table.
 *
 * @example
 * ```ts
 * jump('ISTIO_REDIRECT').iptables(); // ['-j', 'ISTIO_REDIRECT']
 * ```
 */
export function jump(chain: string): Target & { readonly chain: string } {
  checkChainName(chain);
  return { kind: 'jump', chain, iptables: () => ['-j', chain], nft: () => `jump ${chain}` };
}
