import { MAX_MATCHED_TITLE, windowPatternProblem } from '../../../../shared/policy/safe-pattern';
import type { WindowRule } from '../../../../shared/policy/schema';
import type { ActiveWindow } from '../adapters';
import { normalizeProcessName } from '../process-match';

/** A window rule ready to match: patterns compiled once. */
export interface CompiledWindowRule {
  id: string;
  processName?: string;
  title?: RegExp;
  url?: RegExp;
}

/** A rule whose pattern is not a valid regular expression; such a rule never matches. */
export interface RuleProblem {
  id: string;
  field: 'titlePattern' | 'urlPattern';
  message: string;
}

/** Compiles the policy's window rules; rules with a broken pattern are left out and named. Pure. */
export function compileWindowRules(rules: readonly WindowRule[]): { rules: CompiledWindowRule[]; problems: RuleProblem[] } {
  const out: CompiledWindowRule[] = [];
  const problems: RuleProblem[] = [];
  for (const rule of rules) {
    const compiled: CompiledWindowRule = { id: rule.id };
    let ok = true;
    if (rule.processName !== undefined) compiled.processName = normalizeProcessName(rule.processName);
    for (const field of ['titlePattern', 'urlPattern'] as const) {
      const source = rule[field];
      if (source === undefined) continue;
      // Policies are schema-checked, but rules can also come from elsewhere (tests, files): same
      // rule. It also reports a pattern that does not compile, so `new RegExp` below cannot throw.
      const problem = windowPatternProblem(source);
      if (problem) {
        problems.push({ id: rule.id, field, message: problem });
        ok = false;
        continue;
      }
      const re = new RegExp(source, 'i');
      if (field === 'titlePattern') compiled.title = re;
      else compiled.url = re;
    }
    if (ok) out.push(compiled);
  }
  return { rules: out, problems };
}

/**
 * The ids of the rules the window matches: every field a rule gives must match. A url rule cannot
 * match where the OS does not expose the window's URL. Pure.
 */
export function matchingRuleIds(rules: readonly CompiledWindowRule[], window: ActiveWindow | null): string[] {
  if (!window) return [];
  return rules
    .filter((r) => {
      if (r.processName !== undefined && (!window.processName || normalizeProcessName(window.processName) !== r.processName)) return false;
      if (r.title && !r.title.test(window.title.slice(0, MAX_MATCHED_TITLE))) return false;
      if (r.url && (window.url === undefined || !r.url.test(window.url.slice(0, MAX_MATCHED_TITLE)))) return false;
      return true;
    })
    .map((r) => r.id);
}
