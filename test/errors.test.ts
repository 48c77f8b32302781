import t from 'tap';
import { RenderInjectorError, formatPlace, formatWarning } from '../lib/errors.js';

t.test('toLine names place, message and hint on one line', async (t) => {
  const e = new RenderInjectorError('E_CIDR', 'bad CIDR "10.0.0.0/33"\nprefix too long', {
    place: { file: 'values.yaml', line: 3, col: 5, path: 'global.proxy.includeIPRanges' },
    hint: 'use a prefix length from 0 to 32',
  });
  t.equal(e.code, 'E_CIDR');
  t.equal(e.toLine(), 'values.yaml:3:5 (global.proxy.includeIPRanges): bad CIDR "10.0.0.0/33" prefix too long; use a prefix length from 0 to 32');
  t.equal(new RenderInjectorError('E_USAGE', 'x').toLine(), 'x');
});

t.test('formatPlace leaves out what is unknown', async (t) => {
  t.equal(formatPlace({}), '');
  t.equal(formatPlace({ file: 'f' }), 'f');
  t.equal(formatPlace({ file: 'f', line: 2 }), 'f:2');
  t.equal(formatPlace({ path: 'a.b' }), 'a.b');
  t.equal(formatPlace({ col: 3 }), '');
});

t.test('formatWarning', async (t) => {
  t.equal(formatWarning({ code: 'W', message: 'm\nn' }), 'm n');
  t.equal(formatWarning({ code: 'W', message: 'm', place: { path: 'p' } }), 'p: m');
});
