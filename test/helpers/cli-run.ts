// Runs the CLI in-process with a fake CliIO: named inputs come from `files` ('-' is stdin), output is collected.
import { main, type CliIO } from '../../lib/cli/main.js';
import { writeFilesAtomic } from '../../lib/cli/io.js';

/** The exit code and what the CLI wrote. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `render-injector ARGV` in-process; `files` maps the paths it may read (and `-`) to their text. */
export async function runCli(argv: string[], files: Record<string, string> = {}): Promise<CliRun> {
  const io: CliIO & { out: string; err: string } = {
    out: '',
    err: '',
    stdout(text) {
      io.out += text;
    },
    stderr(text) {
      io.err += text;
    },
    async readText(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    writeFiles: writeFilesAtomic,
    color: false,
    version: '9.9.9',
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
