import { RenderInjectorError } from '../../lib/errors.js';

/** Runs `fn` and returns the RenderInjectorError it throws; anything else (or nothing) fails the test. */
export function caught(fn: () => unknown): RenderInjectorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RenderInjectorError) return e;
    throw e;
  }
  throw new Error('expected a RenderInjectorError');
}
