import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, SETTINGS } from '../config/index.ts';
import { ImportError } from '../sources/index.ts';
import { FORMATS } from '../sources/registry.ts';
import { BACKUP_COMMAND } from './backup.ts';
import {
  type CommandArgs,
  classifyCommand,
  importCommand,
  lookupCommand,
  serveCommand,
  sourcesCommand,
} from './commands.ts';
import { type CliIO, type ExitCode, UsageError } from './io.ts';
import { HEALTHCHECK_COMMAND, VERSION_COMMAND } from './ops.ts';
import { RESTORE_COMMAND } from './restore.ts';
import { sitesCommand, visitsCommand } from './sites-visits.ts';
import { USER_COMMAND } from './user.ts';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; help: string }>;
  run: (a: CommandArgs) => ExitCode | Promise<ExitCode>;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'run the server (default command)',
    usage: 'serve [options]',
    options: {},
    run: serveCommand,
  },
  import: {
    summary: "import a data source (replaces that source's previous rows)",
    usage: `import <format> <file>… [--priority N] [--name NAME] [--quiet]\n       import --default\n\nformats:\n${Object.entries(
      FORMATS,
    )
      .map(([k, f]) => `  ${k.padEnd(16)}${f.help}`)
      .join('\n')}`,
    options: {
      default: { type: 'boolean', help: 'import the bundled @ip-location-db/asn dataset' },
      priority: {
        type: 'string',
        help: 'source priority 0–1000 (higher wins between equal ranges)',
      },
      name: {
        type: 'string',
        help: 'source name (default: per format); re-importing a name replaces it',
      },
      quiet: { type: 'boolean', help: 'no progress output' },
    },
    run: importCommand,
  },
  sources: {
    summary: 'list loaded data sources: counts, dates, licences',
    usage: 'sources [--json]',
    options: { json: { type: 'boolean', help: 'one JSON object per source' } },
    run: sourcesCommand,
  },
  lookup: {
    summary: 'explain what an address resolves to',
    usage: 'lookup [--json] <ip>…   (no addresses: read them from stdin, one per line)',
    options: { json: { type: 'boolean', help: 'one JSON object per input' } },
    run: lookupCommand,
  },
  classify: {
    summary: 'classify networks from a CSV with asn and org columns',
    usage: 'classify [--json] <file.csv | ->',
    options: { json: { type: 'boolean', help: 'one JSON object per row' } },
    run: classifyCommand,
  },
  sites: {
    summary: 'add a site, or list sites and whether their snippet reports',
    usage:
      'sites add --name NAME --domain HOST [--domain HOST…] [--no-gpc] [--dnt] [--retention DAYS]\n       sites list [--json]',
    options: {
      name: { type: 'string', help: 'site name (add)' },
      domain: {
        type: 'string',
        multiple: true,
        help: 'host the pages are served from; sub-domains match too (add; repeatable)',
      },
      'no-gpc': { type: 'boolean', help: 'ignore Global Privacy Control (add; default: honour)' },
      dnt: { type: 'boolean', help: 'honour Do Not Track (add; default: ignore)' },
      retention: { type: 'string', help: 'days to keep visits, 1–3650 (add; default 395)' },
      json: { type: 'boolean', help: 'one JSON object per site (list)' },
    },
    run: sitesCommand,
  },
  visits: {
    summary: 'recent visits of companies, newest first, with their pages',
    usage: 'visits [--json] [--site KEY] [--since ISO-8601] [--limit N]',
    options: {
      json: { type: 'boolean', help: 'one JSON object per visit, with a pages array' },
      site: { type: 'string', help: 'only this site (its key)' },
      since: { type: 'string', help: 'visits started at or after this time (UTC if no offset)' },
      limit: { type: 'string', help: 'at most N visits, 1–10000 (default 50)' },
    },
    run: visitsCommand,
  },
  backup: BACKUP_COMMAND,
  restore: RESTORE_COMMAND,
  user: USER_COMMAND,
  healthcheck: HEALTHCHECK_COMMAND,
  version: VERSION_COMMAND,
};

const configOptions = Object.fromEntries(
  SETTINGS.map((s) => [s.flag.slice(2), { type: 'string' as const }]),
);

function usage(): string {
  const cmds = Object.entries(COMMANDS)
    .map(([k, c]) => `  ${k.padEnd(13)}${c.summary}`)
    .join('\n');
  const opts = SETTINGS.map(
    (s) => `  ${`${s.flag} <v>`.padEnd(26)}${s.env.padEnd(17)}${s.help}`,
  ).join('\n');
  return `usage: leadlens <command> [options]\n\ncommands:\n${cmds}\n\nsettings (flag, environment variable):\n${opts}\n  --help\n\nleadlens <command> --help shows a command's options.\n`;
}

function commandHelp(c: Command): string {
  const opts = Object.entries(c.options)
    .map(([k, o]) => `  --${k.padEnd(14)}${o.help}`)
    .join('\n');
  return `usage: leadlens ${c.usage}\n\n${c.summary}\n${opts ? `\noptions:\n${opts}\n` : ''}\nAll commands also take the settings listed by \`leadlens --help\`.\n`;
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 bad input (import line, lookup address),
 * 2 usage or configuration error.
 */
export async function runCli(argv: string[], io: CliIO): Promise<ExitCode> {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage());
    return 0;
  }
  const name = first && !first.startsWith('-') ? first : 'serve';
  const rest = first && !first.startsWith('-') ? argv.slice(1) : argv;
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr.write(`leadlens: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...configOptions, ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(commandHelp(cmd));
      return 0;
    }
    const flags: Record<string, string | undefined> = {};
    const byName = values as Record<string, unknown>;
    for (const s of SETTINGS) flags[s.flag] = byName[s.flag.slice(2)] as string | undefined;
    const config = loadConfig(flags, io.env);
    return await cmd.run({ config, positionals, flags: values as CommandArgs['flags'], io });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`leadlens: configuration error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`leadlens ${name}: ${(e as Error).message}\n\n${commandHelp(cmd)}`);
      return 2;
    }
    if (e instanceof ImportError) {
      io.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
