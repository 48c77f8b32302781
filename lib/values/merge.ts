/**
 * Helm's layering of values: user layers are merged in order (maps merge key by key, lists and scalars
 * replace, a `null` stays as a marker), and the result is coalesced over the chart defaults, where a `null`
 * deletes the key. Every function here returns new data and never changes its inputs.
 */
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

/** The origin of every value that ends at a scalar or a list, by dotted key path. */
export type Origins = Map<string, Origin>;

/**
 * Merges `over` into a copy of `base` as Helm merges `-f` files: maps merge deeply, everything else (lists
 * included) replaces, and `null` is kept so that {@link coalesceDefaults} can delete the key later.
 * When `origins` is given, the replaced paths lose their origin and the new leaves get `originOf(path)`.
 *
 * @example
 * ```ts
 * mergeValues({ a: { b: 1, l: [1, 2] } }, { a: { c: 2, l: [3] } });
 * // { a: { b: 1, l: [3], c: 2 } }
 * ```
 */
export function mergeValues(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  origins?: Origins,
  originOf?: (path: string) => Origin,
): Record<string, unknown> {
  const out = cloneValues(base);
  mergeInto(out, over, '', origins, originOf);
  return out;
}

function mergeInto(
  dst: Record<string, unknown>,
  src: Record<string, unknown>,
  prefix: string,
  origins: Origins | undefined,
  originOf: ((path: string) => Origin) | undefined,
): void {
  for (const key of Object.keys(src)) {
    const path = joinPath(prefix, key);
    const value = src[key];
    const existing = getOwn(dst, key);
    if (isMap(value) && isMap(existing)) {
      mergeInto(existing, value, path, origins, originOf);
      continue;
    }
    setOwn(dst, key, cloneValues(value));
    if (origins && originOf) {
      forgetValueOrigins(origins, existing, path);
      recordOrigins(value, path, origins, originOf);
    }
  }
}

/**
 * Removes the origins of `path` and of everything below it.
 *
 * @example
 * ```ts
 * declare const origins: Origins;
 * forgetOrigins(origins, 'global.proxy'); // drops global.proxy, global.proxy.image, …
 * ```
 */
export function forgetOrigins(origins: Origins, path: string): void {
  for (const p of [...origins.keys()]) {
    if (p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) origins.delete(p);
  }
}

/**
 * Removes the origins of a value that is being replaced: of `path` and of every map key below it, found by
 * walking the value (origins are recorded down maps only), so the work is the size of what goes, not of every
 * origin there is.
 *
 * @example
 * ```ts
 * declare const origins: Origins;
 * forgetValueOrigins(origins, { image: 'proxy', resources: {} }, 'global.proxy'); // drops global.proxy.image, …
 * ```
 */
export function forgetValueOrigins(origins: Origins, value: unknown, path: string): void {
  origins.delete(path);
  if (isMap(value)) for (const key of Object.keys(value)) forgetValueOrigins(origins, value[key], joinPath(path, key));
}

/**
 * Records `originOf(p)` for every path `p` under `path` that ends at a scalar, a list or null.
 *
 * @example
 * ```ts
 * const origins: Origins = new Map();
 * const origin: Origin = { kind: 'set', label: '--set x.a=1' };
 * recordOrigins({ a: 1, l: [1] }, 'x', origins, () => origin);
 * [...origins.keys()]; // ['x.a', 'x.l']
 * ```
 */
export function recordOrigins(value: unknown, path: string, origins: Origins, originOf: (path: string) => Origin): void {
  if (isMap(value)) {
    for (const key of Object.keys(value)) recordOrigins(value[key], joinPath(path, key), origins, originOf);
  } else origins.set(path, originOf(path));
}

/**
 * Lays user values over the chart defaults as Helm does before rendering: maps merge, user scalars and lists
 * win, and a user `null` deletes the key (whether or not the defaults have it).
 *
 * @example
 * ```ts
 * coalesceDefaults({ hub: 'docker.io/istio', tag: '0.8.latest' }, { tag: null, x: 1 });
 * // { hub: 'docker.io/istio', x: 1 }
 * ```
 */
export function coalesceDefaults(defaults: Record<string, unknown>, user: Record<string, unknown>): Record<string, unknown> {
  const out = cloneValues(defaults);
  for (const key of Object.keys(user)) {
    const value = user[key];
    const existing = getOwn(out, key);
    if (value === null) delete out[key];
    else if (isMap(value)) setOwn(out, key, coalesceDefaults(isMap(existing) ? existing : {}, value));
    else setOwn(out, key, cloneValues(value));
  }
  return out;
}
