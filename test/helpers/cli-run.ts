import { main, type CliIO } from '../../lib/cli/main.js';

/** What one in-process run of the CLI gave. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI's own entry, main(), in-process: `read` answers every file read (and `-`), standard input is only
 * ever named by `-`, and --output-dir writes nothing.
 */
export async function runCli(argv: string[], read: (path: string) => Promise<string>): Promise<CliRun> {
  const io: CliIO & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    readText: read,
    namesStdin: async (path) => path === '-',
    writeFiles: async () => undefined,
    color: false,
    version: '0',
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
