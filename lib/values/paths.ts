/**
 * Key paths and key safety, shared by every loader stage. A path is written the way Helm users type it:
 * `global.proxy.includeIPRanges`, with `[n]` for a list item (`ports[0].name`).
 */
import { RenderInjectorError, type ErrorPlace } from '../errors.js';

/** One step of a key path: a map key or a list index. */
export type PathSegment = string | number;

/** Map keys that could reach `Object.prototype` when assigned; refused at any depth, from any input. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Appends one segment to a dotted key path.
 *
 * @example
 * ```ts
 * joinPath('global', 'proxy');   // 'global.proxy'
 * joinPath('ports', 0);          // 'ports[0]'
 * joinPath('', 'global');        // 'global'
 * ```
 */
export function joinPath(prefix: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${prefix}[${segment}]`;
  return prefix === '' ? segment : `${prefix}.${segment}`;
}

/**
 * Formats a whole path.
 *
 * @example
 * ```ts
 * formatPath(['global', 'proxy', 'includeIPRanges']); // 'global.proxy.includeIPRanges'
 * ```
 */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, s) => joinPath(path, s), '');
}

/**
 * The path one level up: `a.b[0]` → `a.b`, `a.b` → `a`, `a` → `''`; `undefined` for the root.
 *
 * @example
 * ```ts
 * parentPath('global.proxy.resources'); // 'global.proxy'
 * ```
 */
export function parentPath(path: string): string | undefined {
  if (path === '') return undefined;
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

/**
 * True for a plain map as YAML and JSON produce it (not a list, not null, not a class instance).
 *
 * @example
 * ```ts
 * isMap({ a: 1 }); // true
 * isMap([1]);      // false
 * ```
 */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Throws `E_UNSAFE_KEY` when `key` is `__proto__`, `constructor` or `prototype`.
 *
 * @example
 * ```ts
 * assertSafeKey('proxy', { path: 'global.proxy' });          // ok
 * assertSafeKey('__proto__', { file: '--set' });              // throws E_UNSAFE_KEY
 * ```
 */
export function assertSafeKey(key: string, place: ErrorPlace): void {
  if (UNSAFE_KEYS.has(key)) {
    throw new RenderInjectorError('E_UNSAFE_KEY', `refused key "${key}"`, {
      place,
      hint: 'the keys __proto__, constructor and prototype are never accepted in values; rename or remove it',
    });
  }
}

/**
 * Walks a values tree and throws `E_UNSAFE_KEY` at the first unsafe key, naming its path.
 *
 * @example
 * ```ts
 * assertSafeTree({ global: { proxy: {} } }, { file: 'preset gke' }); // ok
 * ```
 */
export function assertSafeTree(value: unknown, place: ErrorPlace, prefix = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeTree(item, place, joinPath(prefix, i)));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const path = joinPath(prefix, key);
      assertSafeKey(key, { ...place, path });
      assertSafeTree((value as Record<string, unknown>)[key], place, path);
    }
  }
}

/**
 * Copies plain data deeply (maps and lists); other values are shared. Inputs are never mutated by the loader.
 *
 * @example
 * ```ts
 * const copy = cloneValues({ a: [1, { b: 2 }] });
 * ```
 */
export function cloneValues<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneValues(v)) as T;
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, cloneValues(value[key]));
    return out as T;
  }
  return value;
}

/**
 * Sets an own, enumerable property. Unlike `obj[key] = value`, a key named `__proto__` can never change a
 * prototype here (such keys are refused earlier anyway; this is the second lock).
 *
 * @example
 * ```ts
 * const o: Record<string, unknown> = {};
 * setOwn(o, 'tag', '0.8.latest');
 * ```
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment is many times faster; it is the same for a key no prototype has (an inherited one such as
  // `__proto__` or a frozen `toString` would make it something else).
  if (key in Object.prototype) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Reads an own property only (never an inherited one such as `constructor`).
 *
 * @example
 * ```ts
 * getOwn({ a: 1 }, 'a');            // 1
 * getOwn({}, 'constructor');        // undefined
 * ```
 */
export function getOwn(target: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
}
