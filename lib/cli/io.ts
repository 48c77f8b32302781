/**
 * The real {@link CliIO}: files, standard streams, and atomic writes into `--output-dir`.
 */
import { link, lstat, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { fstatSync, readFileSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, join, resolve } from 'node:path';
import { RenderInjectorError } from '../errors.js';
import type { CliIO, OutputFile } from './main.js';
import type { CommandRunner } from '../discover/types.js';

/** Reads all of standard input as UTF-8 text (strictly: see {@link decodeText}). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return decodeText(await readAll(stream));
}

/**
 * Reads a stream to its end, into one buffer that doubles as it fills: the bytes are copied once as they arrive,
 * not kept as chunks and then concatenated, and the unused end of the buffer is never touched, so it takes no
 * memory. (An ArrayBuffer that grows in place would save the copies, but Node 20's V8 reads views of one several
 * times slower, and the scan reads every byte.) The first `length` bytes of `store`, when given, come first.
 */
export async function readAll(stream: NodeJS.ReadableStream, store: Buffer = Buffer.allocUnsafeSlow(0), length = 0): Promise<Buffer> {
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (length + bytes.length > store.length) store = grown(store, length, length + bytes.length);
    store.set(bytes, length);
    length += bytes.length;
  }
  return store.subarray(0, length);
}

/** A buffer of at least `need` bytes (twice `store`'s size, or 64 KiB, when that is more) holding `store`'s first `length` bytes. */
function grown(store: Buffer, length: number, need: number): Buffer {
  const next = Buffer.allocUnsafeSlow(Math.max(2 * store.length, need, 1 << 16));
  next.set(store.subarray(0, length));
  return next;
}

/**
 * Reads all of standard input as bytes, checked to be UTF-8 text as {@link decodeText} checks it, without decoding
 * them. With a descriptor `fd`: a regular file (`< stream.yaml`) is read straight into one buffer of its size, so a
 * big stream is held once, not also as the chunks it came in; a pipe or socket (as Helm gives the stream) is read
 * with blocking reads (see {@link readPipeFd}). `stream` (asked for only when needed: Node's stream puts a pipe in
 * non-blocking mode) reads anything else, and takes over a pipe whose reads would not block.
 */
export async function readStdinBytes(stream: () => NodeJS.ReadableStream, fd?: number): Promise<Buffer> {
  const kind = fd === undefined ? undefined : descriptorKind(fd);
  const bytes = kind === undefined ? await readAll(stream()) : typeof kind === 'number' ? readFileFd(fd!, kind) : await readPipeFd(fd!, stream);
  checkUtf8(bytes);
  return bytes;
}

