/**
 * Helm's layering of values, done in place on values the values stage owns (freshly parsed files, copies of the
 * caller's layers): user layers are laid over one another in order (maps merge key by key, lists and scalars
 * replace, a `null` stays as a marker), and the result is coalesced over the chart defaults, where a `null`
 * deletes the key.
 *
 * Origins are kept sparse while layering: a {@link Source} is recorded at the path where a value was put (a file's
 * whole map is one entry, not one per key), and {@link originsOf} resolves the origin of every final value once, at
 * the end. Each step touches only what it lays or replaces, so a file costs time linear in its size, however large.
 */
import { locate, type ParsedValues } from './parse-yaml.js';
import { cloneValues, getOwn, isMap, joinPath, setOwn } from './paths.js';

/** Where a value came from: the chart defaults, a provider preset, a `-f` file, a `--set` or an API option. */
export interface Origin {
  kind: 'default' | 'provider' | 'file' | 'set' | 'option';
  /** What the user would call it: `chart defaults (Istio 0.8)`, `values.yaml`, `--set a.b=c`. */
  label: string;
  /** The file, for `file` origins. */
  file?: string;
  /** The 1-based line of the key in that file, when known. */
  line?: number;
}

/**
 * What put the values at a path and below it: an origin, or a parsed values file, whose locations give each value
 * its own line.
 */
export type Source = Origin | ParsedValues;

/** The source recorded at each path where a value was put; a path without one has its closest ancestor's. */
export type Sources = Map<string, Source>;

/**
 * The origin of the value at `path` from `source`: for a file, the line of the key (or of its closest ancestor
 * that has one: values reached through an alias or a merge key have none of their own).
 *
 * @example
 * ```ts
 * import { originOf } from '../lib/values/merge.js';
 * import { parseValuesYaml } from '../lib/values/parse-yaml.js';
 * const parsed = parseValuesYaml('global:\n  tag: 0.8.0\n', 'values.yaml');
 * originOf(parsed, 'global.tag'); // { kind: 'file', label: 'values.yaml', file: 'values.yaml', line: 2 }
 * ```
 */
export function originOf(source: Source, path: string): Origin {
  if ('kind' in source) return source;
  const at = locate(source.locations, path);
  const { file } = source;
  return at ? { kind: 'file', label: file, file, line: at.line } : { kind: 'file', label: file, file };
}

/**
 * Lays `over` onto `target` as Helm merges `-f` files: maps merge key by key, everything else (lists included)
 * replaces, and a `null` is kept for {@link coalesceDefaults}. The values of `over` are taken over, not copied:
 * the caller hands in values nothing else holds. Records `source` at each path where a value is put, and forgets
 * what was recorded below a map it replaces (the work is the size of what is laid and what goes).
 *
 * @example
 * ```ts
 * const target = { a: { b: 1, l: [1, 2] } };
 * layOver(target, { a: { c: 2, l: [3] } }, new Map(), { kind: 'set', label: '--set' });
 * // target is { a: { b: 1, l: [3], c: 2 } }; the sources are a.c and a.l
 * ```
 */
export function layOver(target: Record<string, unknown>, over: Record<string, unknown>, sources: Sources, source: Source, prefix = ''): void {
  for (const key of Object.keys(over)) {
    const value = over[key];
    const existing = getOwn(target, key);
    const path = joinPath(prefix, key);
    if (isMap(value) && isMap(existing)) {
      layOver(existing, value, sources, source, path);
      continue;
    }
    if (isMap(existing)) forgetBelow(sources, existing, path);
    setOwn(target, key, value);
    sources.set(path, source);
  }
}

/**
 * Forgets the sources recorded below `path` for the map there, which is being replaced: at each of its keys,
 * found by walking it (sources are recorded at map keys only, never inside lists).
 *
 * @example
 * ```ts
 * declare const sources: Sources;
 * forgetBelow(sources, { image: 'proxy', resources: {} }, 'global.proxy'); // forgets global.proxy.image, …
 * ```
 */
export function forgetBelow(sources: Sources, map: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(map)) {
    const below = joinPath(path, key);
    sources.delete(below);
    const value = map[key];
    if (isMap(value)) forgetBelow(sources, value, below);
  }
}

/** A user `null` met by {@link coalesceDefaults}: where it was, and where it came from. */
export interface NullValue {
  path: string[];
  origin: Origin;
}

