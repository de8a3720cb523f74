import { existsSync } from 'node:fs';
import { ROLE_RANK, type Role } from '../auth/index.ts';
import { hashPassword, newToken, sha256Hex } from '../auth/secrets.ts';
import { createAuthStore } from '../auth/store.ts';
import { INVITE_TTL_MS } from '../auth/users.ts';
import { openDatabase } from '../db/index.ts';
import type { CommandArgs } from './commands.ts';
import { type CliIO, type ExitCode, stdinLines, UsageError } from './io.ts';
import { healthUrl } from './ops.ts';

// The same limits as the dashboard's forms (src/auth/model.ts).
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 256;

/** The first line of stdin: the password, never an argument (shell history, `ps`). */
async function passwordFromStdin(io: CliIO): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write('password (input is shown; end with Enter): ');
  for await (const line of stdinLines(io.stdin)) {
    if (line.length < MIN_PASSWORD || line.length > MAX_PASSWORD) {
      throw new UsageError(`the password must be ${MIN_PASSWORD}–${MAX_PASSWORD} characters`);
    }
    return line;
  }
  throw new UsageError('no password on stdin');
}

function emailFlag(flags: CommandArgs['flags']): string {
  const email = typeof flags.email === 'string' ? flags.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email) || email.length > 254)
    throw new UsageError('--email needs an e-mail address');
  return email;
}

/** Base of printed links: --base-url, PUBLIC_URL, or the configured HOST/PORT. */
function baseUrl(a: CommandArgs): string {
  const flag = typeof a.flags['base-url'] === 'string' ? a.flags['base-url'] : null;
  const configured = (a.config as { publicUrl?: string | null }).publicUrl ?? null;
  return (flag ?? configured ?? healthUrl(a.config).replace(/\/healthz$/, '')).replace(/\/+$/, '');
}

/**
 * `user create --email E --role R [--name N] [--password-stdin]`: with a password from stdin the
 * account exists at once; without, a one-time invitation link (7 days) is printed, and the person
 * picks their name and password there.
 */
async function createUser(a: CommandArgs): Promise<ExitCode> {
  const { flags, io } = a;
  const email = emailFlag(flags);
  const role = flags.role as Role;
  if (!(role in ROLE_RANK)) throw new UsageError('--role must be owner, admin or viewer');
  const password = flags['password-stdin'] ? await passwordFromStdin(io) : null;
  const db = openDatabase(a.config.dbPath);
  try {
    const store = createAuthStore(db);
    if (store.emailTaken(email)) {
      io.stderr.write(`leadlens user: ${email} already has an account\n`);
      return 1;
    }
    // Without an owner nobody could manage the installation, and the setup link is gone.
    if (store.userCount() === 0 && role !== 'owner') {
      io.stderr.write('leadlens user: the first user must be an owner (--role owner)\n');
      return 1;
    }
    const now = Date.now();
    if (password) {
      const name =
        typeof flags.name === 'string' && flags.name.trim()
          ? flags.name.trim()
          : email.split('@')[0];
      const hash = await hashPassword(password);
      const id = store.transaction(() => {
        if (store.emailTaken(email)) throw new UsageError(`${email} already has an account`);
        return store.insertUser({ email, name, role, hash }, now);
      })();
      io.stdout.write(`created user ${id}: ${email} (${role})\n`);
      return 0;
    }
    const token = newToken();
    store.transaction(() => {
      store.dropExpiredInvites(now);
      store.insertInvite(
        sha256Hex(token),
        { email, role, createdBy: null },
        now,
        now + INVITE_TTL_MS,
      );
    })();
    io.stdout.write(
      `invitation for ${email} (${role}), valid once for 7 days:\n  ${baseUrl(a)}/invite?token=${token}\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}

/**
 * `user reset-password --email E`: reads the new password from stdin (first line) and ends all of
 * the user's sessions. (No e-mail or link: the operator on the host is trusted; the dashboard has
 * no reset flow to link to.)
 */
async function resetPassword(a: CommandArgs): Promise<ExitCode> {
  const email = emailFlag(a.flags);
  if (!existsSync(a.config.dbPath)) {
    a.io.stderr.write(`leadlens user: no database at ${a.config.dbPath}\n`);
    return 1;
  }
  const db = openDatabase(a.config.dbPath);
  try {
    const store = createAuthStore(db);
    const found = store.credentials(email);
    if (!found) {
      a.io.stderr.write(`leadlens user: no user ${email}\n`);
      return 1;
    }
    const hash = await hashPassword(await passwordFromStdin(a.io));
    store.transaction(() => {
      store.setPasswordHash(found.user.id, hash);
      store.deleteUserSessions(found.user.id);
    })();
    a.io.stdout.write(`password changed for ${email}; their sessions were ended\n`);
    return 0;
  } finally {
    db.close();
  }
}

/** `user create …` or `user reset-password …`. */
export function userCommand(a: CommandArgs): Promise<ExitCode> {
  const [sub, ...extra] = a.positionals;
  if (extra.length) throw new UsageError('user takes no further arguments');
  if (sub === 'create') return createUser(a);
  if (sub === 'reset-password') return resetPassword(a);
  throw new UsageError('user needs "create" or "reset-password"');
}

/** The command's entry in src/cli/main.ts. */
export const USER_COMMAND = {
  summary: 'create a user (or an invitation link), reset a password',
  usage:
    'user create --email E --role owner|admin|viewer [--name N] [--password-stdin] [--base-url URL]\n       user reset-password --email E   (new password: first line of stdin)',
  options: {
    email: { type: 'string' as const, help: 'the account’s e-mail address' },
    role: { type: 'string' as const, help: 'owner, admin or viewer (create)' },
    name: {
      type: 'string' as const,
      help: 'display name (create; default: the e-mail’s local part)',
    },
    'password-stdin': {
      type: 'boolean' as const,
      help: 'read the password from stdin (create); without it an invitation link is printed',
    },
    'base-url': {
      type: 'string' as const,
      help: 'base of the printed link (default: PUBLIC_URL, else http://HOST:PORT)',
    },
  },
  run: userCommand,
};
