/**
 * `-j REDIRECT --to-ports N` (iptables-extensions `REDIRECT`, nat table only): rewrites the destination to a
 * local address and port N; the original destination stays in conntrack, where the proxy reads it back with
 * `SO_ORIGINAL_DST`. In nft: `redirect to :N`.
 */
import { checkInteger } from '../check.js';
import type { Target } from '../types.js';

/**
 * Redirects to a local port.
 *
 * @example
 * ```ts
 * redirect(15001).iptables(); // ['-j', 'REDIRECT', '--to-ports', '15001']
 * redirect(15001).nft();      // 'redirect to :15001'
 * ```
 */
export function redirect(port: number): Target {
  checkInteger(port, 1, 65535, 'proxy port');
  return { kind: 'REDIRECT', iptables: () => ['-j', 'REDIRECT', '--to-ports', String(port)], nft: () => `redirect to :${port}` };
}
