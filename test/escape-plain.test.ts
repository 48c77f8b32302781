// isPlainSafe decides without a YAML reader (it is on the main job's path, where loading one costs start-up time),
// from a list of the plain scalars YAML 1.1 and 1.2 resolve to something other than text. These tests hold that
// list to a real reader (the `yaml` package in both versions): on every short string over the characters that
// make numbers, booleans, nulls and timestamps, and on random longer ones, isPlainSafe says "plain" exactly when
// the text has the plain shape and reads back as itself under both versions.
//
// The reader runs in a plain child process: inside tap's test process (its module hooks loaded) the same `yaml`
// package reads 2001-12-14 as text under YAML 1.1, where plain Node (and so the CLI) reads a timestamp.
import t from 'tap';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { isPlainSafe } from '../lib/quote/configmap.js';

/** What isPlainSafe allows to be written plain at all: no indicator first, no spaces, ':' only inside. */
const PLAIN_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/@+-]*(?::[A-Za-z0-9._/@+-]+)*$/;

/** For each string: whether it has the plain shape and the YAML reader gives it back as the same text, 1.1 and 1.2. */
function oracle(strings: string[]): boolean[] {
  const script = `import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
const strings = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(strings.map((s) => parse(s, { version: '1.1' }) === s && parse(s, { version: '1.2' }) === s)));`;
  // Only strings of the plain shape go to the reader (others are never plain, and some are not even a scalar).
  const shaped = strings.filter((s) => PLAIN_SHAPE.test(s));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    input: JSON.stringify(shaped),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the YAML reader failed: ${r.stderr}`);
  const answers = JSON.parse(r.stdout) as boolean[];
  const readsBack = new Map(shaped.map((s, i) => [s, answers[i]!]));
  return strings.map((s) => readsBack.get(s) ?? false);
}

t.test('every string of up to 3 characters over number, boolean and timestamp characters', async (t) => {
  const alphabet = [...'0179._:-+eExXoObBtTZyYnNfF~<=a'];
  const strings: string[] = [];
  const visit = (prefix: string, depth: number): void => {
    if (prefix !== '') strings.push(prefix);
    if (depth > 0) for (const c of alphabet) visit(prefix + c, depth - 1);
  };
  visit('', 3);
  const expected = oracle(strings);
  const wrong = strings.filter((s, i) => isPlainSafe(s) !== expected[i]);
  const plain = expected.filter(Boolean).length;
  t.same(wrong, [], `isPlainSafe agrees with the reader on all ${strings.length} strings`);
  t.ok(plain > 1000 && strings.length - plain > 1000, `both answers occur (${plain} plain, ${strings.length - plain} not)`);
});

t.test('random strings shaped like numbers, times and words', async (t) => {
  const piece = fc.oneof(
    fc.constantFrom(...'0123456789'),
    fc.constantFrom('.', '_', ':', '-', '+', 'e', 'E', 'x', 'o', 'b', 'T', 't', 'Z', '/', '@'),
    fc.constantFrom('2001-12-14', 't21:59:43.10', '-05:00', '0x', '0o', '0b', '.inf', '.nan', 'yes', 'No', 'ON', 'null', 'True'),
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  );
  const strings = fc.sample(fc.array(piece, { minLength: 1, maxLength: 10 }), { numRuns: 20_000, seed: 12 }).map((parts) => parts.join(''));
  const expected = oracle(strings);
  t.same(strings.filter((s, i) => isPlainSafe(s) !== expected[i]), [], `isPlainSafe agrees with the reader on ${strings.length} random strings`);
  const notText = ['2001-12-14t21:59:43.10-05:00', '2002-12-14', '190:20:30.15', '1_000', '0b1_0', '0o17', '1e5', '1.', '6.8523015e+5'];
  const text = ['docker.io/istio/proxyv2:0.8.latest', '0.8.latest', '1.0.0-rc1', 'istio-0.8.0', 'yes-no', '2001-12-14x', '1:60'];
  t.same(oracle([...notText, ...text]), [...notText.map(() => false), ...text.map(() => true)], 'the reader agrees on the named cases');
  for (const s of notText) t.equal(isPlainSafe(s), false, `${s} is not text to a YAML reader`);
  for (const s of text) t.equal(isPlainSafe(s), true, `${s} stays plain`);
});
