/**
 * The values stage of the pipeline: chart defaults of the selected flavour, then preset layers, then `-f` files
 * in order, then every `--set`, then every `--set-string`; validated once into a fully defaulted `Values`, with
 * the origin of every value and the warnings met on the way.
 */
import type { TSchema } from '@sinclair/typebox';
import { RenderInjectorError, type Warning } from '../errors.js';
import { chartDefaults, defaultValues, isIstioVersion, type IstioVersion } from './defaults.js';
import { coalesceDefaults, fillMissing, forgetBelow, layOver, originOf, originsOf, type Origin, type Source, type Sources } from './merge.js';
import { parseValuesYaml } from './parse-yaml.js';
import { fillSchemaDefaults } from './fill-defaults.js';
import { assertSafeTree, cloneValues, formatPath, getOwn, isMap, type PathSegment } from './paths.js';
import { valuesSchemaData } from './schema.generated.js';
import type { Values } from './schema.js';
import { parseSetExpressions, setPath, type SetAssignment } from './strvals.js';
import { nearMissWarnings, validateValues } from './validate.js';

/** A named set of values laid over the chart defaults before any file, e.g. a provider preset. */
export interface ValuesLayer {
  /** A name for messages, e.g. `provider gke`. */
  name: string;
  /** The values; never changed. */
  values: Record<string, unknown>;
  /** Reported as the origin of every value this layer sets. */
  origin: Origin;
}

/** What to resolve. All of it is optional: `layerValues({})` gives the 0.8 chart defaults. */
export interface ResolveOptions {
  /** Istio flavour; wins over `renderInjector.istioVersion` in the values, which wins over the default `0.8`. */
  istioVersion?: IstioVersion;
  /** Applied over the chart defaults, before files. */
  layers?: ValuesLayer[];
  /** `-f` files, in order (the caller reads them; no I/O here). */
  files?: { name: string; text: string }[];
  /** `--set` expressions, applied after the files. */
  set?: string[];
  /** `--set-string` expressions, applied after every `--set`. */
  setString?: string[];
}

/** The resolved values, where each came from, and what deserves a warning. */
export interface ResolvedValues {
  /** Validated and fully defaulted; unknown keys kept as given. */
  values: Values;
  /** Origin of the final value at each key path that ends at a scalar or a list. */
  origins: Map<string, Origin>;
  /** Duplicate keys, near misses of known keys. */
  warnings: Warning[];
}

/**
 * Resolves values as Helm would for the chosen Istio chart, then validates them. Throws
 * `RenderInjectorError` (`E_YAML`, `E_SET`, `E_UNSAFE_KEY`, `E_VALUES`) for the first bad input.
 *
 * @example
 * ```ts
 * import { layerValues } from '../lib/values/resolve.js';
 * const { values, origins } = layerValues({
 *   files: [{ name: 'values.yaml', text: 'global:\n  proxy:\n    includeIPRanges: 10.0.0.0/8\n' }],
 *   set: ['global.proxy.excludeIPRanges=10.0.0.1/32'],
 * });
 * values.global.proxy.includeIPRanges;                 // '10.0.0.0/8'
 * origins.get('global.proxy.includeIPRanges')?.line;   // 3
 * ```
 */
