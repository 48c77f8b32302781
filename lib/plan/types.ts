/**
 * The data model of an interception plan: rules as values, before any text exists. A rule reads like an
 * iptables command line: a table, a chain, a list of matches and one target. Each match and target is a plain
 * tagged value (see `match/` and `target/`, one file each with its iptables-extensions meaning), so a plan
 * prints as JSON with its ranges, ports and interfaces; the writers in `render/` turn the values into words.
 */
import type { ConntrackMatch } from './match/conntrack.js';
import type { DestinationMatch } from './match/destination.js';
import type { DportMatch } from './match/dport.js';
import type { InInterfaceMatch } from './match/in-interface.js';
import type { OutInterfaceMatch } from './match/out-interface.js';
import type { OwnerMatch } from './match/owner.js';
import type { ProtocolMatch } from './match/protocol.js';
import type { SocketMatch } from './match/socket.js';
import type { AcceptTarget } from './target/accept.js';
import type { JumpTarget } from './target/jump.js';
import type { MarkTarget } from './target/mark.js';
import type { RedirectTarget } from './target/redirect.js';
import type { RejectTarget } from './target/reject.js';
import type { ReturnTarget } from './target/return.js';
import type { TproxyTarget } from './target/tproxy.js';

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
 * One condition of a rule, e.g. `-p tcp` or `-m owner --uid-owner 1337`: a plain value told apart by `kind`.
 *
 * @example
 * ```ts
 * import { planInterception, type Match } from 'render-injector';
 * const matches: Match[] = planInterception().families[0]!.rules[0]!.matches;
 * matches; // [{ kind: 'protocol', protocol: 'tcp' }]
 * ```
 */
export type Match =
  | ConntrackMatch
  | DestinationMatch
  | DportMatch
  | InInterfaceMatch
  | OutInterfaceMatch
  | OwnerMatch
  | ProtocolMatch
  | SocketMatch;

/**
 * What a rule does with a matching packet, e.g. `-j RETURN` or `-j REDIRECT --to-ports 15001`: a plain value
 * told apart by `kind` (`jump` for a jump to one of our chains, else the iptables target's name).
 *
 * @example
 * ```ts
 * import { planInterception, type Target } from 'render-injector';
 * const target: Target = planInterception().families[0]!.rules[0]!.target;
 * target; // { kind: 'REDIRECT', port: 15001 }
 * ```
 */
export type Target = AcceptTarget | JumpTarget | MarkTarget | RedirectTarget | RejectTarget | ReturnTarget | TproxyTarget;

/**
 * One rule: appended with `iptables -t <table> -A <chain> <matches> <target>`.
 *
 * @example
 * ```ts
 * import { planInterception, type Rule } from 'render-injector';
 * const r: Rule = planInterception().families[0]!.rules.at(-1)!;
 * r; // { table: 'nat', chain: 'OUTPUT', matches: [{ kind: 'protocol', protocol: 'tcp' }], target: { kind: 'jump', chain: 'ISTIO_OUTPUT' } }
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
 * The fwmark policy route TPROXY needs: `ip rule add fwmark <mark> lookup <routeTable>` and
 * `ip route add local default dev lo table <routeTable>`. The writers take it from here, so it always agrees
 * with the mark the plan's TPROXY rules set.
 *
 * @example
 * ```ts
 * const r: TproxyRoute = { mark: 1337, routeTable: 133 };
 * ```
 */
export interface TproxyRoute {
  /** The fwmark the rule looks for, 1..4294967295. */
  mark: number;
  /** The routing table that holds the local default route, 1..4294967295. */
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
 * The whole interception plan: settings and the ordered rules per family. It is plain data: it prints as JSON
 * with every range, port and interface, and a plan read back from that JSON renders to the same text.
 *
 * @example
 * ```ts
 * import { planInterception, renderIptables, type InterceptionPlan } from 'render-injector';
 * const plan = planInterception({ include: ['10.0.0.0/8', 'fd00::/8'] });
 * plan.families.map((f) => f.family); // ['ipv4', 'ipv6']
 * const json = JSON.stringify(plan, null, 2); // ... { "kind": "destination", "cidrs": ["10.0.0.0/8"], ...
 * const again = renderIptables(JSON.parse(json) as InterceptionPlan, { format: 'nft' });
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
