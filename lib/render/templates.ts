/**
 * Access to the precompiled templates. Templates are compiled at build time (scripts/precompile-templates.mjs)
 * into templates.generated.ts; at run time they are only instantiated against an isolated Handlebars runtime
 * that carries our escaping helpers (one set for every template), never the global one.
 */
import type HandlebarsNS from 'handlebars';
import runtimeModule from 'handlebars/runtime.js';
import { templateSpecs } from './templates.generated.js';
import { escapeHelpers } from '../quote/configmap.js';
import { shellQuote, shellWords } from '../quote/shell.js';

/** A rendered template: takes a context object and returns text. */
export type TemplateFn = (context: unknown) => string;

/** Helpers the templates call: escaping for each target (YAML, Go template, shell). */
export type HelperMap = Record<string, (...args: never[]) => unknown>;

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
