/**
 * The high-level API that deploy scripts import and the CLI itself uses. Each function takes plain data (file
 * contents, not paths) and returns text or data: no I/O, no environment, no process state.
 *
 * The pipeline (see DESIGN.md): resolve values (chart defaults ◁ provider ◁ `-f` files ◁ `--set`) and compute the
 * captured ranges with their provenance, then render the artefacts from them.
 */
import { RenderInjectorError, type Warning } from '../errors.js';
// From the modules themselves, not values/index.js: that re-exports schema.ts, whose TypeBox builders a run needs not.
import { layerValues, type ValuesLayer } from '../values/resolve.js';
import { placeOf } from '../values/validate.js';
import type { Origin } from '../values/merge.js';
import type { Values } from '../values/schema.js';
import { initializeSettings, type Settings } from '../values/settings.js';
import { providerRanges } from '../../providers/index.js';
import type { ProviderRange } from '../ranges/provider-range.js';
import type { DiscoveredCluster } from '../discover/types.js';
import { combineRanges, givenRangeValues, providerSources, type RangeSource, type RangesResult } from '../ranges/index.js';
import { writeConfigMap } from '../render/configmap.js';
import { buildPlan, checkPlan } from '../plan/index.js';
import type { InterceptionPlan } from '../plan/index.js';
import { writeRules } from '../render/iptables.js';
import { patchStream, type CheckedRanges, type PostRenderResult } from '../postrender/index.js';
import { patchStreamBytes, type PostRenderBytesResult, type PostRenderOptions } from '../postrender/stream.js';
import { isModernIstio, type IstioVersion } from '../values/defaults.js';
import { compareInjector, type CompareOptions, type DriftReport, type WantedRanges } from '../check/drift.js';
import { writeIstiodValues, writeOverlay, type OverlayOptions } from '../render/overlays.js';

/** A named text input: a values file, a cluster-info file, or stdin (`-`). */
export interface TextInput {
  /** Name used in messages, e.g. the path the user gave. */
  name: string;
  /** The file's contents. */
  text: string;
}

/** Everything that decides the rendered output. Every field is optional; the defaults give Istio 0.8's chart. */
export interface InjectorOptions {
  /** Provider name (`gke`, `iks`, `minikube`, …); its ranges replace the chart's `includeIPRanges: "*"`. */
  provider?: string;
  /** A named alternative range set of the provider (e.g. `legacy`). */
  preset?: string;
  /** The output of the provider's discovery command (see `render-injector providers`). */
  clusterInfo?: TextInput;
  /** What {@link discoverCluster} read from the provider's CLI; used instead of `clusterInfo` (give one of them). */
  discovered?: DiscoveredCluster;
  /** `-f` values files, in order; later files win. */
  values?: TextInput[];
  /** `--set` expressions (Helm strvals rules), applied after the files. */
  set?: string[];
  /** `--set-string` expressions, applied after `set`. */
  setString?: string[];
  /** Comma-separated range lists added to the captured ranges. */
  include?: string[];
  /** Comma-separated range lists never captured. */
  exclude?: string[];
  /**
   * Istio version: `0.8` or `1.0` (the 2018 charts), or `1.N` with N ≥ 20 (istiod: values overlays, never a 2018
   * template); wins over `renderInjector.istioVersion` in the values.
   */
  istioVersion?: IstioVersion;
  /** Namespace of the ConfigMap; wins over `renderInjector.namespace`. */
  namespace?: string;
}

/** The resolved values and the ranges computed from them. */
export interface Resolution {
  /**
   * The validated values as the layers gave them (chart defaults, `-f` files, `--set`). The range keys keep what
   * the values said; the ranges captured (a provider's, `--include`, `--exclude` and the values' own, merged) are
   * in `ranges` and nowhere else.
   */
  values: Values;
  /** The captured ranges, both families: the merged include and exclude lists, the effective set, and where each came from. */
  ranges: RangesResult;
  /** Where each value came from, by dotted key path. */
  origins: Map<string, Origin>;
  /** Everything worth a warning (host bits set, duplicate keys, near-miss keys, …). */
  warnings: Warning[];
  /** Whether excluded ranges were asked for (values or `--exclude`), rather than the chart's empty default. */
  excludeGiven: boolean;
  /**
   * Whether anything chose the include ranges (a provider, `--include`, values or `--set`), rather than the
   * chart's default `*`. {@link postRender} refuses to patch without it: that would widen capture by omission.
   */
  includeGiven: boolean;
}

