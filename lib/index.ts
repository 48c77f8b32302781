/**
 * render-injector: compute the IP ranges an Istio sidecar captures for a given cluster, and render the
 * `istio-sidecar-injector` ConfigMap, the iptables/nftables rules, and patched Helm streams.
 *
 * Importing this module does no I/O and reads no environment; every function takes data and returns data, except
 * {@link discoverCluster}, which runs a provider's CLI through the runner it is given ({@link spawnRunner} for real
 * processes).
 *
 * @example
 * ```ts
 * import { resolveValues, renderConfigMap } from 'render-injector';
 * const resolved = resolveValues({ provider: 'minikube' });
 * process.stdout.write(renderConfigMap(resolved));
 * ```
 * @packageDocumentation
 */
export {
  resolveValues,
  computeRanges,
  renderConfigMap,
  planInterception,
  renderIptables,
  postRender,
  renderValuesOverlay,
  renderIstiodOverlay,
  wantedRanges,
  checkDrift,
  type PostRenderApiOptions,
  type InjectorOptions,
  type Resolution,
  type TextInput,
  type IptablesOptions,
} from './pipeline/index.js';
export { formatRanges, explainRanges, type RangesResult, type EffectiveRange, type RangesFormat, type FormatRangesOptions } from './ranges/index.js';
export {
  discoverCluster,
  DEFAULT_TIMEOUT_MS,
  type CommandRequest,
  type CommandResult,
  type CommandRunner,
  type DiscoverOptions,
  type DiscoverTarget,
  type DiscoveredCluster,
} from './discover/index.js';
export { spawnRunner, type SpawnRunnerOptions } from './discover/spawn.js';
export {
  renderOverlay,
  renderIstiodValues,
  istiodRanges,
  OVERLAY_FORMATS,
  type IstiodRanges,
  type OverlayFormat,
  type OverlayOptions,
  type IstiodValuesOptions,
} from './render/overlays.js';
export {
  formatDriftReport,
  type DriftReport,
  type ConfigMapDrift,
  type ListDrift,
  type FamilyDrift,
  type MissingRange,
  type WantedRanges,
  type WantedList,
  type CompareOptions,
} from './check/drift.js';
export type { InjectorShape } from './postrender/injectors.js';
export type { IstioVersion } from './values/defaults.js';
export { providers, getProvider } from '../providers/index.js';
export type { Provider, ProviderRange, ProviderPreset, RangeRole, DiscoveryResult } from '../providers/types.js';
export { valuesSchema, ValuesSchema, type Values } from './values/schema.js';
export type { Origin } from './values/index.js';
export type { PostRenderResult, PatchRanges } from './postrender/index.js';
export { krmFunction, KrmFunctionError, type KrmRanges } from './krm/resource-list.js';
export type {
  InterceptionPlan,
  FamilyPlan,
  InterceptionMode,
  Rule,
  Match,
  Target,
  Table,
  ChainRef,
  TproxyRoute,
  Family as RuleFamily,
  ConntrackMatch,
  ConntrackState,
  DestinationMatch,
  DportMatch,
  InInterfaceMatch,
  OutInterfaceMatch,
  OwnerMatch,
  ProtocolMatch,
  SocketMatch,
  AcceptTarget,
  JumpTarget,
  MarkTarget,
  RedirectTarget,
  RejectTarget,
  ReturnTarget,
  TproxyTarget,
} from './plan/index.js';
export { RenderInjectorError, type ErrorCode, type ErrorPlace, type Warning } from './errors.js';
export {
  parseCidr,
  formatCidr,
  parseRangeList,
  mergeCidrs,
  subtractCidrs,
  intersectCidrs,
  containsCidr,
  overlapsCidrs,
  mergeCidrTexts,
  mergeCidrLines,
  subtractCidrTexts,
  type Cidr,
  type Cidr4,
  type Cidr6,
  type Family,
  type ParsedCidr,
  type RangeList,
} from './cidr/index.js';
