import t from 'tap';
import { parseArgs, type OptionSpec } from '../lib/cli/args.js';
import { RenderInjectorError } from '../lib/errors.js';

const specs: OptionSpec[] = [
  { name: 'provider', short: 'p', type: 'string', arg: 'NAME', help: '' },
  { name: 'values', short: 'f', type: 'list', help: '' },
  { name: 'strict', short: 's', type: 'boolean', help: '' },
  { name: 'json', type: 'boolean', help: '' },
];

t.test('long, inline, short, attached short, repeatable and boolean options', async (t) => {
  t.same(parseArgs(['--provider', 'gke', '-f', 'a.yaml', '--values=b.yaml', '-fc.yaml', '--strict', 'pos'], specs), {
    options: { provider: 'gke', values: ['a.yaml', 'b.yaml', 'c.yaml'], strict: true },
    positionals: ['pos'],
  });
  t.same(parseArgs(['--strict=false', '-p', '-'], specs).options, { strict: false, provider: '-' }, '- is a value');
  t.same(parseArgs(['--provider=x', '--', '--strict'], specs), { options: { provider: 'x' }, positionals: ['--strict'] });
  t.throws(() => parseArgs(['--provider='], specs), { code: 'E_USAGE', message: 'option --provider has an empty value' });
  t.throws(() => parseArgs(['-f', ''], specs), { code: 'E_USAGE', message: 'option --values has an empty value' });
  t.same(parseArgs(['-p=kind', '-f=a.yaml', '-fb.yaml'], specs).options, { provider: 'kind', values: ['a.yaml', 'b.yaml'] });
  t.same(parseArgs(['-'], specs).positionals, ['-']);
  t.same(parseArgs(['-s', '--strict=true'], specs).options, { strict: true });
});

t.test('usage errors name the option and suggest', async (t) => {
  const err = (argv: string[]) => {
    try {
      parseArgs(argv, specs);
    } catch (e) {
      t.type(e, RenderInjectorError);
      return (e as RenderInjectorError).toLine();
    }
    return t.fail('no error');
  };
  t.equal(err(['--provder', 'gke']), 'unknown option --provder; did you mean --provider? (see --help)');
  t.equal(err(['--jsn=1']), 'unknown option --jsn; did you mean --json? (see --help)');
  t.equal(err(['--zzzzzz']), 'unknown option --zzzzzz; see --help for the options');
  t.equal(err(['--provider']), 'option --provider needs a value; write --provider NAME');
  t.equal(err(['-f', '--strict']), 'option --values needs a value; write --values VALUE');
  t.equal(err(['--strict=yes']), 'option --strict takes no value, got "yes"; write --strict alone');
  t.match(err(['-x']), /^unknown option -x/);
  t.match(err(['-sx']), /^unknown option -sx/, 'a boolean short option takes nothing attached');
});
