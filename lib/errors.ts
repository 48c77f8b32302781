/**
 * The one error type for everything a user can cause: a bad CIDR, an unknown provider, an unreadable file,
 * a schema violation, an unparsable stream. The CLI prints it as one line and exits 2.
 *
 * @example
 * ```ts
 * import { computeRanges, RenderInjectorError } from 'render-injector';
 * try { computeRanges({ include: ['10.0.0.0/33'] }); }
 * catch (e) { if (e instanceof RenderInjectorError) console.error(e.code, e.message); }
 * ```
 */

/** Stable machine-readable codes. New codes may be added; existing ones never change meaning. */
export type ErrorCode =
  | 'E_CIDR' // an address or prefix that does not parse strictly
  | 'E_RANGE_LIST' // a range list that mixes `*` with ranges, or has an empty item
  | 'E_PROVIDER' // unknown provider, or a provider that needs cluster info it did not get
  | 'E_DISCOVERY' // cluster-info text a provider cannot read, or that lacks a field
  | 'E_FILE' // a file that cannot be read or written
  | 'E_YAML' // text that is not YAML (or JSON), or that uses a refused YAML feature
  | 'E_VALUES' // a value of the wrong type or an invalid value
  | 'E_SET' // a malformed --set expression
  | 'E_UNSAFE_KEY' // a __proto__ / constructor / prototype path segment
  | 'E_USAGE' // a CLI usage error
  | 'E_RENDER' // a value that cannot be rendered safely into its target
  | 'E_STREAM'; // a post-renderer input stream that cannot be processed

/** Where the bad input is: a file (with line and column when known), a key path, or a command-line option. */
export interface ErrorPlace {
  /** File name as the user gave it, or `-` for stdin, or `--set`/`--include` for an option. */
  file?: string;
  /** 1-based line. */
  line?: number;
  /** 1-based column. */
  col?: number;
  /** Dotted key path inside the values, e.g. `global.proxy.includeIPRanges`. */
  path?: string;
}

/** Formats a place as `file:line:col (key path)`, leaving out what is unknown. */
export function formatPlace(place: ErrorPlace): string {
  let at = place.file ?? '';
  if (place.file !== undefined && place.line !== undefined) {
    at += `:${place.line}`;
    if (place.col !== undefined) at += `:${place.col}`;
  }
  if (place.path !== undefined) at = at ? `${at} (${place.path})` : place.path;
  return at;
}

/** An error the user caused and can fix: it names the input, where it is, and the fix. */
export class RenderInjectorError extends Error {
  /** Stable code, e.g. `E_CIDR`. */
  readonly code: ErrorCode;
  /** Where the offending input is. */
  readonly place: ErrorPlace;
  /** One sentence telling the user how to fix it. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { place?: ErrorPlace; hint?: string | undefined } = {}) {
    super(message);
    this.name = 'RenderInjectorError';
    this.code = code;
    this.place = options.place ?? {};
    this.hint = options.hint;
  }

  /** The one-line form the CLI prints: `place: message (hint)`; never contains a newline. */
  toLine(): string {
    const at = formatPlace(this.place);
    const text = (at ? `${at}: ` : '') + this.message + (this.hint ? `; ${this.hint}` : '');
    return terminalSafe(text);
  }
}

/** A warning: reported to stderr by the CLI, collected by the API; never changes the output. */
export interface Warning {
  code: string;
  message: string;
  place?: ErrorPlace;
}

/** Formats a warning as one line. */
export function formatWarning(w: Warning): string {
  const at = w.place ? formatPlace(w.place) : '';
  return terminalSafe((at ? `${at}: ` : '') + w.message);
}

/**
 * Makes a message safe for a terminal, on one line: line breaks become a space, and every other control
 * character (C0, DEL, C1 — ESC starts terminal escape sequences), the Unicode line and paragraph separators and
 * the bidirectional overrides are written as `\xNN` / `\uNNNN`, so a file name or value cannot move the cursor,
 * recolour the terminal or hide text.
 *
 * @example
 * ```ts
 * terminalSafe('bad\u001b[2Jname\nnext'); // 'bad\\x1b[2Jname next'
 * ```
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
