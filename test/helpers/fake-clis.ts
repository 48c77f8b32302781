// Fake provider CLIs on PATH, for the CLIs that cannot run here (ibmcloud, oc, az) and for behaviour no real CLI
// shows on demand (hanging past the deadline). Each fake records its argv (one element a line), the variables
// discovery sets, and whether its stdin was closed, then answers as FAKE_MODE says.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes an executable `sh` script `name` into `dir`. */
export function writeFake(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh
log="$FAKE_LOG/${name}"
printf '%s\\n' "$@" > "$log.argv"
env | grep -E '^(AZURE_CORE_[A-Z_]+|IBMCLOUD_[A-Z_]+|CLOUDSDK_CORE_DISABLE_PROMPTS|AWS_PAGER)=' | sort > "$log.env"
if read -r line; then echo open > "$log.stdin"; else echo closed > "$log.stdin"; fi
${body}
`,
  );
  chmodSync(file, 0o755);
  return file;
}

/** What a fake saw: its argv, the variables, and its stdin. */
export function fakeSaw(logDir: string, name: string): { argv: string[]; env: string; stdin: string } {
  const read = (ext: string) => (existsSync(join(logDir, `${name}.${ext}`)) ? readFileSync(join(logDir, `${name}.${ext}`), 'utf8') : '');
  return { argv: read('argv').split('\n').slice(0, -1), env: read('env'), stdin: read('stdin').trim() };
}

/** A case over FAKE_MODE: each mode prints to stdout/stderr and exits. */
export function modes(cases: Record<string, { out?: string; err?: string; code?: number }>): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `case "$FAKE_MODE" in
${Object.entries(cases)
  .map(([mode, c]) => `  ${mode}) ${c.out !== undefined ? `printf '%s' ${q(c.out)}; ` : ''}${c.err !== undefined ? `printf '%s\\n' ${q(c.err)} >&2; ` : ''}exit ${c.code ?? 0};;`)
  .join('\n')}
esac
echo "fake: unknown FAKE_MODE $FAKE_MODE" >&2
exit 99
`;
}
