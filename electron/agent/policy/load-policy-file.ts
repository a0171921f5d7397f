import { readFile } from 'node:fs/promises';
import { PolicySchema, type Policy } from '../../../shared/policy/schema';
import { describeZodError } from '../../../shared/validation';

/** A policy file that cannot be used; the message names the file and the failing field. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

/** Reads and validates a local policy file. Nothing is applied from a file that fails anywhere. */
export async function loadPolicyFile(path: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PolicyFileError(`cannot read policy file ${path}: ${code}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(`policy file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PolicySchema.safeParse(json);
  if (!parsed.success) throw new PolicyFileError(`policy file ${path} is invalid at ${describeZodError(parsed.error)}`);
  return parsed.data;
}
