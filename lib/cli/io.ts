/**
 * The real {@link CliIO}: files, standard streams, and atomic writes into `--output-dir`.
 */
import { link, lstat, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliIO, OutputFile } from './main.js';
import { spawnRunner } from '../discover/spawn.js';

/** Reads all of standard input as UTF-8. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node 20's recursive mkdir never settles for a
 * path under /proc; a plain mkdir fails there at once, as it should.)
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  // The root always exists, so the walk up ends.
  for (let d = resolve(dir); !(await stat(d).catch(() => undefined)); d = dirname(d)) missing.unshift(d);
  for (const d of missing) await mkdir(d);
}

/**
 * Writes every file into `dir` as a set, all or nothing: each is written to a temporary name in `dir` and
 * fsynced; only then are they renamed into place, each rename atomic. A target that exists and is not a regular
 * file stops the write before anything is renamed; if a rename still fails, the targets already replaced get
 * their old contents back (kept as hard links until the end). Temporary files are always removed.
 * `ops` lets a test make a rename fail.
 */
export async function writeFilesAtomic(
  dir: string,
  files: readonly OutputFile[],
  ops: { rename: typeof rename } = { rename },
): Promise<void> {
  await makeDirectory(dir);
  // node:crypto is loaded here, not at start-up: only --output-dir needs it.
  const { randomBytes } = await import('node:crypto');
  const suffix = `.render-injector-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: string[] = [];
  const backups: (string | undefined)[] = [];
  const done: number[] = [];
  try {
    for (const f of files) {
      const target = join(dir, f.name);
      const existing = await lstat(target).catch(() => undefined);
      if (existing && !existing.isFile()) throw new Error(`${target} exists and is not a regular file`);
      const temp = join(dir, `.${f.name}${suffix}.tmp`);
      temps.push(temp);
      const handle = await open(temp, 'wx', f.mode ?? 0o644);
      try {
        await handle.writeFile(f.text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (existing) {
        const backup = join(dir, `.${f.name}${suffix}.old`);
        await link(target, backup);
        backups.push(backup);
      } else backups.push(undefined);
    }
    for (let i = 0; i < files.length; i++) {
      await ops.rename(temps[i]!, join(dir, files[i]!.name));
      done.push(i);
    }
  } catch (e) {
    for (const i of done.reverse()) {
      const target = join(dir, files[i]!.name);
      await (backups[i] ? rename(backups[i]!, target) : rm(target, { force: true })).catch(() => undefined);
    }
    throw e;
  } finally {
    await Promise.all([...temps, ...backups].map((p) => (p ? rm(p, { force: true }) : undefined)));
  }
}

/** The version in the package.json next to the built (or source) tree. */
export function packageVersion(from: string): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'render-injector' && pkg.version) return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string (no-color.org). */
export function wantColor(isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  return Boolean(isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

/** The CliIO over the real process (or, in a test, anything with its streams and environment). */
export function processIO(
  version: string,
  proc: Pick<NodeJS.Process, 'stdin' | 'stdout' | 'stderr' | 'env'> = process,
): CliIO {
  return {
    stdout: (text) => void proc.stdout.write(text),
    stderr: (text) => void proc.stderr.write(text),
    readText: (path) => (path === '-' ? readStdin(proc.stdin) : readFile(resolve(path), 'utf8')),
    writeFiles: writeFilesAtomic,
    color: wantColor(proc.stderr.isTTY, proc.env),
    version,
    runCommand: spawnRunner({ env: proc.env }),
    stderrIsTTY: Boolean(proc.stderr.isTTY),
  };
}

