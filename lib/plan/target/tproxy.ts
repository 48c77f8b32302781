/**
 * `-j TPROXY --tproxy-mark M/0xffffffff --on-port N` (iptables-extensions `TPROXY`, mangle PREROUTING only):
 * hands the packet to a local transparent socket on port N without rewriting it, and sets mark M so the
 * fwmark policy route delivers it locally. In nft: `tproxy to :N meta mark set M accept` (nft's tproxy does
 * not end the rule, so the mark and the verdict follow it).
 */
import { checkInteger } from '../check.js';
import type { Target } from '../types.js';

/**
 * Transparently proxies to a local port and marks the packet.
 *
 * @example
 * ```ts
 * tproxy(15001, 1337).iptables(); // ['-j', 'TPROXY', '--tproxy-mark', '1337/0xffffffff', '--on-port', '15001']
 * ```
 */
export function tproxy(port: number, mark: number): Target {
  checkInteger(port, 1, 65535, 'proxy port');
  checkInteger(mark, 1, 4294967295, 'mark');
  return {
    kind: 'TPROXY',
    iptables: () => ['-j', 'TPROXY', '--tproxy-mark', `${mark}/0xffffffff`, '--on-port', String(port)],
    nft: () => `tproxy to :${port} meta mark set ${mark} accept`,
  };
}
