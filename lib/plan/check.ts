/**
 * What a plan may hold. The planner builds plans from settings the boundary already checked
 * (`lib/values/settings.ts`), and the writers in `render/` trust every field they lay out. A plan is also public
 * data — built by hand, or read back from its JSON — so one that comes from outside is checked here, once and
 * whole, when it enters ({@link checkPlan}, called by the public `renderIptables`): a field that could carry an
 * unsafe word into a script or ruleset, or that a writer could not place, is refused with `E_RENDER` and its path
 * in the plan (`families[0].rules[3].matches[1].cidrs[0]`).
 */
import { isCanonicalCidr as isCanonical } from '../cidr/canonical.js';
import { RenderInjectorError } from '../errors.js';
import { BUILTIN_CHAINS, knownHooks } from './chains.js';
import type { Family, InterceptionPlan, Table } from './types.js';

/** The largest uid or gid (2^32 - 1 means "no id") and the largest mark or routing table number. */
const MAX_ID = 4294967294;
const MAX_U32 = 4294967295;
const TABLES: readonly Table[] = ['nat', 'mangle', 'filter'];
const CHAIN_NAME = /^[A-Z][A-Z0-9_]{0,27}$/;
const INTERFACE_NAME = /^[a-zA-Z0-9_.-]{1,15}$/;
const SET_NAME = /^[a-z][a-z0-9_]{0,30}$/;

/**
 * True when `cidr` is a canonical CIDR of `family` (strict syntax, RFC 5952 for IPv6, no host bits set); the
 * one definition is `lib/cidr`'s.
 *
 * @example
 * ```ts
 * isCanonicalCidr('10.0.0.0/8', 'ipv4'); // true
 * isCanonicalCidr('10.0.0.1/8', 'ipv4'); // false
 * ```
 */
export function isCanonicalCidr(cidr: string, family: Family): boolean {
  return isCanonical(cidr, family === 'ipv4' ? 4 : 6);
}

/** Throws E_RENDER at `path`: `problem` says what the field holds, `hint` what it should. */
function refuse(path: string, problem: string, hint: string): never {
  throw new RenderInjectorError('E_RENDER', problem, { place: { path }, hint });
}

/** A readable form of any value for a message (JSON where it has one; `undefined` for a missing field). */
function shown(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
}

function integer(value: unknown, min: number, max: number, path: string, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(path, `${what} ${shown(value)} is not an integer from ${min} to ${max}`, `give ${what} as a whole number between ${min} and ${max}`);
  }
}

function oneOf(value: unknown, allowed: readonly string[], path: string, what: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    refuse(path, `${what} ${shown(value)} is not one of ${allowed.join(', ')}`, `give ${what} as one of ${allowed.join(', ')}`);
  }
}

function list(value: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(value)) refuse(path, `${what} ${shown(value)} is not a list`, `give ${what} as a list`);
  return value;
}

function record(value: unknown, path: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse(path, `${what} ${shown(value)} is not an object`, `give ${what} as an object, as planInterception makes it`);
  }
  return value as Record<string, unknown>;
}

function chainName(value: unknown, path: string): void {
  if (typeof value !== 'string' || !CHAIN_NAME.test(value)) {
    refuse(path, `chain name ${shown(value)} is not upper-case letters, digits and _`, 'name chains like ISTIO_OUTPUT (at most 28 characters)');
  }
}

function interfaceName(value: unknown, path: string): void {
  if (typeof value !== 'string' || !INTERFACE_NAME.test(value)) {
    refuse(path, `interface name ${shown(value)} is not a Linux interface name`, 'use at most 15 letters, digits, ".", "_" or "-"');
  }
}

/** The plan's own chains of one family, as `table chain`, and its nft sets by name (elements joined). */
interface FamilyScope {
  family: Family;
  chains: Set<string>;
  sets: Map<string, string>;
}