/**
 * Lays the user's values over the chart defaults as Helm does before rendering: maps merge, the user's scalars
 * and lists win, and a user `null` deletes the key (whether or not the defaults have it). Where the defaults have
 * a map, the result is a new map with their keys first; every other user map is kept as it is, its nulls deleted.
 * One walk over the user's values, which also records `fallback` as the source of each default key the user's
 * map beside it lacks (at the top and in every map the walk reaches), and returns every null met (depth first, in
 * key order) with its origin.
 *
 * @example
 * ```ts
 * const sources: Sources = new Map([['tag', { kind: 'set', label: '--set tag=null' }]]);
 * coalesceDefaults({ hub: 'docker.io/istio', tag: '0.8.latest' }, { tag: null, x: 1 }, sources, { kind: 'default', label: 'chart defaults' });
 * // { values: { hub: 'docker.io/istio', x: 1 }, nulls: [{ path: ['tag'], origin: { kind: 'set', label: '--set tag=null' } }] }
 * ```
 */
export function coalesceDefaults(
  defaults: Record<string, unknown>,
  user: Record<string, unknown>,
  sources: Sources,
  fallback: Origin,
): { values: Record<string, unknown>; nulls: NullValue[] } {
  const nulls: NullValue[] = [];
  const segments: string[] = [];
  const coalesce = (defaults: Record<string, unknown> | undefined, user: Record<string, unknown>, path: string, above: Source | undefined) => {
    const here = sources.get(path) ?? above;
    const out = defaults ? cloneValues(defaults) : user;
    for (const key of Object.keys(user)) {
      const value = user[key];
      if (value === null) {
        const at = joinPath(path, key);
        // Every user value has a source: files, layers and --set all record one.
        nulls.push({ path: [...segments, key], origin: originOf((sources.get(at) ?? here)!, at) });
        delete out[key];
      } else if (isMap(value)) {
        const under = defaults ? getOwn(out, key) : undefined;
        segments.push(key);
        const merged = coalesce(isMap(under) ? under : undefined, value, joinPath(path, key), here);
        segments.pop();
        if (defaults) setOwn(out, key, merged);
      } else if (defaults) setOwn(out, key, value);
    }
    if (defaults) for (const key of Object.keys(defaults)) if (getOwn(user, key) === undefined) sources.set(joinPath(path, key), fallback);
    return out;
  };
  return { values: coalesce(defaults, user, '', undefined), nulls };
}

/**
 * Adds the keys of `defaults` that `values` lacks, deeply (maps only), recording `fallback` as their source;
 * changes and returns `values`. The added defaults are shared with `defaults`, not copied.
 *
 * @example
 * ```ts
 * fillMissing({ a: { b: 1 } }, { a: { b: 2, c: 3 }, d: 4 }, new Map(), { kind: 'default', label: 'chart defaults' });
 * // { a: { b: 1, c: 3 }, d: 4 }
 * ```
 */
export function fillMissing(
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
  sources: Sources,
  fallback: Origin,
  prefix = '',
): Record<string, unknown> {
  for (const key of Object.keys(defaults)) {
    const have = getOwn(values, key);
    const value = defaults[key];
    if (have === undefined) {
      setOwn(values, key, value);
      sources.set(joinPath(prefix, key), fallback);
    } else if (isMap(have) && isMap(value)) fillMissing(have, value, sources, fallback, joinPath(prefix, key));
  }
  return values;
}

/**
 * The origin of every value in `values` that ends at a scalar or a list, by key path, in the order of the
 * values: the source recorded at its path or at its closest ancestor, else `fallback`.
 *
 * @example
 * ```ts
 * const set: Origin = { kind: 'set', label: '--set x.a=1' };
 * originsOf({ x: { a: 1, l: [1] }, y: 2 }, new Map([['x', set]]), { kind: 'default', label: 'chart defaults' });
 * // Map { 'x.a' => set, 'x.l' => set, 'y' => { kind: 'default', … } }
 * ```
 */
export function originsOf(values: Record<string, unknown>, sources: Sources, fallback: Origin): Map<string, Origin> {
  const out = new Map<string, Origin>();
  const visit = (node: unknown, path: string, above: Source | undefined): void => {
    const source = sources.get(path) ?? above;
    if (isMap(node)) for (const key of Object.keys(node)) visit(node[key], joinPath(path, key), source);
    else out.set(path, source === undefined ? fallback : originOf(source, path));
  };
  visit(values, '', undefined);
  return out;
}
