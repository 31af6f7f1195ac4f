// Turns the scale bench's measurements into the printed table (1 worker, 2 workers), the ratio against the
// performance reference's target (2 workers ≥ 1.7 × 1 worker), notes on why it falls short (the machine's
// CPU ceiling, too few answers, other processes) and one JSON line for machines.
import { integer, ms, tableLines } from './server-report.mjs';

/** The reference's target: 2 workers give at least this many times the throughput of 1. */
const SCALING_TARGET = 1.7;

/** Fewer answers than this in a run make the ratio noise. */
const MIN_ANSWERS = 200;

/** Other processes using more cores than this disturb the figures. */
const DISTURBED_CORES = 0.25;

/** The compared runs, in column order: key in the results and column heading. */
const RUNS = [
  ['workers1', '1 worker'],
  ['workers2', '2 workers'],
];

function cores(value) {
  return value.toFixed(2);
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

/** Cores the run itself used: KlikkFlow's processes, the load generator, PostgreSQL and Redis. */
function runCores(run) {
  return sum([
    run.webhookCores,
    run.mainCores,
    ...run.workerCores,
    run.loadCpuCores,
    run.postgresCores ?? 0,
    run.redisCores ?? 0,
  ]);
}

/** Busy cores not spent by the run itself. */
function restCores(run) {
  return Math.max(0, run.machineBusyCores - runCores(run));
}

function serviceCores(value) {
  return value === null ? 'n/a' : cores(value);
}

function notSuccessful(run) {
  const counts = Object.entries(run.executionStatuses);
  const total = sum(counts.map(([, count]) => count));
  const failed = sum(counts.filter(([status]) => status !== 'success').map(([, count]) => count));
  return `${integer(failed)} of ${integer(total)}`;
}

/** Table rows: heading and how to show one run's figure (`settings` for the core count). */
const ROWS = [
  ['simple req/s (50 conns)', (r) => integer(r.rps)],
  ['simple p50 / p99 ms (50 conns)', (r) => `${ms(r.p50Ms)} / ${ms(r.p99Ms)}`],
  ['non-2xx / errors / timeouts', (r) => `${r.non2xx} / ${r.errors} / ${r.timeouts}`],
  ['wrong answers / answers checked', (r) => `${integer(r.wrongAnswers)} / ${integer(r.answersChecked)}`],
  ['executions run, per worker', (r) => r.executionsPerWorker.map(integer).join(' + ')],
  ['stored executions not successful (whole run)', notSuccessful],
  ['CPU cores: webhook process', (r) => cores(r.webhookCores)],
  ['CPU cores: workers', (r) => r.workerCores.map(cores).join(' + ')],
  ['CPU cores: main', (r) => cores(r.mainCores)],
  ['CPU cores: load generator', (r) => cores(r.loadCpuCores)],
  ['CPU cores: PostgreSQL (all its clients)', (r) => serviceCores(r.postgresCores)],
  ['CPU cores: Redis (all its clients)', (r) => serviceCores(r.redisCores)],
  ['CPU cores: kernel and other processes', (r) => cores(restCores(r))],
  ['CPU cores: machine busy', (r, settings) => `${cores(r.machineBusyCores)} of ${settings.cores}`],
];

/** Why the ratio is below the target: the CPU ceiling of this machine, or not (nothing when it is met). */
function shortfallNotes(results, settings, ratio) {
  const one = results.workers1;
  if (!(ratio < SCALING_TARGET) || !(one.rps > 0)) return [];
  // Every request costs the cluster this much CPU, so all the machine's cores serve at most `cap` × 1 worker.
  const used = runCores(one);
  const cap = settings.cores / used;
  const cost = `${cores(used)} cores with 1 worker (${ms((used * 1000) / one.rps)} ms of CPU per request)`;
  if (cap < SCALING_TARGET) {
    return [
      `note: 2 workers cannot reach ${SCALING_TARGET} × 1 worker here: this machine has only ${settings.cores} ` +
        'cores, shared by the webhook process, the main, the workers, PostgreSQL, Redis and the load generator, ' +
        `which used ${cost}, so no number of workers can pass about ${cap.toFixed(2)} × (${integer(cap * one.rps)} req/s)`,
    ];
  }
  return [
    `note: below ${SCALING_TARGET} × although ${settings.cores} cores allow about ${cap.toFixed(2)} ×: the ` +
      `cluster, PostgreSQL, Redis and the load generator used ${cost}, so the limit is elsewhere`,
  ];
}

/** A note when a run got too few answers for its ratio to mean anything. */
function fewAnswersNotes(results) {
  const fewest = Math.min(...RUNS.map(([key]) => results[key].requests));
  if (fewest >= MIN_ANSWERS) return [];
  return [
    `note: a run got only ${integer(fewest)} answers, too few for a meaningful ratio: measure longer ` +
      '(--duration) on a quieter machine',
  ];
}

/** A note when other processes took enough CPU to disturb the figures (a shared machine). */
function disturbedNotes(results) {
  const worst = Math.max(...RUNS.map(([key]) => restCores(results[key])));
  if (worst < DISTURBED_CORES) return [];
  return [
    `note: the kernel and other processes took up to ${cores(worst)} cores during a run: the figures are ` +
      'disturbed; measure again on a quiet machine',
  ];
}

/** The printed report: settings, the figures table, the ratio against the target, then one JSON line. */
export function formatScaleReport({ results, settings }) {
  const rows = [['figure', ...RUNS.map(([, heading]) => heading)]];
  for (const [heading, show] of ROWS)
    rows.push([heading, ...RUNS.map(([key]) => show(results[key], settings))]);
  const ratio = results.workers2.rps / results.workers1.rps;
  const met = Number.isFinite(ratio) && ratio >= SCALING_TARGET;
  const machine = {
    bench: 'scale',
    ...settings,
    node: process.version,
    runs: results,
    ratio,
    target: { figure: '2 workers ÷ 1 worker req/s', op: '>=', limit: SCALING_TARGET, met },
  };
  return [
    `scale bench: the simple scenario at ${settings.connections} connections to one webhook process, ` +
      `${settings.durationS} s per measurement (warm-up ${settings.warmupS} s), autocannon 8 in its own process; ` +
      `one main, 1 then 2 workers (concurrency ${settings.concurrency} each), executions saved; Node ${process.version}`,
    `services: PostgreSQL ${settings.database} (a fresh schema per cluster, dropped after), ` +
      `Redis ${settings.redis} (a fresh key prefix per cluster, its keys deleted after)`,
    `machine: ${settings.cores} cores; pinning: ${settings.pinning}`,
    ...tableLines(rows),
    `2 workers ÷ 1 worker (req/s): ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} ` +
      `(target ≥ ${SCALING_TARGET}: ${met ? 'met' : 'NOT met'})`,
    ...shortfallNotes(results, settings, ratio),
    ...fewAnswersNotes(results),
    ...disturbedNotes(results),
    JSON.stringify(machine),
  ];
}