function checkMatch(value: unknown, path: string, scope: FamilyScope): void {
  const m = record(value, path, 'match');
  switch (m.kind) {
    case 'conntrack':
      list(m.states, `${path}.states`, 'conntrack states').forEach((s, i) => oneOf(s, ['ESTABLISHED', 'RELATED'], `${path}.states[${i}]`, 'conntrack state'));
      if ((m.states as unknown[]).length === 0) refuse(`${path}.states`, 'a conntrack match needs at least one state', 'give ESTABLISHED, RELATED or both');
      return;
    case 'destination': {
      const cidrs = list(m.cidrs, `${path}.cidrs`, 'destination ranges');
      if (cidrs.length === 0) refuse(`${path}.cidrs`, 'a destination match needs at least one range', 'leave the rule out when there is no range to match');
      cidrs.forEach((c, i) => {
        if (typeof c !== 'string' || !isCanonicalCidr(c, scope.family)) {
          refuse(
            `${path}.cidrs[${i}]`,
            `${shown(c)} is not a canonical ${scope.family} CIDR`,
            scope.family === 'ipv4' ? 'write it like 10.0.0.0/8, with no host bits set' : 'write it like 2001:db8::/32 (RFC 5952), with no host bits set',
          );
        }
      });
      if (typeof m.negate !== 'boolean') refuse(`${path}.negate`, `negate ${shown(m.negate)} is not true or false`, 'give negate as true or false');
      if (m.set !== undefined) {
        if (typeof m.set !== 'string' || !SET_NAME.test(m.set)) {
          refuse(`${path}.set`, `nft set name ${shown(m.set)} is not lower-case letters, digits and _`, 'name sets like include4');
        }
        // One nft set per name and table: a name used twice must hold the same ranges, or one use would be wrong.
        const elements = cidrs.join(',');
        const earlier = scope.sets.get(m.set);
        if (earlier !== undefined && earlier !== elements) {
          refuse(`${path}.set`, `nft set ${m.set} is used with other ranges earlier in the ${scope.family} rules`, 'give each set of ranges its own name');
        }
        scope.sets.set(m.set, elements);
      }
      return;
    }
    case 'dport':
      return integer(m.port, 1, 65535, `${path}.port`, 'port');
    case 'in-interface':
    case 'out-interface':
      return interfaceName(m.name, `${path}.name`);
    case 'owner':
      oneOf(m.which, ['uid', 'gid'], `${path}.which`, 'owner');
      return integer(m.id, 0, MAX_ID, `${path}.id`, m.which as string);
    case 'protocol':
      return oneOf(m.protocol, ['tcp', 'ipv6-icmp'], `${path}.protocol`, 'protocol');
    case 'socket':
      return;
    default:
      refuse(`${path}.kind`, `unknown match kind ${shown(m.kind)}`, 'use conntrack, destination, dport, in-interface, out-interface, owner, protocol or socket');
  }
}

function checkTarget(value: unknown, path: string, table: string, scope: FamilyScope): void {
  const t = record(value, path, 'target');
  switch (t.kind) {
    case 'ACCEPT':
    case 'REJECT':
    case 'RETURN':
      return;
    case 'jump':
      chainName(t.chain, `${path}.chain`);
      if (!scope.chains.has(`${table} ${t.chain as string}`)) {
        refuse(`${path}.chain`, `jump to ${t.chain as string}, which is not one of the plan's ${table} chains`, `add { table: '${table}', chain: '${t.chain as string}' } to the family's chains`);
      }
      return;
    case 'MARK':
      return integer(t.mark, 1, MAX_U32, `${path}.mark`, 'mark');
    case 'REDIRECT':
      return integer(t.port, 1, 65535, `${path}.port`, 'proxy port');
    case 'TPROXY':
      integer(t.port, 1, 65535, `${path}.port`, 'proxy port');
      return integer(t.mark, 1, MAX_U32, `${path}.mark`, 'mark');
    default:
      refuse(`${path}.kind`, `unknown target kind ${shown(t.kind)}`, 'use ACCEPT, jump, MARK, REDIRECT, REJECT, RETURN or TPROXY');
  }
}

/** The built-in chains a rule may hook into, as `table chain`: those some plan hooks (each has an nft base chain). */
const HOOKS = new Set(knownHooks('ipv4').map((r) => `${r.table} ${r.chain}`));

