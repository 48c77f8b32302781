/**
 * Keeps only the component flags of a `kubectl cluster-info dump`: the `command` and `args` of the containers in
 * its pod specs. The dump also holds container logs, events and annotations, free text in which a line such as
 * `--cluster-cidr=0.0.0.0/0` means nothing about the cluster, so it must never be read as a flag.
 */

/** A JSON value with the offsets of its strings. */
type Json =
  | { t: 'object'; entries: Map<string, Json> }
  | { t: 'array'; items: Json[] }
  | { t: 'string'; start: number; end: number }
  | { t: 'other' };

/** A small JSON reader that records where each string is, so that the text keeps its offsets and lines. */
class Reader {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  private space(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw new SyntaxError(`expected ${c} at ${this.pos}`);
    this.pos++;
  }

  value(): Json {
    this.space();
    const c = this.text[this.pos];
    if (c === '{') {
      this.pos++;
      const entries = new Map<string, Json>();
      this.space();
      if (this.text[this.pos] === '}') return this.pos++, { t: 'object', entries };
      for (;;) {
        this.space();
        const key = this.string();
        this.space();
        this.expect(':');
        entries.set(JSON.parse(this.text.slice(key.start, key.end)) as string, this.value());
        this.space();
        if (this.text[this.pos] === '}') return this.pos++, { t: 'object', entries };
        this.expect(',');
      }
    }
    if (c === '[') {
      this.pos++;
      const items: Json[] = [];
      this.space();
      if (this.text[this.pos] === ']') return this.pos++, { t: 'array', items };
      for (;;) {
        items.push(this.value());
        this.space();
        if (this.text[this.pos] === ']') return this.pos++, { t: 'array', items };
        this.expect(',');
      }
    }
    if (c === '"') return this.string();
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) throw new SyntaxError(`unexpected character at ${this.pos}`);
    this.pos += m[0].length;
    return { t: 'other' };
  }

  private string(): { t: 'string'; start: number; end: number } {
    const start = this.pos;
    this.expect('"');
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined || c === '\n') throw new SyntaxError(`unterminated string at ${start}`);
      if (c === '\\') this.pos++;
      else if (c === '"') return { t: 'string', start, end: this.pos };
    }
  }
}

/** Collects the strings of `containers[].command` / `args` (and init containers) anywhere in a JSON value. */
function containerArgs(node: Json, out: { start: number; end: number }[]): void {
  if (node.t === 'array') for (const item of node.items) containerArgs(item, out);
  if (node.t !== 'object') return;
  for (const [key, value] of node.entries) {
    if ((key === 'containers' || key === 'initContainers') && value.t === 'array') {
      for (const container of value.items) {
        if (container.t !== 'object') continue;
        for (const field of ['command', 'args']) {
          const list = container.entries.get(field);
          if (list?.t === 'array') for (const s of list.items) if (s.t === 'string') out.push(s);
        }
      }
    } else containerArgs(value, out);
  }
}

/**
 * Whether `text` is `kubectl cluster-info dump` output (JSON objects, one after another, with log sections)
 * rather than an args file or a config.
 *
 * @example
 * ```ts
 * isClusterInfoDump('{\n  "kind": "NodeList"\n}\n'); // true
 * ```
 */
export function isClusterInfoDump(text: string): boolean {
  return text.trimStart().startsWith('{') || text.includes('==== START logs for container');
}

/**
 * The text of a `kubectl cluster-info dump` with everything but the pod specs' container `command` and `args`
 * strings blanked out (newlines kept, so offsets and line numbers still point into the dump). Log sections are
 * skipped whole; a JSON object that does not parse is skipped to the next line.
 *
 * @example
 * ```ts
 * declare const dump: string; // kubectl cluster-info dump
 * podFlagText(dump); // only "--service-cluster-ip-range=…", "--cluster-cidr=…" and the other arguments remain
 * ```
 */
export function podFlagText(text: string): string {
  const keep: { start: number; end: number }[] = [];
  let pos = 0;
  while (pos < text.length) {
    const lineEnd = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos) + 1;
    const line = text.slice(pos, lineEnd);
    if (line.startsWith('==== START logs for')) {
      const end = text.indexOf('\n==== END logs for', pos);
      pos = end < 0 ? text.length : end + 1;
      continue;
    }
    if (line.trimStart().startsWith('{')) {
      const reader = new Reader(text, pos);
      try {
        containerArgs(reader.value(), keep);
        pos = reader.pos;
        continue;
      } catch {
        // not a JSON object after all: skip the line
      }
    }
    pos = lineEnd;
  }
  const out = text.replace(/[^\n]/g, ' ').split('');
  for (const { start, end } of keep) for (let i = start; i < end; i++) out[i] = text[i]!;
  return out.join('');
}
