/**
 * Golden files: one helper for every test that compares output with a file under test/golden/.
 * A missing golden fails (a golden never writes itself). `UPDATE_GOLDEN=1` writes the files whose text differs
 * (new or changed) and names each one; it is refused under CI=true, so CI only ever compares.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TapTest } from './tap.js';

/** Compares `text` with the golden file `file` (an absolute path); see the module comment for UPDATE_GOLDEN. */
export function matchGolden(t: Pick<TapTest, 'equal' | 'fail' | 'comment'>, file: string, text: string, name = file): void {
  const exists = existsSync(file);
  if (process.env.UPDATE_GOLDEN === '1') {
    if (process.env.CI) {
      t.fail(`UPDATE_GOLDEN=1 is refused in CI: ${file} must be compared, not written`);
      return;
    }
    if (!exists || readFileSync(file, 'utf8') !== text) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      t.comment(`${exists ? 'rewrote' : 'created'} golden ${file}`);
    }
  } else if (!exists) {
    t.fail(`golden file ${file} is missing; run the test with UPDATE_GOLDEN=1 to write it, then review it`);
    return;
  }
  t.equal(text, readFileSync(file, 'utf8'), `${name} matches its golden file`);
}
