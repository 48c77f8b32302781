/**
 * A small, strict command-line parser: `--name value`, `--name=value`, short aliases (`-f value`), repeatable
 * options, booleans (`--strict`, `--no-color` is not special), `--` ends options, and `-` is an ordinary value
 * (stdin/stdout). Unknown options and missing values are usage errors with a "did you mean".
 */
import { RenderInjectorError } from '../errors.js';
import { closest } from '../suggest.js';

/** How one option is read. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `provider`. */
  name: string;
  /** One-letter alias without the dash, e.g. `f`. */
  short?: string;
  /** `string`: takes a value; `list`: takes a value and may repeat; `boolean`: takes none. */
  type: 'string' | 'list' | 'boolean';
  /** Placeholder shown in help, e.g. `FILE`. */
  arg?: string;
  /** One line of help. */
  help: string;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  /** string and boolean options by long name; list options as string arrays. */
  options: Record<string, string | boolean | string[]>;
  /** Positional arguments. */
  positionals: string[];
}

/**
 * Parses `argv` (without node and script) against `specs`.
 *
 * @example
 * ```ts
 * parseArgs(['--provider=gke', '-f', 'a.yaml', '-f', 'b.yaml'], [
 *   { name: 'provider', type: 'string', help: '' },
 *   { name: 'values', short: 'f', type: 'list', help: '' },
 * ]); // { options: { provider: 'gke', values: ['a.yaml', 'b.yaml'] }, positionals: [] }
 * ```
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
      spec = byName.get(name);
      if (!spec) throw unknown(arg.slice(0, eq === -1 ? undefined : eq), specs);
    } else if (arg.startsWith('-') && arg.length > 1) {
      spec = byShort.get(arg.slice(1, 2));
      if (!spec || spec.type === 'boolean' && arg.length > 2) throw unknown(arg, specs);
      // `-pkind` and `-p=kind` both mean `--provider kind`
      if (arg.length > 2) inline = arg.slice(arg[2] === '=' ? 3 : 2);
    } else {
      positionals.push(arg);
      continue;
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) {
        if (inline !== 'true' && inline !== 'false') {
          throw usage(`option --${spec.name} takes no value, got "${inline}"`, `write --${spec.name} alone`);
        }
        options[spec.name] = inline === 'true';
      } else options[spec.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('-') && value !== '-')) {
        throw usage(`option --${spec.name} needs a value`, `write --${spec.name} ${spec.arg ?? 'VALUE'}`);
      }
      i++;
    }
    if (value === '') {
      // An unset shell variable expands to nothing: `-o ''` would write into the current directory, `--include ''`
      // would capture nothing. An empty value is never what was meant.
      throw usage(`option --${spec.name} has an empty value`, `give --${spec.name} a value (is a shell variable unset?), or leave the option out`);
    }
    if (spec.type === 'list') {
      const list = (options[spec.name] as string[] | undefined) ?? [];
      list.push(value);
      options[spec.name] = list;
    } else options[spec.name] = value;
  }
  return { options, positionals };
}

function usage(message: string, hint: string): RenderInjectorError {
  return new RenderInjectorError('E_USAGE', message, { hint });
}

function unknown(flag: string, specs: readonly OptionSpec[]): RenderInjectorError {
  const names = specs.flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]);
  const near = closest(flag, names);
  return usage(`unknown option ${flag}`, near ? `did you mean ${near}? (see --help)` : 'see --help for the options');
}
