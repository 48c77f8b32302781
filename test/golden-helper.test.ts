// The golden-file helper itself: a missing golden fails, UPDATE_GOLDEN=1 writes and names what it wrote, and CI
// never writes.
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchGolden } from './helpers/golden.js';

/** A stand-in for tap's `t` that records what the helper asserted. */
function recorder() {
  const seen = { fails: [] as string[], comments: [] as string[], equal: [] as [string, string][] };
  return {
    seen,
    t: {
      fail: (m: string) => void seen.fails.push(m),
      comment: (m: string) => void seen.comments.push(m),
      equal: (a: unknown, b: unknown) => void seen.equal.push([String(a), String(b)]),
    } as unknown as Parameters<typeof matchGolden>[0],
  };
}

t.test('golden helper', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ri-golden-'));
  const env = { UPDATE_GOLDEN: process.env.UPDATE_GOLDEN, CI: process.env.CI };
  t.teardown(() => {
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  });
  delete process.env.UPDATE_GOLDEN;
  delete process.env.CI;

  const missing = join(dir, 'sub', 'missing.txt');
  let r = recorder();
  matchGolden(r.t, missing, 'text');
  t.equal(r.seen.fails.length, 1, 'a missing golden fails');
  t.match(r.seen.fails[0], /is missing; run the test with UPDATE_GOLDEN=1/);
  t.notOk(existsSync(missing), 'and is not written');

  process.env.UPDATE_GOLDEN = '1';
  r = recorder();
  matchGolden(r.t, missing, 'text');
  t.same(r.seen.fails, []);
  t.match(r.seen.comments, [/^created golden .*missing\.txt$/]);
  t.equal(readFileSync(missing, 'utf8'), 'text');
  r = recorder();
  matchGolden(r.t, missing, 'text');
  t.same(r.seen.comments, [], 'an unchanged golden is not rewritten or named');
  matchGolden(r.t, missing, 'new text');
  t.match(r.seen.comments, [/^rewrote golden /]);
  t.equal(readFileSync(missing, 'utf8'), 'new text');

  process.env.CI = 'true';
  r = recorder();
  matchGolden(r.t, missing, 'other text');
  t.match(r.seen.fails, [/refused in CI/]);
  t.equal(readFileSync(missing, 'utf8'), 'new text', 'CI never writes a golden');

  delete process.env.UPDATE_GOLDEN;
  delete process.env.CI;
  const file = join(dir, 'a.txt');
  writeFileSync(file, 'a');
  r = recorder();
  matchGolden(r.t, file, 'b');
  t.same(r.seen.equal, [['b', 'a']], 'a differing golden is compared (and so fails)');
});
