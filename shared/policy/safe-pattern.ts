/**
 * Window-rule patterns are regular expressions written by IT and run by every agent on every
 * window title it sees. JavaScript's regex engine backtracks, so a pattern like `(a+)+$` or
 * `(\w|\d)*x` takes exponential time on a hostile or merely long title and would freeze the
 * agent's guard loop. Patterns are therefore refused at the schema (the console shows why, at the
 * field) when they could backtrack catastrophically, by the classic "star height" rule: no
 * quantified group may itself contain a quantifier or an alternation, and no back-references.
 * It refuses a few harmless patterns too (`(ab?)*`); they can be written without the nesting.
 * Titles are also cut to MAX_MATCHED_TITLE before matching, which bounds what polynomial
 * patterns (`.*a.*b.*c`) can cost.
 */

/** Longest title or URL a rule is matched against (longer ones are cut, not skipped). */
export const MAX_MATCHED_TITLE = 512;

/** Why a pattern is refused, in words for the policy editor; null when it is fine. */
export function windowPatternProblem(source: string): string | null {
  try {
    new RegExp(source, 'i');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  // One entry per open group: whether it holds a quantifier or an alternation so far.
  const groups: { risky: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return 'back-references are not allowed in window patterns';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push({ risky: false });
    else if (c === '|') {
      if (groups.length > 0) groups[groups.length - 1]!.risky = true;
    } else if (c === ')') {
      const group = groups.pop();
      const quantified = quantifierAt(source, i + 1);
      if (group?.risky && quantified) return 'a repeated group may not contain a repetition or an alternative (it can take exponential time); write it without the nesting';
      // A group that holds a quantifier makes its enclosing group risky as well.
      if (groups.length > 0 && (group?.risky || quantified)) groups[groups.length - 1]!.risky = true;
    } else if (quantifierAt(source, i) && groups.length > 0) groups[groups.length - 1]!.risky = true;
  }
  return null;
}

/** Whether an unbounded or repeating quantifier (*, +, {n,}, {n,m} with m > 1) starts at `i`. */
function quantifierAt(source: string, i: number): boolean {
  const c = source[i];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (!m) return false;
  if (m[2] === undefined) return Number(m[1]) > 1;
  return m[3] === '' || Number(m[3]) > 1;
}
