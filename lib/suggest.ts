/**
 * "Did you mean" support shared by the CLI (flags, commands), the provider registry and the values checks.
 */

/**
 * Edit distance between two strings, counting an insertion, a deletion, a substitution or a swap of two
 * neighbouring characters as one edit (optimal string alignment), so `gek` is one edit from `gke`.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row[j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row[j] = d;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `input`, when it is a plausible typo: equal ignoring case, or within
 * `maxDistance` edits (default: 2, or 1 for inputs of 4 characters or fewer). Ties go to the earlier candidate.
 *
 * @example
 * ```ts
 * closest('gek', ['gke', 'iks']); // 'gke'
 * closest('zzz', ['gke', 'iks']); // undefined
 * ```
 */
export function closest(input: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const limit = maxDistance ?? (input.length <= 4 ? 1 : 2);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === input.toLowerCase() ? 0 : editDistance(input, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** `; did you mean "x"?` when there is a close candidate, else an empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const c = closest(input, candidates);
  return c === undefined ? '' : `did you mean "${c}"?`;
}
