import t from 'tap';
import { closest, didYouMean, editDistance } from '../lib/suggest.js';

t.test('editDistance counts insertions, deletions, substitutions and swaps', async (t) => {
  t.equal(editDistance('', ''), 0);
  t.equal(editDistance('abc', ''), 3);
  t.equal(editDistance('', 'ab'), 2);
  t.equal(editDistance('gke', 'gke'), 0);
  t.equal(editDistance('gek', 'gke'), 1);
  t.equal(editDistance('includeIPRange', 'includeIPRanges'), 1);
  t.equal(editDistance('kitten', 'sitting'), 3);
});

t.test('closest picks a plausible typo only', async (t) => {
  t.equal(closest('gek', ['gke', 'iks']), 'gke');
  t.equal(closest('GKE', ['gke']), 'gke');
  t.equal(closest('zzz', ['gke', 'iks']), undefined);
  t.equal(closest('minikub', ['minikube', 'microk8s']), 'minikube');
  t.equal(closest('mini', ['minikube']), undefined);
  t.equal(closest('abcdef', ['abcxyz'], 3), 'abcxyz');
  t.equal(closest('abcd', ['abce', 'abcf']), 'abce', 'ties go to the earlier candidate');
});

t.test('didYouMean phrases it', async (t) => {
  t.equal(didYouMean('--provder', ['--provider']), 'did you mean "--provider"?');
  t.equal(didYouMean('--xyzzy', ['--provider']), '');
});
