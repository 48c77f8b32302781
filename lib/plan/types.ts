/**
 * The data model of an interception plan: rules as values, before any text exists. A rule reads like an
 * iptables command line: a table, a chain, a list of matches and one target. Each match and target is a small
 * typed value (see `match/` and `target/`) that renders itself as iptables arguments and as nft expressions.
 */

/** An address family: `ipv4` is driven by iptables, `ipv6` by ip6tables. */
export type Family = 'ipv4' | 'ipv6';

/** The iptables tables the plan touches. */
export type Table = 'nat' | 'mangle' | 'filter';

/** How inbound traffic reaches the proxy: a NAT redirect, or a transparent proxy that keeps the destination. */
export type InterceptionMode = 'REDIRECT' | 'TPROXY';

/**
 * The outbound ranges computed upstream (canonical CIDR strings).
 *
 * @example
 * ```ts
 * const ranges: CapturedRanges = { all: false, include: { ipv4: ['10.0.0.0/8'], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } };
 * ```
 */
export interface CapturedRanges {
  /** `includeIPRanges` was `*`: every destination is captured (but the excludes). */
  all: boolean;
  /** Effective includes per family; ignored when `all`. */
  include: { ipv4: string[]; ipv6: string[] };
  /** Merged excludes per family. */
  exclude: { ipv4: string[]; ipv6: string[] };
}

/**
 * One condition of a rule, e.g. `-p tcp` or `-m owner --uid-owner 1337`.
 *
 * @example
 * ```ts
 * import { planInterception, type Match } from 'render-injector';
 * const matches: Match[] = planInterception().families[0]!.rules[0]!.matches;
 * matches.map((m) => m.iptables()); // [[['-p', 'tcp']]]
 * ```
 */
export interface Match {
  /** Short name of the match, e.g. `owner`; lets tests find a match without rendering. */
  readonly kind: string;
  /**
   * iptables argument words. Usually one alternative; a match over several values (a destination set) yields one
   * alternative per value, and the rule becomes one iptables rule per alternative.
   */
  iptables(): string[][];
  /** The nft expression with the same meaning, e.g. `meta skuid 1337`. */
  nft(): string;
  /** A named nft set this match refers to, declared once per table by the nft renderer. */
  readonly nftSet?: NftSet;
}

/**
 * What a rule does with a matching packet, e.g. `-j RETURN` or `-j REDIRECT --to-ports 15001`.
 *
 * @example
 * ```ts
 * import { planInterception, type Target } from 'render-injector';
 * const target: Target | undefined = planInterception().families[0]!.rules.find((r) => r.target.kind === 'RETURN')?.target;
 * target?.iptables(); // ['-j', 'RETURN']
 * ```
 */
export interface Target {
  /** Short name of the target, e.g. `REDIRECT`; `jump` for a jump to one of our chains. */
  readonly kind: string;
  /** iptables argument words, starting with `-j`. */
  iptables(): string[];
  /** nft statements with the same meaning, e.g. `redirect to :15001`. */
  nft(): string;
}

/**
 * A named nft set of address ranges (`type ipv4_addr; flags interval`).
 *
 * @example
 * ```ts
 * const set: NftSet = { name: 'include4', family: 'ipv4', elements: ['10.0.0.0/8'] };
 * ```
 */
export interface NftSet {
  /** Set name, unique within its table. */
  name: string;
  /** Address family of the elements. */
  family: Family;
  /** Canonical CIDRs. */
  elements: string[];
}

/**
 * One rule: appended with `iptables -t <table> -A <chain> <matches> <target>`.
 *
 * @example
 * ```ts
 * import { planInterception, type Rule } from 'render-injector';
 * const r: Rule = planInterception().families[0]!.rules.at(-1)!;
 * [r.table, r.chain, r.target.iptables()]; // ['nat', 'OUTPUT', ['-j', 'ISTIO_OUTPUT']]
 * ```
 */
export interface Rule {
  table: Table;
  chain: string;
  matches: Match[];
  target: Target;
}

/**
 * A chain in a table, e.g. nat `ISTIO_OUTPUT`.
 *
 * @example
 * ```ts
 * const c: ChainRef = { table: 'nat', chain: 'ISTIO_REDIRECT' };
 * ```
 */
export interface ChainRef {
  table: Table;
  chain: string;
}

/**
 * The fwmark policy route TPROXY needs: `ip rule add fwmark <mark> lookup <table>` and
 * `ip route add local default dev lo table <table>`.
 *
 * @example
 * ```ts
 * const r: TproxyRoute = { mark: 1337, routeTable: 133 };
 * ```
 */
export interface TproxyRoute {
  mark: number;
  routeTable: number;
}

/**
 * What one address family gets: our chains (creation order), the rules (append order; the hook rules in
 * built-in chains come last, so a chain is complete before traffic reaches it), and the TPROXY route if any.
 *
 * @example
 * ```ts
 * import { planInterception } from 'render-injector';
 * const plan = planInterception();
 * plan.families.find((f) => f.family === 'ipv4')?.rules.length; // 10
 * ```
 */
export interface FamilyPlan {
  family: Family;
  chains: ChainRef[];
  rules: Rule[];
  route?: TproxyRoute;
}

/**
 * The whole interception plan: settings and the ordered rules per family.
 *
 * @example
 * ```ts
 * import { planInterception } from 'render-injector';
 * const plan = planInterception({ include: ['10.0.0.0/8', 'fd00::/8'] });
 * plan.families.map((f) => f.family); // ['ipv4', 'ipv6']
 * ```
 */
export interface InterceptionPlan {
  mode: InterceptionMode;
  proxyPort: number;
  proxyUid: number;
  proxyGid: number;
  /** Inbound ports captured: `*` for all (but {@link InterceptionPlan.inboundExcluded}), or a list (maybe empty). */
  inboundPorts: '*' | number[];
  /** Inbound ports never captured when `inboundPorts` is `*` (22 always comes first). */
  inboundExcluded: number[];
  /** ipv4 always; ipv6 when IPv6 is captured, or when its inbound lockdown is asked for. */
  families: FamilyPlan[];
}