const INCLUDE_PATH = 'global.proxy.includeIPRanges';
const EXCLUDE_PATH = 'global.proxy.excludeIPRanges';

/** How `explain` names where a values key came from: `file:line (key)` for files, else the layer's label. */
function originLabel(origin: Origin, path: string): string {
  if (origin.kind === 'file' && origin.file !== undefined && origin.line !== undefined) return `${origin.file}:${origin.line} (${path})`;
  return `${origin.label} (${path})`;
}

/**
 * Resolves the values (chart defaults, provider ranges, `-f` files, `--set`) and computes the captured ranges.
 *
 * @example
 * ```ts
 * import { resolveValues } from 'render-injector';
 * const { ranges } = resolveValues({ provider: 'minikube' });
 * console.log(ranges.ipv4); // [ '10.96.0.0/12', '10.244.0.0/16' ]
 * ```
 */
export function resolveValues(options: InjectorOptions = {}): Resolution {
  const warnings: Warning[] = [];
  const layers: ValuesLayer[] = [];
  for (const option of ['include', 'exclude'] as const) {
    if ((options[option] ?? []).some((list) => list.trim() === '')) {
      // an unset shell variable or an empty config entry: capturing (or excluding) nothing is never what was meant
      throw new RenderInjectorError('E_RANGE_LIST', `an ${option} list is empty`, {
        place: { file: `--${option}` },
        hint: `give comma-separated CIDRs (is a variable unset?); write "*" with include to capture everything`,
      });
    }
  }
  let provided: ProviderRange[] | undefined;
  if (options.provider !== undefined) {
    const found = options.discovered
      ? discoveredRanges(options.provider, options)
      : providerRanges({
          provider: options.provider,
          ...(options.preset !== undefined ? { preset: options.preset } : {}),
          ...(options.clusterInfo !== undefined ? { clusterInfo: options.clusterInfo } : {}),
        });
    warnings.push(...found.warnings);
    provided = found.ranges;
  } else if (options.preset !== undefined || options.clusterInfo !== undefined || options.discovered !== undefined) {
    const needs = options.preset !== undefined ? '--preset' : options.clusterInfo !== undefined ? '--cluster-info' : '--discover';
    throw new RenderInjectorError('E_USAGE', `${needs} needs --provider`, {
      hint: 'name the provider, e.g. --provider gke (see `render-injector providers`)',
    });
  }
  if (options.namespace !== undefined) {
    layers.push({
      name: '--namespace',
      values: { renderInjector: { namespace: options.namespace } },
      origin: { kind: 'option', label: '--namespace' },
    });
  }
  const resolved = layerValues({
    ...(options.istioVersion !== undefined ? { istioVersion: options.istioVersion } : {}),
    layers,
    files: options.values ?? [],
    set: options.set ?? [],
    setString: options.setString ?? [],
  });
  warnings.push(...resolved.warnings);
  const { values, origins } = resolved;
  const ranges = combineRanges(rangeSources(values, origins, options, provided));
  warnings.push(...ranges.warnings);
  // Istio 0.8/1.0's istio-init applies includeIPRanges/excludeIPRanges with iptables, IPv4 only: an IPv6 item
  // makes it fail. Their artefacts carry the IPv4 ranges; the IPv6 ones go to the iptables renderers.
  const ipv6 = [...ranges.include.ipv6, ...ranges.exclude.ipv6];
  // Today's istio-iptables splits the lists per family: istiod-era values carry IPv6 (see istiodRanges).
  if (ipv6.length > 0 && !isModernIstio(values.renderInjector.istioVersion)) {
    warnings.push({
      code: 'W_IPV6_RANGES',
      message:
        `IPv6 ranges (${ipv6.join(', ')}) stay out of includeIPRanges/excludeIPRanges, which Istio's istio-init applies with iptables (IPv4 only); ` +
        (values.renderInjector.ipv6 === false
          ? 'render-injector iptables leaves IPv6 alone because renderInjector.ipv6 is false'
          : 'render-injector iptables renders their rules'),
    });
  }
  // resolveValues records an origin for every leaf of the values, defaults included.
  const excludeGiven = Boolean(options.exclude?.length) || origins.get(EXCLUDE_PATH)!.kind !== 'default';
  const includeGiven = Boolean(options.include?.length) || provided !== undefined || origins.get(INCLUDE_PATH)!.kind !== 'default';
  const resolution: Resolution = { values, ranges, origins, warnings, excludeGiven, includeGiven };
  pipelineMade.add(resolution);
  return resolution;
}

