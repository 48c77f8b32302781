/**
 * The words of each match and target of a plan: iptables arguments (what the script and iptables-restore
 * writers lay out) and nft expressions (what the nft writer lays out). The plan holds rules as plain values and
 * this is the one place they become text, so every field is checked as it is written: a plan built by hand, or
 * read back from JSON, cannot carry an unsafe word into a script or ruleset (E_RENDER).
 */
import { RenderInjectorError } from '../errors.js';
import { checkChainName, checkCidr, checkInteger, familyOf } from '../plan/check.js';
import { checkInterfaceName } from '../plan/match/out-interface.js';
import type { Family, Match, Target } from '../plan/types.js';

/** A named nft set of address ranges (`type ipv4_addr; flags interval`), declared once per table. */
export interface NftSet {
  /** Set name, unique within its table. */
  name: string;
  /** Address family of the elements. */
  family: Family;
  /** Canonical CIDRs. */
  elements: string[];
}

/** One match in the words of both writers. */
export interface MatchWords {
  /**
   * iptables argument words. Usually one alternative; a match over several values (a destination set) yields one
   * alternative per value, and the rule becomes one iptables rule per alternative.
   */
  iptables: string[][];
  /** The nft expression with the same meaning, e.g. `meta skuid 1337`. */
  nft: string;
  /** The named nft set the expression refers to. */
  set?: NftSet;
}

/** One target in the words of both writers. */
export interface TargetWords {
  /** iptables argument words, starting with `-j`. */
  iptables: string[];
  /** nft statements with the same meaning, e.g. `redirect to :15001`. */
  nft: string;
}

const MAX_U32 = 4294967295;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) {
    throw new RenderInjectorError('E_RENDER', `${what} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`, {
      hint: `give ${what} as one of ${allowed.join(', ')}`,
    });
  }
  return value as T;
}

function destinationWords(cidrs: string[], negate: boolean, set: string | undefined): MatchWords {
  const first = cidrs[0];
  if (first === undefined) {
    throw new RenderInjectorError('E_RENDER', 'a destination match needs at least one range', {
      hint: 'leave the rule out when there is no range to match',
    });
  }
  const family = familyOf(first);
  for (const c of cidrs) checkCidr(c, family);
  if (set !== undefined && !/^[a-z][a-z0-9_]{0,30}$/.test(set)) {
    throw new RenderInjectorError('E_RENDER', `nft set name ${JSON.stringify(set)} is not lower-case letters, digits and _`, {
      hint: 'name sets like include4',
    });
  }
  const key = family === 'ipv4' ? 'ip daddr' : 'ip6 daddr';
  const value = set !== undefined ? `@${set}` : cidrs.length === 1 ? first : `{ ${cidrs.join(', ')} }`;
  return {
    iptables: cidrs.map((c) => (negate ? ['!', '-d', c] : ['-d', c])),
    nft: `${key}${negate ? ' !=' : ''} ${value}`,
    ...(set !== undefined ? { set: { name: set, family, elements: [...cidrs] } } : {}),
  };
}

/**
 * The iptables arguments and the nft expression of a match; throws E_RENDER when a field cannot be written.
 *
 * @example
 * ```ts
 * matchWords({ kind: 'owner', which: 'uid', id: 1337 }); // { iptables: [['-m', 'owner', '--uid-owner', '1337']], nft: 'meta skuid 1337' }
 * ```
 */
export function matchWords(m: Match): MatchWords {
  switch (m.kind) {
    case 'conntrack': {
      const states = m.states.map((s) => oneOf(s, ['ESTABLISHED', 'RELATED'], 'conntrack state'));
      return { iptables: [['-m', 'conntrack', '--ctstate', states.join(',')]], nft: `ct state ${states.join(',').toLowerCase()}` };
    }
    case 'destination':
      return destinationWords(m.cidrs, m.negate === true, m.set);
    case 'dport': {
      const port = checkInteger(m.port, 1, 65535, 'port');
      return { iptables: [['-m', 'tcp', '--dport', String(port)]], nft: `tcp dport ${port}` };
    }
    case 'in-interface': {
      const name = checkInterfaceName(m.name);
      return { iptables: [['-i', name]], nft: `iifname "${name}"` };
    }
    case 'out-interface': {
      const name = checkInterfaceName(m.name);
      return { iptables: [['-o', name]], nft: `oifname "${name}"` };
    }
    case 'owner': {
      const which = oneOf(m.which, ['uid', 'gid'], 'owner');
      const id = checkInteger(m.id, 0, MAX_U32 - 1, which);
      return { iptables: [['-m', 'owner', `--${which}-owner`, String(id)]], nft: `meta sk${which} ${id}` };
    }
    case 'protocol': {
      const name = oneOf(m.protocol, ['tcp', 'ipv6-icmp'], 'protocol');
      return { iptables: [['-p', name]], nft: `meta l4proto ${name}` };
    }
    case 'socket':
      return { iptables: [['-m', 'socket']], nft: 'socket wildcard 0' };
    default:
      throw new RenderInjectorError('E_RENDER', `unknown match kind ${JSON.stringify((m as { kind: unknown }).kind)}`, {
        hint: 'use conntrack, destination, dport, in-interface, out-interface, owner, protocol or socket',
      });
  }
}

/**
 * The iptables arguments and the nft statements of a target; throws E_RENDER when a field cannot be written.
 *
 * @example
 * ```ts
 * targetWords({ kind: 'REDIRECT', port: 15001 }); // { iptables: ['-j', 'REDIRECT', '--to-ports', '15001'], nft: 'redirect to :15001' }
 * ```
 */
export function targetWords(t: Target): TargetWords {
  switch (t.kind) {
    case 'ACCEPT':
      return { iptables: ['-j', 'ACCEPT'], nft: 'accept' };
    case 'jump': {
      const chain = checkChainName(t.chain);
      return { iptables: ['-j', chain], nft: `jump ${chain}` };
    }
    case 'MARK': {
      const mark = checkInteger(t.mark, 1, MAX_U32, 'mark');
      return { iptables: ['-j', 'MARK', '--set-mark', String(mark)], nft: `meta mark set ${mark}` };
    }
    case 'REDIRECT': {
      const port = checkInteger(t.port, 1, 65535, 'proxy port');
      return { iptables: ['-j', 'REDIRECT', '--to-ports', String(port)], nft: `redirect to :${port}` };
    }
    case 'REJECT':
      return { iptables: ['-j', 'REJECT'], nft: 'reject' };
    case 'RETURN':
      return { iptables: ['-j', 'RETURN'], nft: 'return' };
    case 'TPROXY': {
      const port = checkInteger(t.port, 1, 65535, 'proxy port');
      const mark = checkInteger(t.mark, 1, MAX_U32, 'mark');
      return {
        iptables: ['-j', 'TPROXY', '--tproxy-mark', `${mark}/0xffffffff`, '--on-port', String(port)],
        nft: `tproxy to :${port} meta mark set ${mark} accept`,
      };
    }
    default:
      throw new RenderInjectorError('E_RENDER', `unknown target kind ${JSON.stringify((t as { kind: unknown }).kind)}`, {
        hint: 'use ACCEPT, jump, MARK, REDIRECT, REJECT, RETURN or TPROXY',
      });
  }
}
