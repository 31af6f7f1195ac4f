// Turns the server bench's measurements into the printed table, the target checks of
// the performance reference (ratios against bare Node measured in the same run, and the absolute figures)
// and one JSON line for machines.

/** The measured systems, in column order: key in the results and column heading. */
export const SYSTEMS = [
  ['bare', 'bare Node http'],
  ['klikkflowSaving', 'KlikkFlow, saving'],
  ['klikkflowNoSaving', 'KlikkFlow, no saving'],
];

/** A load generator busier than this (in cores) was probably the limit, not the system under test. */
const LOAD_SATURATED_CORES = 0.9;

/** A whole number with thousands separators. */
export function integer(value) {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with two decimals below 10, one above; n/a when there is no figure. */
export function ms(value) {
  if (value === null || value === undefined) return 'n/a';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function fixed(digits) {
  return (value) => value.toFixed(digits);
}

/** Time per heavy execution: the mean latency at 1 connection (one execution in flight at a time). */
function heavyMsPerExec(system) {
  return system.heavy.c1.meanMs;
}

function loads(system) {
  return [system.simple.c50, system.simple.c1, system.heavy.c50, system.heavy.c1];
}

/** Table rows: heading and how to show the figure of one system (given bare Node's for ratios). */
const ROWS = [
  ['simple req/s (50 conns)', (s) => integer(s.simple.c50.rps)],
  ['simple req/s ÷ bare Node', (s, bare) => (s.simple.c50.rps / bare.simple.c50.rps).toFixed(2)],
  ['simple p50 / p99 ms (50 conns)', (s) => `${ms(s.simple.c50.p50Ms)} / ${ms(s.simple.c50.p99Ms)}`],
  ['simple p50 ms (1 conn)', (s) => ms(s.simple.c1.p50Ms)],
  ['simple server CPU µs/request (50 conns)', (s) => integer(s.simple.c50.sutCpuUsPerRequest)],
  ['heavy req/s (50 conns)', (s) => integer(s.heavy.c50.rps)],
  ['heavy p50 / p99 ms (50 conns)', (s) => `${ms(s.heavy.c50.p50Ms)} / ${ms(s.heavy.c50.p99Ms)}`],
  ['heavy p50 ms (1 conn)', (s) => ms(s.heavy.c1.p50Ms)],
  ['heavy ms/exec (mean latency, 1 conn)', (s) => ms(heavyMsPerExec(s))],
  ['heavy ms/exec ÷ bare Node', (s, bare) => (heavyMsPerExec(s) / heavyMsPerExec(bare)).toFixed(1)],
  ['RSS idle MB', (s) => s.rssIdleMb.toFixed(0)],
  ['RSS peak MB', (s) => s.rssPeakMb.toFixed(0)],
  ['cold start to /healthz s', (s) => s.coldStart.healthzS.toFixed(2)],
  ['cold start to first good reply s', (s) => s.coldStart.firstReplyS.toFixed(2)],
  [
    'failed requests (non-2xx + errors)',
    (s) => String(loads(s).reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0)),
  ],
  [
    'load generator CPU, busiest run (cores)',
    (s) => Math.max(...loads(s).map((r) => r.loadCpuCores)).toFixed(2),
  ],
  [
    'foreign CPU on its core, worst run (cores)',
    (s) => {
      const foreign = loads(s).map((r) => r.foreignCpuOnSutCore);
      return foreign.includes(null) ? 'n/a' : Math.max(...foreign).toFixed(2);
    },
  ],
];

/** The targets: what is compared, how, and the limit (ratios are against bare Node in the same run). */
const TARGETS = [
  [
    'simple req/s ÷ bare Node',
    '>=',
    { klikkflowSaving: 0.15, klikkflowNoSaving: 0.3 },
    fixed(2),
    (s, b) => s.simple.c50.rps / b.simple.c50.rps,
  ],
  [
    'simple req/s',
    '>=',
    { klikkflowSaving: 5000, klikkflowNoSaving: 12_000 },
    integer,
    (s) => s.simple.c50.rps,
  ],
  ['simple p50 ms (1 conn)', '<=', 0.5, ms, (s) => s.simple.c1.p50Ms],
  ['heavy ms/exec ÷ bare Node', '<=', 5, fixed(1), (s, b) => heavyMsPerExec(s) / heavyMsPerExec(b)],
  ['heavy ms/exec', '<=', 10, ms, (s) => heavyMsPerExec(s)],
  ['RSS idle MB', '<=', 100, fixed(0), (s) => s.rssIdleMb],
  ['RSS peak MB', '<=', 250, fixed(0), (s) => s.rssPeakMb],
  ['cold start to first good reply s', '<=', 1, fixed(2), (s) => s.coldStart.firstReplyS],
];

/** Checks every target for both KlikkFlow runs. */
export function checkTargets(results) {
  const checks = [];
  for (const [key, heading] of SYSTEMS.slice(1)) {
    for (const [figure, op, limits, format, measure] of TARGETS) {
      const limit = typeof limits === 'number' ? limits : limits[key];
      const value = measure(results[key], results.bare);
      // No figure (nothing answered in time) never meets a target.
      const met = Number.isFinite(value) && (op === '>=' ? value >= limit : value <= limit);
      checks.push({ system: key, heading, figure, value, op, limit, met, format });
    }
  }
  return checks;
}

/** A table's lines: each column as wide as its widest cell, the first left-aligned, the others right-aligned. */
export function tableLines(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((cells) =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[index])))
      .join('  '),
  );
}

/** The printed report: settings, the figures table, the target checks, then one JSON line. */
export function formatReport({ results, settings }) {
  const bare = results.bare;
  const rows = [['figure', ...SYSTEMS.map(([, heading]) => heading)]];
  for (const [heading, show] of ROWS)
    rows.push([heading, ...SYSTEMS.map(([key]) => show(results[key], bare))]);
  const lines = [
    `server bench: ${settings.durationS} s per measurement in ${settings.rounds} interleaved round(s), autocannon 8 in its own process; ${settings.pinning}; Node ${process.version}`,
    ...tableLines(rows),
  ];
  const busiestBareLoad = Math.max(...loads(bare).map((r) => r.loadCpuCores));
  if (busiestBareLoad >= LOAD_SATURATED_CORES) {
    lines.push(
      `note: the load generator used ${busiestBareLoad.toFixed(2)} cores against bare Node, so bare Node's figures ` +
        'may be the load generator’s limit (ratios against it then flatter KlikkFlow)',
    );
  }
  const checks = checkTargets(results);
  lines.push('targets (the performance reference):');
  const targetRows = checks.map((c) => [
    c.met ? 'met' : 'NOT met',
    c.heading,
    c.figure,
    `${c.format(c.value)} ${c.op === '>=' ? '≥' : '≤'} ${c.format(c.limit)}`,
  ]);
  const targetWidths = [0, 1, 2].map((column) => Math.max(...targetRows.map((row) => row[column].length)));
  for (const row of targetRows) {
    lines.push(
      `  ${row.map((cell, index) => (index < 3 ? cell.padEnd(targetWidths[index]) : cell)).join('  ')}`,
    );
  }
  const machine = {
    bench: 'server',
    ...settings,
    node: process.version,
    heavyMsPerExec: 'mean latency at 1 connection',
    systems: results,
    targets: checks.map(({ format: _format, ...check }) => check),
  };
  lines.push(JSON.stringify(machine));
  return lines;
}
