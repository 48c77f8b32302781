/**
 * The interception plan: what is captured, as rules-as-data, before any text exists.
 *
 * @example
 * ```ts
 * import { resolveValues } from 'render-injector';
 * import { buildPlan } from '../lib/plan/index.js';
 * const { values } = resolveValues();
 * const plan = buildPlan(values, { all: true, include: { ipv4: [], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } });
 * ```
 */
export { buildPlan, type PlanOptions } from './build.js';
export * from './chains.js';
export { checkCidr, checkChainName, checkInteger, familyOf, isCanonicalCidr } from './check.js';
export { parsePortList } from './ports.js';
export type * from './types.js';
export { established } from './match/conntrack.js';
export { destination, type DestinationOptions } from './match/destination.js';
export { dport } from './match/dport.js';
export { inInterface } from './match/in-interface.js';
export { checkInterfaceName, outInterface } from './match/out-interface.js';
export { owner } from './match/owner.js';
export { protocol } from './match/protocol.js';
export { socket } from './match/socket.js';
export { accept } from './target/accept.js';
export { jump } from './target/jump.js';
export { mark } from './target/mark.js';
export { redirect } from './target/redirect.js';
export { reject } from './target/reject.js';
export { returnTarget } from './target/return.js';
export { tproxy } from './target/tproxy.js';
