// Runs the CLI's own entry, main(), in-process with a fake CliIO: named inputs come from `files` ('-' is stdin)
// or from a reader function, standard input is only ever named by `-`, and output is collected.
import { main, type CliIO } from '../../lib/cli/main.js';
import { writeFilesAtomic } from '../../lib/cli/io.js';

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
    namesStdin: async (path) => path === '-',
    writeFiles: writeFilesAtomic,
    color: false,
    version: '9.9.9',
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
