// baocao user add: an account for the review application. The password never appears on the
// command line (where `ps` and shell history would keep it): it comes from standard input
// (--password-stdin), from BAOCAO_PASSWORD, or from a prompt that does not echo.
import type { Readable, Writable } from 'node:stream';
import { createUser, hasProvinces, MIN_PASSWORD_LENGTH, USER_ROLES, UserExistsError, UserInputError, type Actor } from '../../db/users.ts';
import type { UserRole } from '../../db/schema.ts';
import { UsageError, type Config } from '../../app/config.ts';
import { openDatabaseFromConfig } from '../../app/runtime.ts';

/** How the audit names what was done at the command line. */
export const CLI_ACTOR: Actor = { actor: 'cli', actorId: null };

export interface UserAddOptions {
  role?: string;
  province?: string[];
  displayName?: string;
  passwordStdin?: boolean;
}

/** Where the password comes from; the process's own streams and environment by default. */
export interface PasswordSource {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  prompt: Writable;
  env: NodeJS.ProcessEnv;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // One trailing newline is the shell's (echo, a file), not the password's.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from a terminal without echoing it. */
export function promptHidden(question: string, source: PasswordSource): Promise<string> {
  const { stdin, prompt } = source;
  prompt.write(question);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readPassword(o: UserAddOptions, source: PasswordSource): Promise<string> {
  if (o.passwordStdin) return readAll(source.stdin);
  const fromEnv = source.env.BAOCAO_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!source.stdin.isTTY) throw new UsageError('no password given: pipe it with --password-stdin, set BAOCAO_PASSWORD, or run on a terminal to be asked');
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `, source);
  const again = await promptHidden('Password again: ', source);
  if (first !== again) throw new UsageError('the two passwords differ');
  return first;
}

function roleOf(role: string | undefined): UserRole {
  if (!role || !USER_ROLES.includes(role as UserRole)) throw new UsageError(`--role must be one of ${USER_ROLES.join(', ')}`);
  return role as UserRole;
}

export async function userAddCommand(
  username: string,
  o: UserAddOptions,
  config: Config,
  source: PasswordSource = { stdin: process.stdin, prompt: process.stderr, env: process.env },
): Promise<number> {
  const role = roleOf(o.role);
  if (o.province?.length && !hasProvinces(role)) throw new UsageError('--province is for reviewers and submitters only');
  if (role === 'submitter' && o.province?.length !== 1)
    throw new UsageError('a submitter reports for exactly one province: give one --province (e.g. --province 80)');
  const password = await readPassword(o, source);
  const { handle } = await openDatabaseFromConfig(config);
  try {
    const user = await createUser(handle.db, { username, displayName: o.displayName, password, role, provinces: o.province ?? [] }, CLI_ACTOR);
    const where =
      user.provinces.length > 0 ? ` for provinces ${user.provinces.join(', ')}` : role === 'reviewer' ? ' (no provinces yet: give them with --province)' : '';
    process.stdout.write(`created ${user.role} ${user.username}${where}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserExistsError) throw error;
    if (error instanceof UserInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    await handle.close();
  }
}
