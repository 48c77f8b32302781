/**
 * Access to the precompiled templates. Templates are compiled at build time (scripts/precompile-templates.mjs)
 * into templates.generated.ts; at run time they are only instantiated against an isolated Handlebars runtime
 * that carries our escaping helpers (one set for every template), never the global one.
 */
import type HandlebarsNS from 'handlebars';
import runtimeModule from 'handlebars/runtime.js';
import { templateSpecs } from './templates.generated.js';
import { goQuotedArgument, goYamlArgument, injectedQuoted, injectedScalar, yamlScalar } from '../quote/configmap.js';
import { shellQuote, shellWords } from '../quote/shell.js';

/** A rendered template: takes a context object and returns text. */
export type TemplateFn = (context: unknown) => string;

/** Helpers the templates call: escaping for each target (YAML, Go template, shell). */
export type HelperMap = Record<string, (...args: never[]) => unknown>;

/**
 * The escaping helpers by the names the templates use: `yaml` (outer document), `inject` and `injectQuoted`
 * (text of the injection template), `goYaml` and `goQuoted` (string arguments inside its actions).
 *
 * @example
 * // registered on the template runtime below; in a template: `namespace: {{yaml namespace}}`
 */
export const escapeHelpers: HelperMap = {
  yaml: (value: unknown) => yamlScalar(text(value)),
  inject: (value: unknown) => injectedScalar(text(value)),
  injectQuoted: (value: unknown) => injectedQuoted(text(value)),
  goYaml: (value: unknown) => goYamlArgument(text(value)),
  goQuoted: (value: unknown) => goQuotedArgument(text(value)),
};

/** Helpers take strings only: a number or a missing value reaching one is a bug in the renderer, not user input. */
function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`internal: escape helper given ${typeof value}, not a string`);
  return value;
}

const cache = new Map<string, TemplateFn>();
const runtime = (runtimeModule as unknown as typeof HandlebarsNS).create();
const helpers: HelperMap = {
  ...escapeHelpers,
  shellWords: (words: string[]) => shellWords(words),
  shellQuote: (word: string) => shellQuote(word),
};
runtime.registerHelper(helpers as unknown as Record<string, HandlebarsNS.HelperDelegate>);

/** Returns the precompiled template named by its path under templates/ without `.hbs`, e.g. `iptables/script`. */
export function template(name: string): TemplateFn {
  let fn = cache.get(name);
  if (!fn) {
    const spec = templateSpecs[name];
    if (spec === undefined) throw new Error(`internal: no precompiled template named ${name}`);
    const compiled = runtime.template(spec as Parameters<typeof HandlebarsNS.template>[0]);
    fn = (context: unknown) => compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    cache.set(name, fn);
  }
  return fn;
}
