// The baocao command line. Each command lives in cli/commands/; this file wires options,
// configuration and exit codes (0 ok, 1 failure, 2 wrong usage).
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig, UsageError, type Config } from '../app/config.ts';
import { describeFileError } from './file-errors.ts';
import { setLogFormat, type LogFormat } from '../app/log-format.ts';
import { extractCommand } from './commands/extract.ts';
import { ingestCommand } from './commands/ingest.ts';
import { parseCommand } from './commands/parse.ts';
import { valuesCommand } from './commands/values.ts';
import { evalCommand } from './commands/eval.ts';
import { evalCorpusCommand } from './commands/eval-corpus.ts';
import { migrateCommand } from './commands/db.ts';
import { addCommand } from './commands/add.ts';
import { demoCommand } from './commands/demo.ts';
import { nightlyCommand } from './commands/nightly.ts';
import { sourcesApplyCommand, sourcesListCommand } from './commands/sources.ts';
import { statusCommand } from './commands/status.ts';
import { kpiCommand, type KpiOptions } from './commands/kpi.ts';
import { remindCommand } from './commands/remind.ts';
import { runCommand, type RunOptions } from './commands/run.ts';
import { scheduleApplyCommand } from './commands/schedule.ts';
import { workerCommand } from './commands/worker.ts';
import { serveCommand } from './commands/serve.ts';
import { reportCommand, type ReportOptions } from './commands/report.ts';
import { userAddCommand, type UserAddOptions } from './commands/user.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

interface GlobalOptions {
  config?: string;
  databaseUrl?: string;
  dataDir?: string;
  verbose?: boolean;
  logFormat?: LogFormat;
}

function configFrom(program: Command): Config {
  const o = program.opts<GlobalOptions>();
  return loadConfig({ file: o.config, overrides: { databaseUrl: o.databaseUrl, dataDir: o.dataDir } });
}

/** Runs a command body and turns its result or error into the process exit code. */
async function run(program: Command, body: (config: Config, verbose: boolean) => Promise<number>): Promise<void> {
  const o = program.opts<GlobalOptions>();
  setLogFormat(o.logFormat ?? 'auto');
  process.exitCode = await body(configFrom(program), Boolean(o.verbose));
}

