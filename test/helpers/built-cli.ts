/** The built CLI (dist/) as the tests that run it through another program (kpt, a wrapper script) see it. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built bin; `npm test` builds it before the tests run. */
export const bin = join(root, 'dist/lib/cli/bin.js');
/** Why the built CLI cannot be used, or undefined when it can. */
export const binMissing = (): string | undefined =>
  existsSync(bin) ? undefined : `${bin} is missing: run npm test (it builds dist/ first) or npm run build`;

/**
 * A fresh work directory holding `bin/render-injector`, a shim that runs the built CLI with this Node: put
 * `shims` first on PATH to make `render-injector` the built one.
 */
export function workWithShim(prefix: string): { work: string; shims: string } {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const shims = join(work, 'bin');
  mkdirSync(shims);
  writeFileSync(join(shims, 'render-injector'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(shims, 'render-injector'), 0o755);
  return { work, shims };
}
