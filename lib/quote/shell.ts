/**
 * Quoting for POSIX `sh`. Every word the iptables script interpolates goes through {@link shellQuote}, even
 * though the plan has validated it: quoting is what makes a word safe for the shell, validation is what makes
 * it right for iptables.
 */
import { RenderInjectorError } from '../errors.js';

const BARE = /^[A-Za-z0-9_.,:/=+@%-]+$/;

/**
 * Quotes one word for POSIX `sh`: left bare when it holds only characters the shell gives no meaning to,
 * otherwise wrapped in single quotes (a `'` inside becomes `'\''`). Throws E_RENDER for a NUL byte, which no
 * argument can hold.
 *
 * @example
 * ```ts
 * shellQuote('ISTIO_OUTPUT'); // 'ISTIO_OUTPUT'
 * shellQuote('!');            // "'!'"
 * shellQuote("it's");         // "'it'\\''s'"
 * ```
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) {
    throw new RenderInjectorError('E_RENDER', `shell word ${JSON.stringify(word)} contains a NUL byte`, {
      hint: 'remove the NUL byte; no command argument can hold one',
    });
  }
  if (BARE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes each word and joins them with single spaces: one command line's arguments.
 *
 * @example
 * ```ts
 * shellWords(['-t', 'nat', '!', '-d', '127.0.0.1/32']); // "-t nat '!' -d 127.0.0.1/32"
 * ```
 */
export function shellWords(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