function checkFamily(value: unknown, path: string, seen: Set<string>): void {
  const f = record(value, path, 'family plan');
  oneOf(f.family, ['ipv4', 'ipv6'], `${path}.family`, 'family');
  if (seen.has(f.family as string)) refuse(`${path}.family`, `family ${f.family as string} is planned twice`, 'give each family once');
  seen.add(f.family as string);
  const scope: FamilyScope = { family: f.family as Family, chains: new Set(), sets: new Map() };
  list(f.chains, `${path}.chains`, 'chains').forEach((value, i) => {
    const c = record(value, `${path}.chains[${i}]`, 'chain');
    oneOf(c.table, TABLES, `${path}.chains[${i}].table`, 'table');
    chainName(c.chain, `${path}.chains[${i}].chain`);
    if (BUILTIN_CHAINS.includes(c.chain as string)) {
      refuse(`${path}.chains[${i}].chain`, `${c.chain as string} is a built-in chain, not one to create`, 'list only the chains the plan creates');
    }
    const key = `${c.table as string} ${c.chain as string}`;
    if (scope.chains.has(key)) refuse(`${path}.chains[${i}].chain`, `chain ${key} is listed twice`, 'list each chain once');
    scope.chains.add(key);
  });
  list(f.rules, `${path}.rules`, 'rules').forEach((value, i) => {
    const at = `${path}.rules[${i}]`;
    const r = record(value, at, 'rule');
    oneOf(r.table, TABLES, `${at}.table`, 'table');
    chainName(r.chain, `${at}.chain`);
    const where = `${r.table as string} ${r.chain as string}`;
    if (!scope.chains.has(where) && !HOOKS.has(where)) {
      refuse(
        `${at}.chain`,
        `a rule in ${where}, which is neither one of the plan's chains nor a hook (${[...HOOKS].join(', ')})`,
        "put the rule in one of the family's chains, or list its chain there",
      );
    }
    list(r.matches, `${at}.matches`, 'matches').forEach((m, k) => checkMatch(m, `${at}.matches[${k}]`, scope));
    checkTarget(r.target, `${at}.target`, r.table as string, scope);
  });
  if (f.route !== undefined) {
    const route = record(f.route, `${path}.route`, 'route');
    integer(route.mark, 1, MAX_U32, `${path}.route.mark`, 'route mark');
    integer(route.routeTable, 1, MAX_U32, `${path}.route.routeTable`, 'route table');
  }
}

/**
 * Checks a plan that comes from outside — built by hand, or read back from JSON — as a whole, before any of it is
 * written: every field the writers lay out (settings in the header, chains, every match and target, the TPROXY
 * route) must be one they can write safely and place. A plan from `planInterception` always passes.
 *
 * @param plan The plan, of unknown shape.
 * @returns The same plan, typed.
 * @throws RenderInjectorError `E_RENDER` for the first field that cannot be written, with its path in the plan.
 *
 * @example
 * ```ts
 * import { planInterception } from 'render-injector';
 * import { checkPlan } from '../lib/plan/check.js';
 * const plan = planInterception({ provider: 'minikube' });
 * checkPlan(JSON.parse(JSON.stringify(plan))); // the same plan
 * plan.families[0]!.rules[0]!.chain = 'ISTIO OUTPUT';
 * checkPlan(plan); // throws E_RENDER at families[0].rules[0].chain: chain name "ISTIO OUTPUT" is not upper-case ...
 * ```
 */
export function checkPlan(plan: unknown): InterceptionPlan {
  const p = record(plan, 'plan', 'plan');
  oneOf(p.mode, ['REDIRECT', 'TPROXY'], 'mode', 'mode');
  integer(p.proxyPort, 1, 65535, 'proxyPort', 'proxy port');
  integer(p.proxyUid, 0, MAX_ID, 'proxyUid', 'proxy uid');
  integer(p.proxyGid, 0, MAX_ID, 'proxyGid', 'proxy gid');
  if (p.inboundPorts !== '*') {
    list(p.inboundPorts, 'inboundPorts', 'inbound ports').forEach((port, i) => integer(port, 1, 65535, `inboundPorts[${i}]`, 'inbound port'));
  }
  list(p.inboundExcluded, 'inboundExcluded', 'excluded inbound ports').forEach((port, i) => integer(port, 1, 65535, `inboundExcluded[${i}]`, 'excluded inbound port'));
  const seen = new Set<string>();
  list(p.families, 'families', 'families').forEach((f, i) => checkFamily(f, `families[${i}]`, seen));
  return plan as InterceptionPlan;
}
