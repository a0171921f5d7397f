import { describe, expect, it } from 'vitest';
import { windowPatternProblem } from '../../../shared/policy/safe-pattern';
import { WindowRuleSchema } from '../../../shared/policy/schema';
import { compileWindowRules, matchingRuleIds } from '../../../electron/agent/guards/triggers/window-rules';

describe('window-rule patterns', () => {
  it.each(['^Payment', 'Card (entry|details)', 'checkout\\.example\\.com/pay', '^(Payment|Billing) - .*$', '\\d{4}', '[(+*)]+x', 'a{1}b?c+', 'a(b)*'])('accepts %s', (source) => {
    expect(windowPatternProblem(source)).toBeNull();
  });

  it.each([
    ['(a+)+$', /repeated group/],
    ['(\\w|\\d)*x', /repeated group/],
    ['((ab)*c)+', /repeated group/],
    ['(a*){2,}', /repeated group/],
    ['(x+x+)+y', /repeated group/],
    ['(a)\\1', /back-references/],
    ['(?<n>a)\\k<n>', /back-references/],
    ['(unclosed', /not a valid regular expression/],
  ])('refuses %s', (source, why) => {
    expect(windowPatternProblem(source)).toMatch(why);
  });

  it('refuses unsafe patterns in the policy schema, at the field', () => {
    const parsed = WindowRuleSchema.safeParse({ id: 'pay', titlePattern: '(a+)+$' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['titlePattern']);
  });

  it('the agent leaves an unsafe rule out and matches long titles without freezing', () => {
    const { rules, problems } = compileWindowRules([
      { id: 'unsafe', titlePattern: '(a+)+$' },
      { id: 'pay', titlePattern: '^Payment' },
      { id: 'poly', titlePattern: '.*a.*b.*c.*d$' },
    ]);
    expect(problems.map((p) => p.id)).toEqual(['unsafe']);
    // Cut to 512 characters before matching: this returns at once, where the untruncated title
    // would cost the polynomial pattern about n^4 steps.
    const title = `Payment ${'a'.repeat(200_000)}!`;
    expect(matchingRuleIds(rules, { title, processName: 'crm' })).toEqual(['pay']);
  });
});
