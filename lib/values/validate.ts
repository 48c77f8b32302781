/**
 * Validation of a merged values tree against {@link ValuesSchema}: every problem becomes an `E_VALUES` error
 * naming the key path and, when known, the file and line (or `--set`) that set it, with a hint giving the
 * expected type or the allowed values. Unknown keys elsewhere pass; near misses of known keys are warned about.
 */
import type { TSchema } from '@sinclair/typebox';
import { Errors, ValueErrorType } from '@sinclair/typebox/errors';
import { RenderInjectorError, type ErrorPlace, type Warning } from '../errors.js';
import { closest } from '../suggest.js';
import type { Origin } from './merge.js';
import { isMap, joinPath, parentPath } from './paths.js';
import { checkValues, valuesSchemaData } from './schema.generated.js';

/**
 * Finds the origin that explains `path`: its own, else its closest ancestor's, else the first one below it.
 *
 * @example
 * ```ts
 * const { origins } = resolveValues({ values: [{ name: 'a.yaml', text: 'global:\n  proxy:\n    includeIPRanges: 10.0.0.0/8\n' }] });
 * findOrigin(origins, 'global.proxy.includeIPRanges'); // { kind: 'file', label: 'a.yaml', file: 'a.yaml', line: 3 }
 * ```
 */
export function findOrigin(origins: ReadonlyMap<string, Origin>, path: string): Origin | undefined {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const hit = origins.get(p);
    if (hit) return hit;
  }
  for (const [p, origin] of origins) if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) return origin;
  return undefined;
}

/**
 * The error place for a key path: the file and line of a file origin, the option for a `--set` or option origin.
 *
 * @example
 * ```ts
 * const { origins } = resolveValues({ values: [{ name: 'values.yaml', text: 'global:\n  tag: 0.8.0\n' }] });
 * placeOf('global.tag', origins); // { file: 'values.yaml', line: 2, path: 'global.tag' }
 * ```
 */
export function placeOf(path: string, origins: ReadonlyMap<string, Origin>): ErrorPlace {
  const origin = findOrigin(origins, path);
  if (origin?.kind === 'file') return { file: origin.file ?? origin.label, ...(origin.line !== undefined ? { line: origin.line } : {}), path };
  if (origin?.kind === 'set') return { file: origin.label.split(' ')[0], path };
  if (origin?.kind === 'option') return { file: origin.label, path };
  return { path };
}

/**
 * Checks values (already defaulted) against the schema and returns one `E_VALUES` error per bad key path
 * (TypeBox reports one problem per value), in schema order; an empty list means the values are valid.
 *
 * @example
 * ```ts
 * declare const values: unknown; // merged values, not yet checked
 * declare const origins: Map<string, Origin>; // where each of them came from
 * const errors = validateValues(values, origins);
 * if (errors.length) throw errors[0];
 * ```
 */
export function validateValues(values: unknown, origins: ReadonlyMap<string, Origin> = new Map()): RenderInjectorError[] {
  // The check compiled at build time decides; TypeBox's error reporter explains only values that fail it.
  if (checkValues(values)) return [];
  const out: RenderInjectorError[] = [];
  for (const e of Errors(valuesSchemaData, values)) {
    const path = pointerToPath(e.path, values);
    const origin = findOrigin(origins, path);
    const from = origin && origin.kind !== 'file' ? ` (from ${origin.label})` : '';
    const place = placeOf(path, origins);
    if (e.type === ValueErrorType.ObjectAdditionalProperties) {
      const known = Object.keys((e.schema as unknown as { properties: object }).properties);
      const key = path.slice(path.lastIndexOf('.') + 1);
      const guess = closest(key, known);
      out.push(
        new RenderInjectorError('E_VALUES', `unknown key ${path}${from}`, {
          place,
          hint: `${guess ? `did you mean ${joinPath(parentPath(path)!, guess)}? ` : ''}known keys here: ${known.join(', ')}`,
        }),
      );
      continue;
    }
    out.push(
      new RenderInjectorError('E_VALUES', `invalid value ${show(e.value)} for ${path}${from}`, {
        place,
        hint: `expected ${describe(e.schema)}${quoteTip(e.value, e.schema, origin)}`,
      }),
    );
  }
  return out;
}

