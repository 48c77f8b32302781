#!/usr/bin/env node
// Precomputes at build time what the values stage would otherwise build at every start: the values schema as
// TypeBox builds it (lib/values/schema.ts), written out as an object literal, and TypeBox's compiled check of it
// (TypeCompiler.Code), into lib/values/schema.generated.ts (not committed). So a run neither builds the schema with
// TypeBox's type builders nor interprets it to check values: it reads the literal and calls the compiled check,
// and loads TypeBox's error reporter only to explain values that fail it.
//   node scripts/precompile-values.mjs           writes the file
//   node scripts/precompile-values.mjs --stdout  prints what it would write (test/values-precompiled.test.ts
//                                                compares it with the file, so the file cannot go stale)
// Runs before tsc (`npm run build`, scripts/test.mjs): schema.ts is read through esbuild, not from dist/.
import { build } from 'esbuild';
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'lib/values/schema.generated.ts');

// schema.ts and TypeBox's compiler as one in-memory ES module, imported from a data: URL.
const bundled = await build({
  absWorkingDir: root,
  stdin: {
    contents: "export { ValuesSchema } from './lib/values/schema.ts'; export { TypeCompiler } from '@sinclair/typebox/compiler';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { ValuesSchema, TypeCompiler } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

/** The registered symbols TypeBox marks its nodes with (`Symbol.for('TypeBox.Kind')`, …), by the constant naming each. */
const symbols = new Map();

/**
 * `value` as JavaScript source: plain JSON data, plus the keys TypeBox marks its nodes with, which are registered
 * symbols, written as computed keys. Anything else (a function, a RegExp, an unregistered symbol) stops the build:
 * the literal must be exactly the object TypeBox built.
 */
function literal(value, path) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} has no literal`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => literal(v, `${path}[${i}]`)).join(', ')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const parts = Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor.enumerable || !('value' in descriptor)) throw new Error(`${path}: ${String(key)} is not a plain property`);
      if (typeof key === 'symbol') {
        const name = Symbol.keyFor(key);
        if (name === undefined) throw new Error(`${path}: a symbol key that is not registered`);
        const constant = name.replace(/\W/g, '_');
        symbols.set(constant, name);
        return `[${constant}]: ${literal(value[key], `${path}[${name}]`)}`;
      }
      return `${JSON.stringify(key)}: ${literal(value[key], `${path}.${key}`)}`;
    });
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  throw new Error(`${path}: ${typeof value} has no literal`);
}

/**
 * What lib/values/fill-defaults.ts assumes of the schema, checked here so that a schema change it does not handle
 * stops the build instead of changing results: the kinds it knows, and defaults only where TypeBox's Value.Default
 * applies them without checking a union's alternatives (never on a list, nor inside a union, a list's items, or a
 * record's or an object's additional keys).
 */
function checkDefaultable(schema, path, underUnion) {
  const kind = schema[Symbol.for('TypeBox.Kind')];
  if (!['Object', 'Union', 'Array', 'Record', 'String', 'Integer', 'Number', 'Boolean', 'Literal'].includes(kind)) {
    throw new Error(`${path}: fill-defaults.ts does not know the kind ${kind}`);
  }
  if (underUnion && 'default' in schema) throw new Error(`${path}: a default inside a union, a list or an additional key`);
  // TypeBox keeps a list given where a list has a default; fill-defaults.ts would lay it over the default.
  if (kind === 'Array' && 'default' in schema) throw new Error(`${path}: a default on a list`);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) checkDefaultable(sub, `${path}.${key}`, underUnion);
  for (const [i, sub] of (schema.anyOf ?? []).entries()) checkDefaultable(sub, `${path}|${i}`, true);
  if (schema.items) checkDefaultable(schema.items, `${path}[]`, true);
  for (const sub of Object.values(schema.patternProperties ?? {})) checkDefaultable(sub, `${path}{}`, true);
  if (typeof schema.additionalProperties === 'object') checkDefaultable(schema.additionalProperties, `${path}{}`, true);
}
checkDefaultable(ValuesSchema, 'ValuesSchema', false);

const check = TypeCompiler.Code(ValuesSchema, [], { language: 'javascript' });
const data = literal(ValuesSchema, 'ValuesSchema');
const text = `/* c8 ignore start */
// Generated by scripts/precompile-values.mjs from lib/values/schema.ts. Do not edit; not committed.
/* eslint-disable */
// @ts-nocheck
import type { ValuesSchema as Schema } from './schema.js';

${[...symbols].map(([constant, name]) => `const ${constant} = Symbol.for(${JSON.stringify(name)});\n`).join('')}
/** {@link Schema | ValuesSchema} as TypeBox builds it, written out at build time: the same object, built without TypeBox. */
export const valuesSchemaData: typeof Schema = ${data};

/** TypeBox's compiled check of ValuesSchema (TypeCompiler.Code at build time): true when the values are valid. */
export const checkValues: (value: unknown) => boolean = (() => {
${check}
})();
/* c8 ignore stop */
`;

if (process.argv.includes('--stdout')) {
  process.stdout.write(text);
} else {
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
  console.error(`precompiled the values schema and its check into ${relative(root, out)}`);
}