/**
 * Every range list and where it came from: the provider's ranges (each with its own source), unless a values
 * file or `--set` chose the include list itself (later layers win, as Helm's do); the values' own lists; then
 * `--include` and `--exclude`. The chart's default `*` stands only when nothing else names an include.
 */
function rangeSources(
  values: Values,
  origins: ReadonlyMap<string, Origin>,
  options: InjectorOptions,
  provided: readonly ProviderRange[] | undefined,
): { include: RangeSource[]; exclude: RangeSource[] } {
  const fromValues = (path: string, value: string | readonly string[]): RangeSource => ({
    value,
    origin: originLabel(origins.get(path)!, path),
    place: placeOf(path, origins),
  });
  const include: RangeSource[] = [];
  const chartDefault = origins.get(INCLUDE_PATH)!.kind === 'default';
  if (chartDefault && provided) include.push(...providerSources(provided, options.provider!));
  else if (!(chartDefault && options.include?.length)) include.push(fromValues(INCLUDE_PATH, values.global.proxy.includeIPRanges));
  for (const list of options.include ?? []) include.push({ value: list, origin: '--include' });
  const exclude: RangeSource[] = [
    fromValues(EXCLUDE_PATH, values.global.proxy.excludeIPRanges),
    ...(options.exclude ?? []).map((list) => ({ value: list, origin: '--exclude' })),
  ];
  return { include, exclude };
}

/** The resolutions {@link resolveValues} made: their values and ranges passed the values stage and the CIDR engine. */
const pipelineMade = new WeakSet<Resolution>();

/** The ranges discovery read, checked against the other options (they must name the same cluster source). */
function discoveredRanges(provider: string, options: InjectorOptions): { ranges: ProviderRange[]; warnings: Warning[] } {
  const discovered = options.discovered!;
  if (options.clusterInfo !== undefined) {
    throw new RenderInjectorError('E_USAGE', '--discover and --cluster-info both give the cluster\'s ranges', {
      hint: 'use --discover to ask the CLI, or --cluster-info FILE to read its saved output, not both',
    });
  }
  if (discovered.provider !== provider.toLowerCase()) {
    throw new RenderInjectorError('E_USAGE', `the discovered ranges are ${discovered.provider}'s, not ${provider}'s`, {
      place: { file: '--provider' },
      hint: `discover with provider ${provider}, or pass provider ${discovered.provider}`,
    });
  }
  const warnings: Warning[] = [];
  if (options.preset !== undefined) {
    warnings.push({
      code: 'W_PRESET_IGNORED',
      message: `--preset ${options.preset} is ignored because --discover read the cluster's own ranges`,
      place: { file: '--preset' },
    });
  }
  return { ranges: discovered.ranges.map((r) => ({ ...r })), warnings: [...warnings, ...discovered.warnings] };
}

/**
 * Computes the effective captured ranges (includes minus excludes, per family) with the source of each.
 *
 * @example
 * ```ts
 * import { computeRanges, formatRanges } from 'render-injector';
 * const ranges = computeRanges({ include: ['10.4.0.0/14,10.7.240.0/20'], exclude: ['10.7.240.0/24'] });
 * console.log(formatRanges(ranges, 'csv'));
 * ```
 */
export function computeRanges(options: InjectorOptions = {}): RangesResult {
  return resolveValues(options).ranges;
}

/**
 * The settings of options or a resolution, through the one boundary: a resolution this module made was
 * validated on the way; one a caller built is checked as the values stage would check it.
 */
export function settingsOf(input: InjectorOptions | Resolution): Settings {
  const resolved = 'origins' in input ? input : resolveValues(input);
  return initializeSettings(resolved, pipelineMade.has(resolved) ? 'pipeline' : 'caller');
}

/**
 * Renders the `istio-sidecar-injector` ConfigMap, ready for `kubectl apply -f -`.
 *
 * @example
 * ```ts
 * import { renderConfigMap } from 'render-injector';
 * const yaml = renderConfigMap({ provider: 'iks', istioVersion: '1.0' });
 * ```
 */