/**
 * Warns about keys that look like a typo of a known key (`includeIPRange`, `IncludeIPRanges`): within two edits,
 * or equal ignoring case. Only levels the schema describes are checked; other keys pass silently.
 *
 * @example
 * ```ts
 * nearMissWarnings({ global: { proxy: { includeIPRange: '10.0.0.0/8' } } });
 * // [{ code: 'W_NEAR_MISS', message: 'unknown key global.proxy.includeIPRange: did you mean global.proxy.includeIPRanges?' }]
 * ```
 */
export function nearMissWarnings(values: unknown, origins: ReadonlyMap<string, Origin> = new Map()): Warning[] {
  const out: Warning[] = [];
  const visit = (schema: TSchema, value: unknown, prefix: string): void => {
    const properties = (schema as { properties?: Record<string, TSchema> }).properties;
    if (!properties || !isMap(value) || (schema as { additionalProperties?: unknown }).additionalProperties === false) return;
    const known = Object.keys(properties);
    for (const key of Object.keys(value)) {
      const sub = properties[key];
      if (Object.prototype.hasOwnProperty.call(properties, key) && sub) {
        visit(sub, value[key], joinPath(prefix, key));
        continue;
      }
      const guess = closest(key, known);
      if (guess === undefined) continue;
      const path = joinPath(prefix, key);
      const meant = joinPath(prefix, guess);
      out.push({ code: 'W_NEAR_MISS', message: `unknown key ${path}: did you mean ${meant}?`, place: placeOf(path, origins) });
    }
  };
  visit(valuesSchemaData, values, '');
  return out;
}

/**
 * Turns a JSON pointer into a key path, writing an index only where the value there is a list.
 *
 * @example
 * ```ts
 * pointerToPath('/global/ports/0', { global: { ports: [80] } }); // 'global.ports[0]'
 * ```
 */
export function pointerToPath(pointer: string, root: unknown): string {
  let path = '';
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path = joinPath(path, Number(segment));
      node = node[Number(segment)];
    } else {
      path = joinPath(path, segment);
      node = isMap(node) ? node[segment] : undefined;
    }
  }
  return path;
}

/**
 * A tip for a number or boolean where text was wanted: `tag: 1.0` in YAML reads as the number 1, and
 * `--set global.tag=1` types it as a number too (that one wants --set-string).
 */
function quoteTip(value: unknown, schema: TSchema, origin: Origin | undefined): string {
  const wantsText = /\ba string\b|"/.test(describe(schema));
  if (!wantsText || (typeof value !== 'number' && typeof value !== 'boolean')) return '';
  return origin?.kind === 'set' && origin.label.startsWith('--set ')
    ? '; use --set-string to keep it text'
    : '; quote it in YAML to keep it text (yes/no/on/off and 1.0 are not text there)';
}

/** A short, one-line rendering of a bad value. */
function show(value: unknown): string {
  // JSON has no Infinity or NaN (a YAML 1e400 is Infinity): say them as they are, not as JSON's null.
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : String(JSON.stringify(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * What a schema accepts, in words.
 *
 * @example
 * ```ts
 * import { Type } from '@sinclair/typebox';
 * import { describe } from '../lib/values/validate.js';
 * describe(Type.Integer({ minimum: 1, maximum: 65535 })); // 'an integer from 1 to 65535'
 * describe(Type.Union([Type.Literal('enabled'), Type.Literal('disabled')])); // 'one of "enabled", "disabled"'
 * ```
 */
export function describe(schema: TSchema): string {
  const s = schema as {
    const?: unknown;
    anyOf?: TSchema[];
    type?: string;
    minimum?: number;
    maximum?: number;
    items?: TSchema;
  };
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) {
    if (s.anyOf.every((a) => (a as { const?: unknown }).const !== undefined)) return `one of ${s.anyOf.map(describe).join(', ')}`;
    return s.anyOf.map(describe).join(' or ');
  }
  switch (s.type) {
    case 'string':
      return 'a string';
    case 'integer':
    case 'number': {
      const kind = s.type === 'integer' ? 'an integer' : 'a number';
      if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} from ${s.minimum} to ${s.maximum}`;
      return kind;
    }
    case 'boolean':
      return 'true or false';
    case 'array':
      return s.items ? `a list (each item ${describe(s.items)})` : 'a list';
    default:
      return 'a map of keys';
  }
}
