import type { z } from 'zod';

/**
 * The check of a form that chooses a password: the issues of the server's own schema (what the
 * form sends, `serverCheck`) on the same fields, plus the confirmation, which only the screen knows.
 */
export function checkPasswordForm(
  context: z.RefinementCtx,
  serverCheck: { error?: z.ZodError | undefined },
  password: string,
  confirmPassword: string,
): void {
  for (const issue of serverCheck.error?.issues ?? []) {
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
  if (password !== confirmPassword) {
    context.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'auth.passwordsDiffer' });
  }
}
