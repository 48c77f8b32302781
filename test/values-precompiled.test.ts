// What the values stage precomputes at build time (scripts/precompile-values.mjs → lib/values/schema.generated.ts)
// and what it runs instead of TypeBox's value module equal what TypeBox computes from lib/values/schema.ts now,
// so neither can go stale: the generated file is what the generator makes of today's schema; its schema literal is
// the object TypeBox builds, symbols included; its compiled check accepts exactly what TypeBox's Value.Check
// accepts; and fillSchemaDefaults gives what Value.Default gives, over values shaped like the schema's and junk.
import t from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ValuesSchema } from '../lib/values/schema.js';
import { checkValues, valuesSchemaData } from '../lib/values/schema.generated.js';
import { fillSchemaDefaults } from '../lib/values/fill-defaults.js';
import { chartDefaults, defaultValues } from '../lib/values/defaults.js';
import { cloneValues } from '../lib/values/paths.js';
import { validateValues } from '../lib/values/validate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const Kind = Symbol.for('TypeBox.Kind');

t.test('the generated file is what the generator makes of the schema today', async (t) => {
  const r = spawnSync(process.execPath, [join(root, 'scripts/precompile-values.mjs'), '--stdout'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.ok(r.stdout.includes('export const checkValues'), 'the generator printed the module');
  t.equal(readFileSync(join(root, 'lib/values/schema.generated.ts'), 'utf8'), r.stdout, 'run npm run build to refresh it');
});

/** Where two trees differ, own symbol keys included (TypeBox marks its nodes with registered symbols); '' when equal. */
function difference(a: unknown, b: unknown, path = ''): string {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? '' : `${path || '.'}: ${String(a)} vs ${String(b)}`;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path || '.'}: different kinds`;
  const keys = (o: object) => Reflect.ownKeys(o).map((k) => (typeof k === 'symbol' ? `@${Symbol.keyFor(k) ?? '?'}` : k));
  if (keys(a).join() !== keys(b).join()) return `${path || '.'}: keys ${keys(a).join()} vs ${keys(b).join()}`;
  for (const key of Reflect.ownKeys(a)) {
    const d = difference((a as Record<PropertyKey, unknown>)[key], (b as Record<PropertyKey, unknown>)[key], `${path}/${String(key)}`);
    if (d) return d;
  }
  return '';
}

t.test('the schema literal is the object TypeBox builds, its symbol keys included', async (t) => {
  t.equal(difference(valuesSchemaData, ValuesSchema), '');
  t.equal((valuesSchemaData as unknown as Record<symbol, unknown>)[Kind], 'Object');
  t.equal(difference({ a: [1, { [Kind]: 'String' }] }, { a: [1, { [Kind]: 'Integer' }] }), '/a/1/Symbol(TypeBox.Kind): String vs Integer', 'the comparison sees a symbol');
  t.not(difference({ a: 1 }, { a: 1, b: 2 }), '', 'and a missing key');
});

/** Values shaped like `schema`: often what it wants, sometimes junk, at every level; objects also get unknown keys. */
function shaped(schema: TSchema, depth = 0): fc.Arbitrary<unknown> {
  const junk = fc.oneof(
    fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, 65536, 4294967295, Number.NaN, Infinity, '', '*', 'x', '0.8', '1.0', '1.28', 'REDIRECT', 'auto'),
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 70000 })), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'cpu', 'memory', 'image', '0'), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxKeys: 2 }),
  );
  const s = schema as unknown as Record<string, unknown> & { [Kind]: string };
  const wanted = ((): fc.Arbitrary<unknown> => {
    switch (s[Kind]) {
      case 'Object': {
        const properties = s.properties as Record<string, TSchema>;
        const known = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shaped(v, depth + 1)]));
        return fc
          .tuple(fc.record(known, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('extra', 'Hub', 'includeIPRange', 'proxyUidd', 'cpu'), junk, { maxKeys: 2 }))
          .map(([k, extra]) => ({ ...extra, ...k }));
      }
      case 'Union':
        return fc.oneof(...(s.anyOf as TSchema[]).map((a) => shaped(a, depth + 1)));
      case 'Array':
        return fc.array(shaped(s.items as TSchema, depth + 1), { maxLength: 3 });
      case 'Record':
        return fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxKeys: 3 });
      case 'Literal':
        return fc.constant(s.const);
      case 'String':
        return typeof s.pattern === 'string' ? fc.constantFrom('1.20', '1.28', '1.100', '1.2', '01.28') : fc.string({ maxLength: 6 });
      case 'Integer':
        return fc.integer({ min: -2, max: 70000 });
      case 'Number':
        return fc.double();
      case 'Boolean':
        return fc.boolean();
      default:
        throw new Error(`no arbitrary for ${s[Kind]}`);
    }
  })();
  return fc.oneof({ weight: 6, arbitrary: wanted }, { weight: 1, arbitrary: junk });
}

const runs = { numRuns: 3000, seed: 20261202 };

t.test('the compiled check accepts exactly what TypeBox accepts, and validateValues reports only what it refuses', async (t) => {
  let valid = 0;
  fc.assert(
    fc.property(shaped(ValuesSchema), (input) => {
      const values = Value.Default(ValuesSchema, cloneValues(input)); // checked after defaults, as the values stage does
      const ok = Value.Check(ValuesSchema, values);
      if (ok) valid++;
      return checkValues(values) === ok && (validateValues(values).length === 0) === ok;
    }),
    runs,
  );
  t.ok(valid > runs.numRuns / 20, `valid values were generated too (${valid})`);
  t.ok(checkValues(defaultValues('0.8')));
  t.notOk(checkValues({ ...defaultValues('0.8'), renderInjector: { ...defaultValues('0.8').renderInjector, proxyPort: 0 } }));
});

t.test('fillSchemaDefaults fills in what Value.Default fills in', async (t) => {
  fc.assert(
    fc.property(shaped(ValuesSchema), (input) => {
      const ours = fillSchemaDefaults(valuesSchemaData, cloneValues(input));
      const typebox = Value.Default(ValuesSchema, cloneValues(input));
      return difference(ours, typebox) === '';
    }),
    runs,
  );
  // The cases TypeBox treats in its own way: a list where a map is wanted becomes a map of its items over the
  // default; a map given for the resources keeps the default's other keys, one level deep.
  const odd = { global: [7], sidecarInjectorWebhook: { enabled: false }, renderInjector: { labels: ['x'] } };
  t.same(fillSchemaDefaults(valuesSchemaData, cloneValues(odd)), Value.Default(ValuesSchema, cloneValues(odd)));
  t.equal((fillSchemaDefaults(valuesSchemaData, cloneValues(odd)) as { global: Record<string, unknown> }).global['0'], 7);
  const resources = { global: { proxy: { resources: { limits: { cpu: 1 } } } } };
  t.same((fillSchemaDefaults(valuesSchemaData, resources) as { global: { proxy: { resources: unknown } } }).global.proxy.resources, {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: 1 },
  });
});

t.test('the default values of every flavour are what TypeBox makes of the chart defaults', async (t) => {
  for (const version of ['0.8', '1.0', '1.20', '1.28'] as const) {
    t.same(defaultValues(version), Value.Default(ValuesSchema, chartDefaults(version)), version);
    t.ok(checkValues(defaultValues(version)), `${version} is valid`);
  }
});
