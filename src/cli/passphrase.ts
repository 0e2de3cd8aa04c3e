/**
 * Where a passphrase comes from on the command line: an environment variable for scripts (PAPERLINK_PASSPHRASE for
 * the current one, PAPERLINK_NEW_PASSPHRASE for a new one), else asked on the terminal without echo. Never an option:
 * a passphrase on the command line ends up in the shell history and the process list.
 */
import { createInterface } from 'node:readline';
import { PaperlinkError } from '../model/index.js';
import { isEncryptedFile, isPostgresUrl, workspaceFile } from '../store/index.js';

export const PASSPHRASE_ENV = 'PAPERLINK_PASSPHRASE';
export const NEW_PASSPHRASE_ENV = 'PAPERLINK_NEW_PASSPHRASE';

/** Asks on the terminal, echoing nothing. */
export function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    process.stderr.write(question);
    // Swallow the echo of what is typed; the question itself was written above.
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

function noTerminal(what: string, variable: string): PaperlinkError {
  return new PaperlinkError('workspace-locked', `${what} is needed and there is no terminal to ask on.`,
    `Run the command in a terminal, or set ${variable} for a script.`);
}

/** The current passphrase: the environment, or asked once. */
export async function currentPassphrase(): Promise<string> {
  const given = process.env[PASSPHRASE_ENV];
  if (given) return given;
  if (!process.stdin.isTTY) throw noTerminal('The workspace passphrase', PASSPHRASE_ENV);
  return askHidden('Workspace passphrase / wachtwoordzin: ');
}

/** A new passphrase: the environment, or asked twice (a typo would lock the workspace for good). */
export async function newPassphrase(variable: string = NEW_PASSPHRASE_ENV): Promise<string> {
  const given = process.env[variable];
  if (given) return given;
  if (!process.stdin.isTTY) throw noTerminal('A new passphrase', variable);
  const first = await askHidden('New passphrase (at least 10 characters) / nieuwe wachtwoordzin: ');
  const second = await askHidden('Again / nogmaals: ');
  if (first !== second) {
    throw new PaperlinkError('argument-invalid', 'The two passphrases differ. Nothing was changed.', 'Run the command again and type the same passphrase twice.');
  }
  return first;
}

/**
 * Before a command opens an encrypted workspace: asks for the passphrase once on a terminal and keeps it in this
 * process's environment, where the store looks for it. A plain workspace, or one with the variable set, asks nothing.
 */
export async function unlockForCommand(workspaceDir: string): Promise<void> {
  if (process.env[PASSPHRASE_ENV] || isPostgresUrl(workspaceDir) || !isEncryptedFile(workspaceFile(workspaceDir)) || !process.stdin.isTTY) return;
  process.env[PASSPHRASE_ENV] = await askHidden('Workspace passphrase / wachtwoordzin: ');
}