export function renderConfigMap(input: InjectorOptions | Resolution = {}): string {
  const settings = settingsOf(input);
  const version = settings.version;
  if (isModernIstio(version)) {
    throw new RenderInjectorError('E_USAGE', `Istio ${version} reads the ranges from its chart values; its injector templates are not render-injector's to replace`, {
      place: { path: 'renderInjector.istioVersion' },
      hint: 'render a values overlay (renderIstiodValues, renderValuesOverlay), or patch the live ConfigMap with postRender',
    });
  }
  return withOrigin(settings, () => writeConfigMap(settings));
}

/**
 * Runs a writer; a value it refuses (named by its key path) gets that key's origin (file:line, --set, option), as
 * the boundary's errors do. Anything else (an internal fault) passes through as it is.
 */
function withOrigin<T>(settings: Settings, write: () => T): T {
  try {
    return write();
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    throw new RenderInjectorError(e.code, e.message, { place: placeOf(e.place.path!, settings.origins), hint: e.hint });
  }
}

/**
 * Builds the interception plan: the ordered iptables rules per address family, as data.
 *
 * @example
 * ```ts
 * import { planInterception } from 'render-injector';
 * const plan = planInterception({ include: ['192.0.2.0/24'] });
 * for (const family of plan.families) console.log(family.family, family.rules.length);
 * ```
 */
export function planInterception(input: InjectorOptions | Resolution = {}): InterceptionPlan {
  const { capture, ranges } = settingsOf(input);
  return buildPlan(
    capture,
    { all: ranges.all, include: { ipv4: ranges.ipv4, ipv6: ranges.ipv6 }, exclude: ranges.exclude },
    // What the include lists named, before the excludes: "auto" captures IPv6 for it (a "*" alone names none).
    { ipv6Named: ranges.include.ipv6.length > 0 },
  );
}

/** Output formats of {@link renderIptables}. */
export interface IptablesOptions {
  /** `script` (sh, default), `restore` (iptables-restore input), or `nft` (an `nft -f` ruleset). */
  format?: 'script' | 'restore' | 'nft';
  /** Only this family's rules. Default: both for `script` and `nft`; `ipv4` for `restore` (each restore tool takes one). */
  family?: 'ipv4' | 'ipv6';
  /** Render what removes exactly what the rules add. */
  cleanup?: boolean;
}

/**
 * Renders the rules the `istio-init` container applies, as a script, `iptables-restore` input or an nft ruleset,
 * from options, a resolution, or a plan made by {@link planInterception} (or built by hand, or read back from its
 * JSON). A plan given is checked whole first: a field that cannot be written safely is refused with `E_RENDER`
 * and its path in the plan (e.g. `families[0].rules[3].matches[1].cidrs[0]`), before any text exists.
 *
 * @example
 * ```ts
 * import { renderIptables } from 'render-injector';
 * const script = renderIptables({ provider: 'minikube' }, { format: 'script' });
 * ```
 */
export function renderIptables(input: InjectorOptions | Resolution | InterceptionPlan = {}, options: IptablesOptions = {}): string {
  const format = options.format ?? 'script';
  const family = options.family ?? (format === 'restore' ? 'ipv4' : undefined);
  // A plan given (from planInterception, by hand, or read from JSON) is checked whole before anything is written;
  // one made here from checked settings is not. Several formats can share one plan.
  return writeRules('families' in input ? checkPlan(input) : planInterception(input), {
    format,
    ...(family !== undefined ? { family } : {}),
    ...(options.cleanup !== undefined ? { cleanup: options.cleanup } : {}),
  });
}

/**
 * Options of {@link postRender} beyond the ranges.
 *
 * @example
 * ```ts
 * import type { PostRenderApiOptions } from 'render-injector';
 * const o: PostRenderApiOptions = { strict: true, revision: 'canary' };
 * ```
 */
export interface PostRenderApiOptions {
  /** Make "no injector ConfigMap in the stream" an `E_STREAM` error instead of a warning. */
  strict?: boolean;
  /** Patch `istio-sidecar-injector-<revision>`; needed when the stream holds several injector ConfigMaps. */
  revision?: string;
  /** The stream's name for error places (default `-`). */
  source?: string;
}

/** The shape a version's injector ConfigMap has. */
const shapeOf = (version: string): 'template' | 'values' => (isModernIstio(version) ? 'values' : 'template');

