import type { z } from 'zod';

/** First failing field of a zod error as a dotted path ("checks.0.status"), or "(root)". */
export function firstIssuePath(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue || issue.path.length === 0) return '(root)';
  return issue.path.map(String).join('.');
}

/** A one-line message naming the failing field, safe to show or log (zod messages never echo values). */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return `${firstIssuePath(error)}: ${issue.message}`;
}
