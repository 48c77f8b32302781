/**
 * Schema defaults filled into values exactly as TypeBox's `Value.Default` fills them, without TypeBox at run
 * time: it walks the schema's plain data (lib/values/schema.generated.ts, written at build time) instead of
 * loading TypeBox's value module and having it interpret the schema at every start of the CLI.
 *
 * It handles the kinds the values schema uses, with defaults where that schema has them. The build
 * (scripts/precompile-values.mjs) stops when the schema puts a default where this walk would differ from
 * TypeBox's: on a list, or inside a union's alternatives, a list's items, a record's or an object's additional
 * keys. test/values-precompiled.test.ts holds the two to the same results.
 */
import type { TSchema } from '@sinclair/typebox';
import { cloneValues } from './paths.js';

const Kind = Symbol.for('TypeBox.Kind');

/** A node of the schema as this walk reads it. */
interface SchemaNode {
  [Kind]?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
}

/**
 * Fills in `schema`'s defaults where `value` lacks them and returns the result, as `Value.Default(schema, value)`
 * does: a missing value takes a copy of its default; an object (or list) where the schema's default is an object
 * is laid over a copy of that default, one level deep; the properties of an object are filled in turn. Like
 * TypeBox's, it may change `value` in place.
 *
 * @example
 * ```ts
 * import type { Values } from 'render-injector';
 * import { fillSchemaDefaults } from '../lib/values/fill-defaults.js';
 * import { valuesSchemaData } from '../lib/values/schema.generated.js';
 * const values = fillSchemaDefaults(valuesSchemaData, { renderInjector: { istioVersion: '1.0' } }) as Values;
 * values.renderInjector.proxyPort; // 15001
 * ```
 */
export function fillSchemaDefaults(schema: TSchema, value: unknown): unknown {
  return visit(schema as SchemaNode, value);
}

function visit(schema: SchemaNode, value: unknown): unknown {
  switch (schema[Kind]) {
    case 'Object':
      return fromObject(schema, value);
    default:
      // A union whose alternatives have no defaults, a list or a record whose items have none, or a scalar.
      return valueOrDefault(schema, value);
  }
}

/** The value, its default where it is missing, or an object laid over a copy of an object default. */
function valueOrDefault(schema: SchemaNode, value: unknown): unknown {
  const fallback = 'default' in schema ? cloneValues(schema.default) : undefined;
  if (value === undefined) return fallback;
  return isObject(value) && isObject(fallback) ? Object.assign(fallback, value) : value;
}

function fromObject(schema: SchemaNode, value: unknown): unknown {
  const defaulted = valueOrDefault(schema, value);
  if (!isObject(defaulted)) return defaulted;
  const target = defaulted as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(schema.properties)) {
    const filled = visit(schema.properties![key]!, target[key]);
    if (filled !== undefined) target[key] = filled;
  }
  return defaulted;
}

/** What TypeBox's default filling counts as an object: anything but null of type object, lists included. */
function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}