/**
 * Patches a rendered Helm stream or a live ConfigMap (`kubectl get cm … -o yaml`, one document or a `List`), in
 * whichever shape it has: the 2018 template (0.8/1.0: the include ranges, and the exclude ranges when given,
 * IPv4 only) or today's `data.values` JSON (1.20 on: `global.proxy.includeIPRanges`, and `excludeIPRanges` when
 * given, both families, the two lists apart). Every other byte comes back as it was. The chart's `values[-rev]`
 * ConfigMap (a record of the install's values that istiod never reads) is left alone.
 *
 * Warns when the shape found disagrees with an explicit Istio version, and when the ConfigMap is owned by the
 * Sail Operator (which would revert the change).
 *
 * @example
 * ```ts
 * import { postRender } from 'render-injector';
 * declare const liveYaml: string; // kubectl get cm istio-sidecar-injector -n istio-system -o yaml
 * const { output, warnings, notes } = postRender(liveYaml, { provider: 'iks' }, { revision: 'default' });
 * ```
 */
export function postRender(stream: string, input: InjectorOptions | Resolution = {}, options: PostRenderApiOptions = {}): PostRenderResult {
  const settings = settingsOf(input);
  return withMismatch(settings, patchStream(stream, patchOptions(settings, options)));
}

/**
 * {@link postRender} over the stream's UTF-8 bytes, already checked to be UTF-8 (the CLI's way: the stream is
 * neither decoded nor copied whole, and the output is pieces of bytes, most of them views into the input).
 *
 * @example
 * ```ts
 * import { postRenderBytes } from '../lib/pipeline/index.js';
 * declare const bytes: Uint8Array; // the stream Helm wrote
 * for (const piece of postRenderBytes(bytes, { provider: 'iks' }).output) process.stdout.write(piece);
 * ```
 */
export function postRenderBytes(stream: Uint8Array, input: InjectorOptions | Resolution = {}, options: PostRenderApiOptions = {}): PostRenderBytesResult {
  const settings = settingsOf(input);
  return withMismatch(settings, patchStreamBytes(stream, patchOptions(settings, options)));
}

/** The options the stream patcher takes for the settings. */
function patchOptions(settings: Settings, options: PostRenderApiOptions): PostRenderOptions {
  return {
    ...patchRanges(settings),
    values: givenRangeValues(settings.ranges, 'both', settings.excludeGiven),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
    ...(options.source !== undefined ? { source: options.source } : {}),
  };
}

/** Puts the version-mismatch warning, if any, first among the result's warnings. */
function withMismatch<R extends { shape?: 'template' | 'values'; warnings: Warning[] }>(settings: Settings, result: R): R {
  const mismatch = versionMismatch(settings, result.shape);
  if (mismatch) result.warnings.unshift(mismatch);
  return result;
}

/** A warning when the stream's shape disagrees with an explicitly chosen Istio version. */
function versionMismatch(settings: Settings, shape: 'template' | 'values' | undefined): Warning | undefined {
  const version = settings.version;
  const origin = settings.origins.get('renderInjector.istioVersion');
  if (shape === undefined || origin === undefined || origin.kind === 'default' || shapeOf(version) === shape) return undefined;
  return {
    code: 'W_SHAPE_MISMATCH',
    message:
      shape === 'values'
        ? `the injector ConfigMap has today's shape (data.values JSON, Istio 1.5 on), not Istio ${version}'s template; patched it as such`
        : `the injector ConfigMap has the 2018 template shape (Istio 0.8/1.0), not Istio ${version}'s data.values; patched it as such`,
  };
}

/**
 * Renders a values overlay for an istiod-era install (any `--istio-version`: the overlay is the same for every
 * 1.20+ release): `istioctl` arguments, `helm-values`, an `istio-operator` file, a `sail` `Istio` object, or an
 * `annotations` pod-template patch.
 *
 * @example
 * ```ts
 * import { renderValuesOverlay } from 'render-injector';
 * const sail = renderValuesOverlay({ provider: 'iks' }, { format: 'sail', name: 'default' });
 * ```
 */
export function renderValuesOverlay(input: InjectorOptions | Resolution, options: OverlayOptions): string {
  const { ranges, excludeGiven } = settingsOf(input);
  return writeOverlay(givenRangeValues(ranges, 'both', excludeGiven), options);
}

