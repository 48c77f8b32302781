/**
 * The interception plan: what is captured, as rules-as-data, before any text exists.
 *
 * @example
 * ```ts
 * import { resolveValues } from 'render-injector';
 * import { settingsOf } from '../lib/pipeline/index.js';
 * import { buildPlan } from '../lib/plan/index.js';
 * const { capture } = settingsOf(resolveValues());
 * const plan = buildPlan(capture, { all: true, include: { ipv4: [], ipv6: [] }, exclude: { ipv4: [], ipv6: [] } });
 * ```
 */
export { buildPlan, type PlanOptions } from './build.js';
export * from './chains.js';
export { checkPlan, isCanonicalCidr } from './check.js';
export type * from './types.js';
export { established, type ConntrackMatch, type ConntrackState } from './match/conntrack.js';
export { destination, type DestinationMatch, type DestinationOptions } from './match/destination.js';
export { dport, type DportMatch } from './match/dport.js';
export { inInterface, type InInterfaceMatch } from './match/in-interface.js';
export { outInterface, type OutInterfaceMatch } from './match/out-interface.js';
export { owner, type OwnerMatch } from './match/owner.js';
export { protocol, type ProtocolMatch } from './match/protocol.js';
export { socket, type SocketMatch } from './match/socket.js';
export { accept, type AcceptTarget } from './target/accept.js';
export { jump, type JumpTarget } from './target/jump.js';
export { mark, type MarkTarget } from './target/mark.js';
export { redirect, type RedirectTarget } from './target/redirect.js';
export { reject, type RejectTarget } from './target/reject.js';
export { returnTarget, type ReturnTarget } from './target/return.js';
export { tproxy, type TproxyTarget } from './target/tproxy.js';
