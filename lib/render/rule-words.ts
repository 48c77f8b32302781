/**
 * The words of each match and target of a plan: iptables arguments (what the script and iptables-restore
 * writers lay out) and nft expressions (what the nft writer lays out). The plan holds rules as plain values and
 * this is the one place they become text. The fields are trusted: a plan from the planner is built from checked
 * settings, and one from outside has passed `checkPlan` (`lib/plan/check.ts`) whole before anything is written.
 */
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

function destinationWords(cidrs: string[], negate: boolean, set: string | undefined, family: Family): MatchWords {
  const key = family === 'ipv4' ? 'ip daddr' : 'ip6 daddr';
  const value = set !== undefined ? `@${set}` : cidrs.length === 1 ? cidrs[0]! : `{ ${cidrs.join(', ')} }`;
  return {
    iptables: cidrs.map((c) => (negate ? ['!', '-d', c] : ['-d', c])),
    nft: `${key}${negate ? ' !=' : ''} ${value}`,
    ...(set !== undefined ? { set: { name: set, family, elements: [...cidrs] } } : {}),
  };
}

/**
 * The iptables arguments and the nft expression of a match of a `family` rule.
 *
 * @example
 * ```ts
 * matchWords({ kind: 'owner', which: 'uid', id: 1337 }, 'ipv4'); // { iptables: [['-m', 'owner', '--uid-owner', '1337']], nft: 'meta skuid 1337' }
 * ```
 */
export function matchWords(m: Match, family: Family): MatchWords {
  switch (m.kind) {
    case 'conntrack':
      return { iptables: [['-m', 'conntrack', '--ctstate', m.states.join(',')]], nft: `ct state ${m.states.join(',').toLowerCase()}` };
    case 'destination':
      return destinationWords(m.cidrs, m.negate, m.set, family);
    case 'dport':
      return { iptables: [['-m', 'tcp', '--dport', String(m.port)]], nft: `tcp dport ${m.port}` };
    case 'in-interface':
      return { iptables: [['-i', m.name]], nft: `iifname "${m.name}"` };
    case 'out-interface':
      return { iptables: [['-o', m.name]], nft: `oifname "${m.name}"` };
    case 'owner':
      return { iptables: [['-m', 'owner', `--${m.which}-owner`, String(m.id)]], nft: `meta sk${m.which} ${m.id}` };
    case 'protocol':
      return { iptables: [['-p', m.protocol]], nft: `meta l4proto ${m.protocol}` };
    case 'socket':
      return { iptables: [['-m', 'socket']], nft: 'socket wildcard 0' };
  }
}

/**
 * The iptables arguments and the nft statements of a target.
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
    case 'jump':
      return { iptables: ['-j', t.chain], nft: `jump ${t.chain}` };
    case 'MARK':
      return { iptables: ['-j', 'MARK', '--set-mark', String(t.mark)], nft: `meta mark set ${t.mark}` };
    case 'REDIRECT':
      return { iptables: ['-j', 'REDIRECT', '--to-ports', String(t.port)], nft: `redirect to :${t.port}` };
    case 'REJECT':
      return { iptables: ['-j', 'REJECT'], nft: 'reject' };
    case 'RETURN':
      return { iptables: ['-j', 'RETURN'], nft: 'return' };
    case 'TPROXY':
      return {
        iptables: ['-j', 'TPROXY', '--tproxy-mark', `${t.mark}/0xffffffff`, '--on-port', String(t.port)],
        nft: `tproxy to :${t.port} meta mark set ${t.mark} accept`,
      };
  }
}
