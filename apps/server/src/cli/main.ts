import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../platform/config/config.ts';
import { SecretMismatchError } from '../platform/crypto/secret-fingerprint.ts';
import { FOYER_VERSION } from '../platform/system/version.ts';
import { runAdminCommand, runKeysCommand } from './admin-command.ts';
import { runApplyCommand, runDestroyCommand, runExportCommand } from './event-file-commands.ts';
import { runJobsCommand } from './jobs-command.ts';
import { runMigrateCommand } from './migrate-command.ts';
import { runSeedCommand } from './seed-command.ts';

const HELP = `foyer ${FOYER_VERSION} — the self-hostable platform for running events

Usage: foyer <command> [options]

Commands:
  serve [--role api|worker|all]   Run the server (default role: all).
                                  api: HTTP only; worker: jobs, schedules and the
                                  outbox dispatcher (answers /healthz, /readyz only).
  worker                          Same as: serve --role worker
  migrate                         Apply pending database migrations and exit.
  seed --demo                     Load the demo data set.
  export EVENT                    Write an event with its programme as YAML to
                                  stdout (EVENT: an event id or orgSlug/eventSlug).
  apply -f FILE [--org SLUG]      Create or update the event of an event file
                                  (idempotent; -f - reads stdin). See
                                  docs/event-as-code.md.
  destroy EVENT --yes             Delete an event, its sessions, people, links,
                                  and the locations and tags no other event uses.
  jobs [--failed] [--queue NAME]  Show job counts by queue, or the failed jobs.
  admin create --email EMAIL [--name NAME] [--password PASSWORD]
                                  Create (or promote) a platform admin; prints a
                                  generated password once when none is given.
  keys [list|rotate]              List the access-token signing keys, or rotate:
                                  a new key signs, the old one stays published
                                  until its tokens expire.
  doctor                          Check configuration and connectivity (database,
                                  migrations, FOYER_SECRET, Redis, SMTP, S3) and
                                  say in words what is wrong; exit 1 if anything is.

Options:
  -h, --help                      Show this help.
  -v, --version                   Print the version.

Configuration comes from environment variables; see the README.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      role: { type: 'string' },
      demo: { type: 'boolean' },
      failed: { type: 'boolean' },
      queue: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      file: { type: 'string', short: 'f' },
      org: { type: 'string' },
      yes: { type: 'boolean' },
    },
  });
  const command = positionals[0];
  if (values.version) {
    console.log(FOYER_VERSION);
    return 0;
  }
  if (values.help || !command || command === 'help') {
    console.log(HELP);
    return command || values.help ? 0 : 1;
  }

  const config = loadConfigOrExit();
  switch (command) {
    case 'serve': {
      const role = values.role ?? process.env.FOYER_ROLE ?? 'all';
      if (role !== 'api' && role !== 'worker' && role !== 'all') {
        console.error(`--role must be api, worker or all (got ${JSON.stringify(role)})`);
        return 2;
      }
      const { runServer } = await import('../server.ts');
      await runServer(config, role);
      return -1; // keep running until a signal
    }
    case 'worker': {
      const { runServer } = await import('../server.ts');
      await runServer(config, 'worker');
      return -1;
    }
    case 'migrate':
      return runMigrateCommand(config);
    case 'seed':
      if (!values.demo) {
        console.error('seed needs --demo (the only data set so far)');
        return 2;
      }
      return runSeedCommand(config);
    case 'admin':
      return runAdminCommand(config, positionals[1], {
        email: values.email,
        name: values.name,
        password: values.password,
      });
    case 'export':
      return runExportCommand(config, positionals[1]);
    case 'apply':
      return runApplyCommand(config, { file: values.file, org: values.org });
    case 'destroy':
      return runDestroyCommand(config, positionals[1], values.yes ?? false);
    case 'keys':
      return runKeysCommand(config, positionals[1]);
    case 'doctor': {
      const { runDoctorCommand } = await import('./doctor-command.ts');
      return runDoctorCommand(config);
    }
    case 'jobs':
      return runJobsCommand(config, { failed: values.failed ?? false, queue: values.queue ?? null });
    default:
      console.error(`Unknown command ${JSON.stringify(command)}.\n\n${HELP}`);
      return 2;
  }
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err && typeof err === 'object' && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as unknown as Error).message}\n\n${HELP}`);
      process.exit(2);
    }
    if (err instanceof SecretMismatchError) {
      console.error(err.message);
      process.exit(err.exitCode);
    }
    console.error(err);
    process.exit(1);
  },
);
