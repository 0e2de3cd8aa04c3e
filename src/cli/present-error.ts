/**
 * Turns an error into what a user reads: what happened, what to do, where. No stack trace for a user error;
 * an unexpected error says so and asks for the details to be passed on.
 */
import { isPaperlinkError } from '../model/index.js';

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_UNEXPECTED = 70;
/** `paperlink scan` read what it could, but some directory entries that may be scans were not read (see its summary). */
export const EXIT_SOME_INPUTS_NOT_READ = 3;

export function presentError(error: unknown): { text: string; exitCode: number } {
  if (isPaperlinkError(error)) {
    const where = [
      error.where.file ? `file ${error.where.file}` : '',
      error.where.page !== undefined ? `page ${error.where.page}` : '',
      error.where.field ? `field ${error.where.field}` : '',
      error.where.path ? `at ${error.where.path}` : '',
    ].filter(Boolean).join(', ');
    const text = `paperlink: ${error.message}\nWhat to do: ${error.hint}${where ? `\nWhere: ${where}` : ''}\n(error code: ${error.code})`;
    return { text, exitCode: EXIT_USER_ERROR };
  }
  const message = error instanceof Error ? error.message : String(error);
  const text = `paperlink: something went wrong that paperlink did not expect: ${message}\n` +
    'What to do: run the same command again; if it fails again, send this message and the command you ran to whoever supports paperlink.' +
    (process.env['PAPERLINK_DEBUG'] && error instanceof Error ? `\n${error.stack ?? ''}` : '');
  return { text, exitCode: EXIT_UNEXPECTED };
}