export function layerValues(options: ResolveOptions = {}): ResolvedValues {
  const warnings: Warning[] = [];

  // Read and check every input before anything is merged or set.
  const layers = (options.layers ?? []).map((layer) => {
    assertSafeTree(layer.values, { file: layer.name });
    return layer;
  });
  const files = (options.files ?? []).map((f) => parseValuesYaml(f.text, f.name));
  const sets = [
    ...parseSetExpressions(options.set ?? [], 'set'),
    ...parseSetExpressions(options.setString ?? [], 'set-string'),
  ];
  if (options.istioVersion !== undefined && !isIstioVersion(options.istioVersion)) chartDefaults(options.istioVersion);

  // User values, merged as Helm merges -f files; nulls stay as markers until the defaults are laid under. The
  // values are laid in place: a layer is the caller's, so it is copied; a parsed file is this call's own, and is
  // taken over. Each value's source is recorded where it was put; origins are resolved once, at the end.
  const user: Record<string, unknown> = {};
  const sources: Sources = new Map();
  for (const layer of layers) layOver(user, cloneValues(layer.values), sources, layer.origin);
  for (const file of files) {
    warnings.push(...file.warnings);
    layOver(user, file.values, sources, file);
  }
  applySets(user, sets, sources);

  const fromValues = isMap(user.renderInjector) ? getOwn(user.renderInjector, 'istioVersion') : undefined;
  const version: IstioVersion = options.istioVersion ?? (isIstioVersion(fromValues) ? fromValues : '0.8');
  const defaultOrigin: Origin = { kind: 'default', label: `chart defaults (Istio ${version})` };
  const coalesced = coalesceDefaults(chartDefaults(version), user, sources, defaultOrigin);
  const merged = coalesced.values;
  // Nulls under the chart's own sections; render-injector's own section keeps its defaults (it is not a chart value).
  const nulls = coalesced.nulls.filter((n) => n.path[0] !== 'renderInjector');
  if (options.istioVersion !== undefined) {
    setPath(merged, ['renderInjector', 'istioVersion'], options.istioVersion);
    sources.set('renderInjector.istioVersion', { kind: 'option', label: '--istio-version' });
  }

  // A deleted (null) key falls back to this flavour's default, not to another flavour's.
  const filled = fillMissing(merged, defaultValues(version), sources, defaultOrigin);
  const values = fillSchemaDefaults(valuesSchemaData, filled) as Values;
  // Helm deletes a key set to null, and the chart then renders it as empty: "" for text, false for a flag,
  // nothing for a map or a list. A chart key render-injector reads does the same here (a number has no empty
  // form in the model, so it keeps its default, with a warning). After the schema defaults, which would refill
  // an empty map.
  for (const { path, origin } of nulls) {
    const fallback = valueAt(values, path);
    if (fallback === undefined) continue; // not a key the model has: it stays deleted
    const required = requiredBelow(path);
    if (isMap(fallback) && required.length > 0) {
      const from = origin.kind === 'file' ? '' : ` (by ${origin.label})`;
      throw new RenderInjectorError('E_VALUES', `${formatPath(path)} is set to null${from}, but it is a section whose keys render-injector needs (${required.join(', ')})`, {
        place: { ...placeOfOrigin(origin), path: formatPath(path) },
        hint: `remove the null, or set only the keys under ${formatPath(path)} you mean to change`,
      });
    }
    const empty = emptyLike(fallback);
    if (empty === undefined) {
      warnings.push({
        code: 'W_NULL_NUMBER',
        message: `set to null, but a number cannot be empty here, so it keeps its default ${String(fallback)}`,
        place: { ...placeOfOrigin(origin), path: formatPath(path) },
      });
      continue;
    }
    setPath(values as unknown as Record<string, unknown>, path, empty);
    sources.set(formatPath(path), origin);
  }
  // A single port given as a number (--set global.proxy.excludeInboundPorts=9090, or 9090 unquoted in YAML) is
  // the port list "9090", as the chart renders it.
  for (const key of ['includeInboundPorts', 'excludeInboundPorts'] as const) {
    const ports: unknown = values.global.proxy[key];
    if (typeof ports === 'number' && Number.isInteger(ports)) values.global.proxy[key] = String(ports);
  }
  // Istio's script exempts one id as both uid and gid (-u): the gid follows the uid unless set on its own.
  const userSource = (key: 'proxyUid' | 'proxyGid'): Source | undefined => {
    const source = sourceAt(sources, ['renderInjector', key]);
    return isMap(values.renderInjector[key]) || source === defaultOrigin ? undefined : source;
  };
  const uid = userSource('proxyUid');
  if (uid !== undefined && userSource('proxyGid') === undefined) {
    values.renderInjector.proxyGid = values.renderInjector.proxyUid;
    sources.set('renderInjector.proxyGid', originOf(uid, 'renderInjector.proxyUid'));
  }
  const finalOrigins = originsOf(values as unknown as Record<string, unknown>, sources, defaultOrigin);
  const errors = validateValues(values, finalOrigins);
  if (errors[0]) throw errors[0];
  warnings.push(...nearMissWarnings(values, finalOrigins));
  return { values, origins: finalOrigins, warnings };
}

/**
 * Applies `--set` assignments in place, recording each as the source of what it set. An index sets part of a
 * list: the source belongs to the list itself.
 */
function applySets(user: Record<string, unknown>, sets: readonly SetAssignment[], sources: Sources): void {
  for (const a of sets) {
    const firstIndex = a.path.findIndex((s) => typeof s === 'number');
    const owner = firstIndex < 0 ? a.path : a.path.slice(0, firstIndex);
    const replaced = valueAt(user, owner);
    if (isMap(replaced)) forgetBelow(sources, replaced, formatPath(owner));
    setPath(user, a.path, cloneValues(a.value));
    sources.set(formatPath(owner), { kind: 'set', label: `${a.option} ${a.text}` });
  }
}

/** The value at a path of map keys, or `undefined` when something on the way is not a map. */
function valueAt(root: Record<string, unknown>, path: readonly PathSegment[]): unknown {
  let node: unknown = root;
  for (const key of path) node = isMap(node) ? getOwn(node, key as string) : undefined;
  return node;
}

/** The source of the value at a path of map keys: the one recorded there or at its closest ancestor. */
function sourceAt(sources: Sources, path: readonly string[]): Source | undefined {
  for (let n = path.length; n > 0; n--) {
    const hit = sources.get(formatPath(path.slice(0, n)));
    if (hit) return hit;
  }
  return undefined;
}

/** Where a warning about a value points: the file and line it came from, or the option. */
function placeOfOrigin(origin: Origin): { file?: string; line?: number } {
  if (origin.kind === 'file') return { file: origin.file ?? origin.label, ...(origin.line !== undefined ? { line: origin.line } : {}) };
  return { file: origin.label.split(' ')[0]! };
}

/** The keys the schema requires in the map at `path` (none when the schema does not describe it). */
function requiredBelow(path: readonly string[]): string[] {
  let schema: TSchema | undefined = valuesSchemaData;
  for (const key of path) schema = (schema as { properties?: Record<string, TSchema> }).properties?.[key];
  return (schema as { required?: string[] } | undefined)?.required ?? [];
}

/** The empty value of the same kind as a chart default: '' for text, false for a flag, {} for a map. */
function emptyLike(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (typeof value === 'boolean') return false;
  if (isMap(value)) return {};
  return undefined;
}