export function buildProgram(): Command {
  const program = new Command('baocao')
    .description('Validated indicators from the reports of the provincial Departments of Science and Technology')
    .version(version)
    .option('--config <file>', 'configuration file (default: temporal.yaml in the working folder, if present)')
    .option('--database-url <url>', 'Postgres URL (default: $DATABASE_URL, else embedded PGlite in the data folder)')
    .option('--data-dir <dir>', 'folder for the embedded database and stored files (default: .data)')
    .option('-v, --verbose', 'log what happens to stderr')
    .addOption(
      new Option('--log-format <format>', 'logs on stderr as sentences (text) or JSON lines (json); default: text on a terminal, json otherwise').choices([
        'text',
        'json',
      ]),
    )
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('extract')
    .description('classify one report and extract its indicators (nothing is stored)')
    .argument('<file>', 'a report: PDF (text or scanned), DOCX, or an image (PNG, JPEG, TIFF)')
    .option('--json', 'print the result as JSON (the documented contract)')
    .option('--force', 'extract values even from a document that is not a report in scope (a letter, a notice, a report on another subject)')
    .option('--timeout-ms <ms>', 'time the report may take to read and extract, in ms (default: limits.documentTimeoutMs)')
    .action((file: string, o: { json?: boolean; force?: boolean; timeoutMs?: string }) =>
      run(program, (config, verbose) => extractCommand(file, { ...o, verbose }, config)),
    );

  program
    .command('parse')
    .description('print a document as the pipeline read it: pages, blocks, tables, OCR and its confidence, stamps, warnings (nothing is extracted or stored)')
    .argument('<file>', 'a document: PDF (text or scanned), DOCX, or an image (PNG, JPEG, TIFF)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action((file: string, o: { format: 'text' | 'markdown' | 'json' }) => run(program, (config) => parseCommand(file, o, config)));

  program
    .command('ingest')
    .description('ingest every report in a folder: store, extract, verify (documents already seen are skipped)')
    .argument('<dir>', 'folder of reports')
    .option('--json', 'print the summary as JSON')
    .action((dir: string, o: { json?: boolean }) => run(program, (config, verbose) => ingestCommand(dir, { ...o, verbose }, config)));

  program
    .command('values')
    .description("list stored values (each document's current extraction run)")
    .option('--province <code>', 'two-digit province code, e.g. 80')
    .option('--period <period>', 'period key (2025-H1, 2025-Q3, 2024) or label ("6 tháng đầu năm 2025")')
    .option('--indicator <id>', 'indicator id (NV01) or group (nhiem_vu)')
    .addOption(new Option('--status <status>', 'value status').choices(['auto_accepted', 'flagged', 'approved', 'corrected', 'rejected']))
    .option('--json', 'print as JSON')
    .action((o: Parameters<typeof valuesCommand>[0]) => run(program, (config, verbose) => valuesCommand({ ...o, verbose }, config)));

  program
    .command('eval')
    .description(
      'score extraction against the *.truth.json files of one or more folders (precision, recall, F1 per format; OCR character error rate for scans), or with --corpus against the hand-labelled development corpus, cross-validated',
    )
    .argument('[dirs...]', 'folders with reports and their truth files (e.g. fixtures/reports fixtures/scans/reports)')
    .option('--corpus [dir]', 'the development corpus (default fixtures/corpus): rendered as docx, pdf and scan, the scorer cross-validated by report')
    .option('--formats <list>', 'with --corpus: the formats to read (docx,pdf,scan)')
    .option('--report <id...>', 'with --corpus: only these reports')
    .option('--write-model', 'with --corpus: fit the shipped scorer (extractors/mentions/scorer-model.json) on the whole corpus')
    .option('--hold-out <fold>', 'with --corpus: do not list the misses and wrong values of this fold (kept unseen while rules are written)')
    .option('--json', 'print the scores as JSON')
    .option('--tokens', 'also print, per report, the model input tokens with routing and with the whole text (estimated; nothing is sent)')
    .option('--timeout-ms <ms>', 'time each report may take to read and extract, in ms (default: limits.documentTimeoutMs)')
    .action(
      (
        dirs: string[],
        o: {
          json?: boolean;
          tokens?: boolean;
          timeoutMs?: string;
          corpus?: string | boolean;
          formats?: string;
          report?: string[];
          writeModel?: boolean;
          holdOut?: string;
        },
      ) =>
        run(program, (config, verbose) => {
          if (o.corpus !== undefined) {
            if (dirs.length > 0) throw new UsageError('give either folders of truth files or --corpus, not both');
            const holdOut = o.holdOut === undefined ? undefined : Number(o.holdOut);
            if (holdOut !== undefined && !(Number.isInteger(holdOut) && holdOut >= 1))
              throw new UsageError(`--hold-out: expected a fold number, got "${o.holdOut}"`);
            const { holdOut: _, ...rest } = o;
            return evalCorpusCommand(
              typeof o.corpus === 'string' ? o.corpus : undefined,
              { ...rest, ...(o.report ? { only: o.report } : {}), ...(holdOut !== undefined ? { holdOut } : {}), verbose },
              config,
            );
          }
          if (dirs.length === 0) throw new UsageError('give one or more folders with *.truth.json files, or --corpus');
          return evalCommand(dirs, o, config);
        }),
    );

  program
    .command('demo')
    .description('start the provincial portal simulator and run the nightly ingestion against it (the quick-start command)')
    .option('--port <port>', 'port for the simulator on 127.0.0.1', '47800')
    .option('--json', 'print the summary as JSON')
    .action((o: { port?: string; json?: boolean }) => run(program, (config, verbose) => demoCommand({ ...o, verbose }, config)));

  program
    .command('nightly')
    .description('the nightly ingestion, in process: list every enabled source, fetch what is new, process it')
    .option('--source <name...>', 'only these sources')
    .option('--json', 'print the summary as JSON')
    .action((o: { source?: string[]; json?: boolean }) => run(program, (config, verbose) => nightlyCommand({ ...o, verbose }, config)));

  program
    .command('add')
    .description('add a report that arrived by hand, and process it')
    .argument('<file>', 'a report: PDF (text or scanned), DOCX, or an image (PNG, JPEG, TIFF)')
    .option('--province <code>', 'the province it came from (used when the report names none)')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { province?: string; json?: boolean }) => run(program, (config, verbose) => addCommand(file, { ...o, verbose }, config)));

  program
    .command('status')
    .description('which provinces have reported for a period, which are late and by how many days')
    .requiredOption('--period <key>', 'period key: 2025-H1, 2025-H2, 2025-Q3, 2025-M05, 2024-9M, 2024')
    .option('--as-of <date>', 'count late days as of this date (YYYY-MM-DD; default today in Vietnam)')
    .option('--json', 'print as JSON')
    .action((o: { period: string; asOf?: string; json?: boolean }) => run(program, (config) => statusCommand(o, config)));

  program
    .command('kpi')
    .description(
      'reporting KPIs of every province over the last periods of one kind, with the national totals: on-time rate, days late, completeness, values flagged and corrected, time to the last decision',
    )
    .requiredOption('--period <key>', 'the last period: 2025-H1, 2025-Q3, 2025-M05, 2024-9M, 2024')
    .option('--periods <n>', 'how many periods, the last one included (default 4, at most 12)')
    .option('--as-of <date>', 'count deadlines as of this date (YYYY-MM-DD; default today in Vietnam)')
    .option('--json', 'print as JSON')
    .option('--out <file>', 'write the KPIs to this workbook (.xlsx)')
    .action((o: KpiOptions) => run(program, (config) => kpiCommand(o, config)));

  program
    .command('remind')
    .description('remind the provinces whose report for a period is not in (log, webhook, e-mail); once a day, failed e-mails tried again')
    .requiredOption('--period <key>', 'period key: 2025-H1, 2025-H2, 2025-Q3, 2025-M05, 2024-9M, 2024')
    .option('--as-of <date>', 'the day of the reminders (YYYY-MM-DD; default today in Vietnam)')
    .option('--json', 'print as JSON')
    .action((o: { period: string; asOf?: string; json?: boolean }) => run(program, (config, verbose) => remindCommand(o, config, verbose)));

  program
    .command('worker')
    .description('run a Temporal worker on the configured task queue (needs TEMPORAL_ADDRESS or temporal.address)')
    .action(() => run(program, (config) => workerCommand(config)));

  program
    .command('run')
    .description('start a workflow on Temporal, or run the same core in process (--local, the default without an address)')
    .argument('<what>', 'nightly | source | report | rerun')
    .argument('[name-or-file]', 'the source name (source) or the report file (report)')
    .option('--local', 'run in this process instead of on the Temporal cluster')
    .option('--wait', 'wait for the workflow to finish and print its result')
    .option('--province <code>', 'rerun: documents of this province; report: the province it came from')
    .option('--period <key>', 'rerun: documents of this period (2025-H1)')
    .option('--group <group>', 'rerun: documents with values of this indicator group')
    .option('--document <id...>', 'rerun: these document ids')
    .option('--force', 'rerun: extract the --document ids even when they are not reports in scope (letters, notices, reports on other subjects)')
    .option('--json', 'print the result as JSON')
    .action((what: string, arg: string | undefined, o: RunOptions) => run(program, (config, verbose) => runCommand(what, arg, { ...o, verbose }, config)));

  const schedule = program.command('schedule').description('the nightly Temporal Schedule');
  schedule
    .command('apply')
    .description('create or update the nightly Schedule from temporal.yaml (idempotent)')
    .option('--dry-run', 'print the schedule that would be applied; connect to nothing')
    .option('--json', 'print as JSON')
    .action((o: { dryRun?: boolean; json?: boolean }) => run(program, (config) => scheduleApplyCommand(o, config)));

  const sources = program.command('sources').description('the provincial sources (portals, folders)');
  sources
    .command('list')
    .description('list the sources with when they were last checked and the last error')
    .option('--json', 'print as JSON')
    .action((o: { json?: boolean }) => run(program, (config) => sourcesListCommand(o, config)));
  sources
    .command('apply')
    .description('create or update sources from a YAML file (by name)')
    .argument('<file>', 'sources file (see README)')
    .option('--json', 'print the applied names as JSON')
    .action((file: string, o: { json?: boolean }) => run(program, (config) => sourcesApplyCommand(file, o, config)));

  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply the SQL migrations and seed the catalogue (also done on every start)')
    .option('--json', 'print the result as JSON')
    .action((o: { json?: boolean }) => run(program, (config) => migrateCommand(o, config)));

  program
    .command('report')
    .description('an indicator rolled up over provinces for a period (flows and stocks summed, ratios and scores never), with completeness')
    .requiredOption('--indicator <id>', 'indicator id, e.g. NV02')
    .requiredOption('--period <period>', 'period key or phrase: 2025, 2025-H1, 2025-Q3, 2025-M05, 2024-9M, 2021-2025, "quý III/2025"')
    .option('--json', 'print the roll-up as JSON')
    .addOption(new Option('--format <format>', 'export instead of printing').choices(['csv', 'xlsx']))
    .option('--out <file>', 'write the export to this file (.csv or .xlsx; the extension picks the format unless --format is given)')
    .action((o: ReportOptions) => run(program, (config) => reportCommand(o, config)));

  program
    .command('serve')
    .description('run the review application (web server) over the configured database')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .action((o: { host?: string; port?: string }) => run(program, (config, verbose) => serveCommand({ ...o, verbose }, config)));

  const user = program.command('user').description('accounts of the review application');
  user
    .command('add')
    .description('create an account; the password comes from --password-stdin, BAOCAO_PASSWORD, or a prompt that does not echo')
    .argument('<username>', 'login name: a-z, digits, ".", "_", "-"')
    .addOption(new Option('--role <role>', 'what the account may do').choices(['reviewer', 'analyst', 'admin', 'submitter']).makeOptionMandatory())
    .option('--province <code...>', 'reviewer: the provinces they decide (e.g. 79 80); submitter: the one province they report for')
    .option('--display-name <name>', 'the name shown in the application')
    .option('--password-stdin', 'read the password from standard input')
    .action((username: string, o: UserAddOptions) => run(program, (config) => userAddCommand(username, o, config)));

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const overrideExit = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(overrideExit);
  };
  overrideExit(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 2.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const file = describeFileError(error);
    process.stderr.write(`baocao: ${file ?? (error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}

await main(process.argv);