/**
 * The main artefact for a 1.20+ version: the `helm-values` overlay with a comment header that lists each range
 * with its source and says how to apply it (Helm, istioctl, Sail, or `post-render` on the live ConfigMap).
 *
 * @example
 * ```ts
 * import { renderIstiodOverlay } from 'render-injector';
 * const yaml = renderIstiodOverlay({ provider: 'iks', istioVersion: '1.28' });
 * ```
 */
export function renderIstiodOverlay(input: InjectorOptions | Resolution = {}): string {
  const { ranges, excludeGiven, values, version } = settingsOf(input);
  const lines = [
    ...(ranges.all ? ['include *  (every address)'] : ranges.included.map((r) => `include ${r.cidr}  from ${r.sources.join('; ')}`)),
    ...(excludeGiven ? ranges.excluded.map((r) => `exclude ${r.cidr}  from ${r.sources.join('; ')}`) : []),
  ];
  return writeIstiodValues(givenRangeValues(ranges, 'both', excludeGiven), {
    istioVersion: isModernIstio(version) ? version : '1.20+',
    namespace: values.renderInjector.namespace,
    ranges: lines.join('\n'),
  });
}


/**
 * The ranges an injector ConfigMap should hold, per shape, for a resolution: what {@link postRender} writes.
 *
 * @example
 * ```ts
 * import { resolveValues, wantedRanges } from 'render-injector';
 * wantedRanges(resolveValues({ include: ['10.0.0.0/8,fd00::/8'] })).values.include.value; // '10.0.0.0/8,fd00::/8'
 * ```
 */
export function wantedRanges(input: InjectorOptions | Resolution = {}): WantedRanges {
  return wantedOf(settingsOf(input));
}

function wantedOf(settings: Settings): WantedRanges {
  const { ranges, excludeGiven } = settings;
  const wanted = (values: { includeIPRanges: string; excludeIPRanges?: string }) => ({
    include: { value: values.includeIPRanges, sources: [...ranges.ranges, ...ranges.included] },
    ...(values.excludeIPRanges === undefined ? {} : { exclude: { value: values.excludeIPRanges, sources: ranges.excluded } }),
  });
  return { template: wanted(givenRangeValues(ranges, 'ipv4', excludeGiven)), values: wanted(givenRangeValues(ranges, 'both', excludeGiven)) };
}

/**
 * The drift check: compares the injector ConfigMap in a stream (a live `kubectl get cm … -o yaml`, a `List`, or
 * a rendered install; either shape) with the ranges computed from the options, as sets per family after
 * canonicalising. `inSync` says whether they agree; each list says per family what is missing (with the sources
 * that asked for it) and what is extra. The exclude is compared only when one was given.
 *
 * @example
 * ```ts
 * import { checkDrift, formatDriftReport } from 'render-injector';
 * declare const liveYaml: string;
 * const report = checkDrift(liveYaml, { provider: 'iks' }, { revision: 'canary' });
 * if (!report.inSync) process.stderr.write(formatDriftReport(report));
 * ```
 */
export function checkDrift(stream: string, input: InjectorOptions | Resolution = {}, options: CompareOptions = {}): DriftReport {
  const settings = settingsOf(input);
  const report = compareInjector(stream, wantedOf(settings), options);
  const mismatch = versionMismatch(settings, report.configMaps[0]?.shape);
  if (mismatch) report.warnings.unshift({ ...mismatch, message: mismatch.message.replace('patched it as such', 'compared it as such') });
  return report;
}

/**
 * The ranges a post-renderer writes: the include ranges always, the exclude ranges when asked for (IPv4: the
 * 2018 template's). Throws `E_USAGE` when nothing chose the include ranges: patching in the chart default `*`
 * would widen capture by omission (an `--exclude` alone, or values that never set includeIPRanges, are the same).
 */
export function patchRanges(settings: Settings): CheckedRanges {
  if (!settings.includeGiven) {
    throw new RenderInjectorError('E_USAGE', 'nothing says which ranges to capture, and patching in the chart default "*" would capture all outbound traffic', {
      hint: 'give a provider, include ranges, or values that set global.proxy.includeIPRanges (--provider, --include, -f, --set; in a KRM functionConfig provider, include, set); to capture everything on purpose, include "*"',
    });
  }
  return givenRangeValues(settings.ranges, 'ipv4', settings.excludeGiven);
}