/** The size of the regular file open on `fd`; 'pipe' for a pipe or socket; undefined for anything else (a terminal, a closed descriptor). */
function descriptorKind(fd: number): number | 'pipe' | undefined {
  try {
    const st = fstatSync(fd);
    return st.isFile() ? st.size : st.isFIFO() || st.isSocket() ? 'pipe' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a pipe or socket to its end with blocking reads straight into blocks (64 KiB, doubling up to 4 MiB) that
 * are joined once at the end: no chunk objects and no copy per chunk, and no buffer left behind at each doubling
 * for the garbage collector to find (a synchronous loop gives it no chance). A read that fails, as one on a
 * descriptor in non-blocking mode does with EAGAIN, hands the rest to `stream`, after the bytes already read.
 */
async function readPipeFd(fd: number, stream: () => NodeJS.ReadableStream): Promise<Buffer> {
  const blocks: Buffer[] = [];
  let total = 0;
  let n = -1; // what the last read gave: 0 at the end
  for (let size = 1 << 16; n !== 0; size = Math.min(2 * size, 1 << 22)) {
    const block = Buffer.allocUnsafeSlow(size);
    let length = 0;
    try {
      while (length < size && (n = readSync(fd, block, length, size - length, null)) > 0) length += n;
    } catch {
      blocks.push(block.subarray(0, length));
      const head = Buffer.concat(blocks, total + length);
      return readAll(stream(), head, head.length);
    }
    blocks.push(block.subarray(0, length));
    total += length;
  }
  return blocks.length === 1 ? blocks[0]! : Buffer.concat(blocks, total);
}

/**
 * Reads a regular file from its current offset to its end into one buffer of `size` + 1 bytes (the extra byte
 * sees the end without a second buffer); a file that holds more than its size says (it grew, or it is a /proc
 * file) is read on in chunks.
 */
function readFileFd(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let full = true;
  for (let want = size + 1; full; want = 1 << 16) {
    const buf = Buffer.allocUnsafe(want);
    let length = 0;
    for (let n = -1; length < want && n !== 0; length += n) n = readSync(fd, buf, length, want - length, null);
    chunks.push(buf.subarray(0, length));
    full = length === want;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Decodes UTF-8 bytes into text that encodes back to the same bytes: a byte-order mark is kept, and invalid
 * UTF-8 is refused (`E_FILE`, naming the byte offset) instead of being replaced by U+FFFD, which would change
 * documents a post-renderer must pass through untouched. UTF-16 text (a UTF-16 byte-order mark, or a NUL next to
 * the first character) is named as such. The message starts with "is", for the caller to put the input's name
 * in front.
 */
export function decodeText(bytes: Uint8Array): string {
  checkUtf8(bytes);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** The checks of {@link decodeText} without the decoding: throws `E_FILE` for bytes that are not UTF-8 text. */
export function checkUtf8(bytes: Uint8Array): void {
  const convert = 'convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8';
  const [b0, b1] = [bytes[0], bytes[1]];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new RenderInjectorError('E_FILE', 'is UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8', { hint: convert });
  }
  if (bytes.length >= 2 && (b0 === 0) !== (b1 === 0)) {
    throw new RenderInjectorError('E_FILE', 'looks like UTF-16 text (a NUL byte next to its first character), not UTF-8', { hint: convert });
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    const where = `has a byte that is not UTF-8 (0x${bytes[at]!.toString(16).padStart(2, '0')}) at byte offset ${at}`;
    throw new RenderInjectorError('E_FILE', `is not UTF-8 text: it ${where}`, {
      hint: 'give UTF-8 text (render-injector never rewrites bytes it cannot read); convert it, e.g. with iconv -t UTF-8',
    });
  }
}

/**
 * The offset of the first byte of `bytes` that is not part of a UTF-8 character: where a binary search finds the
 * longest prefix that UTF-8 can still continue, moved back to the start of the character it ends inside.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  const ok = (n: number, stream: boolean): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let [lo, hi] = [0, bytes.length]; // ok(lo) holds; the longest such prefix is in [lo, hi]
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid, true)) lo = mid;
    else hi = mid - 1;
  }
  let start = lo;
  while (!ok(start, false)) start -= 1; // at most three steps back, to the first byte of an unfinished character
  return start;
}

/**
 * Whether `path` names standard input: `-`, or a path whose file is the one open on file descriptor 0
 * (`/dev/stdin`, `/dev/fd/0`, `/proc/self/fd/0`, a link to them, or the file redirected into the process),
 * compared by device and inode rather than by spelling. `stdinStat` is for tests.
 */
export async function namesStdin(path: string, stdinStat: () => { dev: number; ino: number } = () => fstatSync(0)): Promise<boolean> {
  if (path === '-') return true;
  try {
    const [fd0, file] = [stdinStat(), await stat(resolve(path))];
    return fd0.dev === file.dev && fd0.ino === file.ino;
  } catch {
    return false; // no standard input, or no such file (reading it will say so)
  }
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

/**
 * The error for a write to standard output that failed (`> /dev/full`, a reader that went away): one line naming
 * the system's reason, never a stack trace.
 */
export function stdoutError(e: unknown): RenderInjectorError {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code ? `${err.code}: ${err.message.replace(`${err.code}: `, '')}` : err.message;
  return new RenderInjectorError('E_FILE', `cannot write to standard output (${reason})`, {
    hint: 'check where standard output goes: a full disk, or a reader that stopped reading',
  });
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
  stdinFd?: number,
): CliIO {
  // A synchronous failure to write standard output becomes one E_FILE line (see stdoutError).
  const writeStdout = (data: string | Uint8Array): void => {
    try {
      proc.stdout.write(data);
    } catch (e) {
      throw stdoutError(e);
    }
  };
  return {
    stdout: writeStdout,
    stderr: (text) => void proc.stderr.write(text),
    readText: async (path) => (path === '-' ? readStdin(proc.stdin) : decodeText(await readFile(resolve(path)))),
    // Standard input is read by its descriptor when `stdinFd` gives one and it is a file or a pipe; otherwise as a stream.
    stdinBytes: {
      read: () => readStdinBytes(() => proc.stdin, stdinFd),
      write: writeStdout,
    },
    namesStdin: (path) => namesStdin(path),
    writeFiles: writeFilesAtomic,
    color: wantColor(proc.stderr.isTTY, proc.env),
    version,
    runCommand: lazyRunner(proc.env),
    stderrIsTTY: Boolean(proc.stderr.isTTY),
  };
}


/** The process-spawning runner, loaded on first use: node:child_process costs start-up time commands without discovery do not need. */
function lazyRunner(env: NodeJS.ProcessEnv): CommandRunner {
  let runner: CommandRunner | undefined;
  return async (request) => {
    runner ??= (await import('../discover/spawn.js')).spawnRunner({ env });
    return runner(request);
  };
}
