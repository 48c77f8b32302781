// Runs the CLI's own entry, main(), in-process with a fake CliIO: named inputs come from `files` ('-' is stdin)
// or from a reader function, standard input is only ever named by `-`, and output is collected.
import { main, type CliIO } from '../../lib/cli/main.js';
import { writeFilesAtomic } from '../../lib/cli/io.js';

/**
 * Standard input and output as bytes over a fake's text: `read` encodes what `-` reads as UTF-8, `write` decodes
 * what the CLI writes and hands it on (each piece post-render writes is whole UTF-8).
 */
export function bytesOverText(read: (path: string) => Promise<string>, write: (text: string) => void): CliIO['stdinBytes'] {
  return {
    read: async () => Buffer.from(await read('-'), 'utf8'),
    write: (bytes) => write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')),
  };
}

/** What one in-process run of the CLI gave: the exit code and what it wrote. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `render-injector ARGV` in-process. `files` maps the paths it may read (and `-`) to their text, or is a
 * function that answers every read; --output-dir writes for real.
 */
export async function runCli(argv: string[], files: Record<string, string> | ((path: string) => Promise<string>) = {}): Promise<CliRun> {
  const read =
    typeof files === 'function'
      ? files
      : async (path: string) => {
          const text = files[path];
          if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
          return text;
        };
  const io: CliIO & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    readText: read,
    stdinBytes: bytesOverText(read, (text) => void (io.out += text)),
    namesStdin: async (path) => path === '-',
    writeFiles: writeFilesAtomic,
    color: false,
    version: '9.9.9',
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
