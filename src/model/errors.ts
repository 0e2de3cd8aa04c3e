/**
 * The one error type users can meet: a stable code, what happened, what to do, and where.
 * cli/present-error.ts turns it into a paragraph; nobody sees a stack trace for a user error.
 */
export type IssueCode =
  | 'form-invalid'
  | 'form-unknown'
  | 'form-file-unreadable'
  | 'layout-version-unknown'
  | 'site-code-invalid'
  | 'serial-range-invalid'
  | 'serial-range-already-issued'
  | 'output-not-writable'
  | 'workspace-unreadable'
  | 'workspace-too-new'
  | 'workspace-locked'
  | 'passphrase-wrong'
  | 'passphrase-weak'
  | 'sitrep-refused'
  | 'workspace-without-forms'
  | 'sheet-code-invalid'
  | 'input-not-found'
  | 'argument-invalid'
  | 'scenario-invalid'
  | 'scan-worker-missing'
  | 'bundle-damaged'
  | 'bundle-incomplete'
  | 'bundle-untrusted'
  | 'bundle-out-of-order'
  | 'bundle-not-ours'
  | 'not-implemented-yet';

export interface ErrorLocation {
  readonly file?: string;
  readonly page?: number;
  readonly field?: string;
  readonly path?: string;
}

export class PaperlinkError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
    readonly hint: string,
    readonly where: ErrorLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PaperlinkError';
  }
}

export function isPaperlinkError(value: unknown): value is PaperlinkError {
  return value instanceof PaperlinkError;
}

/** Fails the type check when a union is not handled completely (exhaustive switch on `kind`). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
