// KlikkFlow's HTTP server against bare Node `http`, side by side in one run, with the peers' methodology
// (../shared/reference/performance.md): each system in its own process pinned to one CPU, the load generator
// (autocannon, in its own process) on the other; 50 connections for throughput, 1 for latency; RSS idle and
// peak; cold start to the first good reply. KlikkFlow runs twice: saving executions and not. The three
// systems run side by side and take turns under load, so a change in the host's speed hits all of them.
// Run it with `npm run bench -- server [--duration S] [--quick] [--cpu-prof DIR]` (the script builds first).
import { closeSync, cpSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkAnswer,
  checkBothAnswers,
  klikkflowCommand,
  prepareKlikkflowDataDir,
} from './klikkflow-system.mjs';
import { formatReport } from './server-report.mjs';
import {
  cpuBusySeconds,
  freePort,
  planPinning,
  removeOnExit,
  runLoadGenerator,
  send,
  spawnSystem,
  startRssSampler,
  stopProcess,
  treeCpuSeconds,
  treeHighWaterMb,
  treeRssMb,
  waitForQuiet,
  waitUntil,
  withLogTail,
} from './sut-process.mjs';
import { HEAVY_PATH, heavyBody, SIMPLE_PATH, simpleAnswer, simpleBody } from './webhook-scenarios.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const THROUGHPUT_CONNECTIONS = 50;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One measured load run, with the CPU the system under test spent on it and, when pinned, the busy time of
 * its CPU that was not its own (other processes, the kernel's loopback work): high values mean a noisy run.
 */
async function measureLoad(plan, child, options) {
  const cpuBefore = treeCpuSeconds(child.pid);
  const busyBefore = plan.pinned ? cpuBusySeconds(plan.sutCpu) : 0;
  const result = await runLoadGenerator(plan, options);
  const cpuSeconds = treeCpuSeconds(child.pid) - cpuBefore;
  const foreign = plan.pinned
    ? (cpuBusySeconds(plan.sutCpu) - busyBefore - cpuSeconds) / result.elapsedS
    : null;
  return {
    ...result,
    sutCpuCores: cpuSeconds / result.elapsedS,
    sutCpuUsPerRequest: result.requests > 0 ? (cpuSeconds * 1e6) / result.requests : null,
    foreignCpuOnSutCore: foreign === null ? null : Math.max(0, foreign),
  };
}

/**
 * Starts one system, times its cold start (spawn → /healthz 200 → first correct simple answer), reads its
 * idle RSS and checks both answers; it keeps running, its RSS sampled, until {@link stopSystem}.
 */
async function launchSystem(system, { plan, timing, logFile }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { args, env, cwd = root } = system.command(port);
  const logFd = openSync(logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawnSystem(plan, args, { cwd, env, logFd });
  const launched = { system, child, base, logFd, logFile, sampler: undefined };
  try {
    const what = system.label;
    await waitUntil(child, async () => (await send(`${base}/healthz`)).status === 200, { what });
    const healthzS = (performance.now() - spawnedAt) / 1000;
    await waitUntil(child, () => checkAnswer(base, SIMPLE_PATH, simpleBody, simpleAnswer).then(() => true), {
      what,
    });
    const firstReplyS = (performance.now() - spawnedAt) / 1000;
    process.stderr.write(`${what}: started in ${firstReplyS.toFixed(2)} s\n`);
    await sleep(timing.idleS * 1000);
    launched.rssIdleMb = treeRssMb(child.pid);
    launched.coldStart = { healthzS, firstReplyS };
    await checkBothAnswers(base);
    launched.sampler = startRssSampler(child.pid);
    return launched;
  } catch (error) {
    await stopSystem(launched);
    throw withLogTail(error, system.label, logFile);
  }
}

/** Stops a launched system; returns its peak RSS while it ran. */
async function stopSystem(launched) {
  const rssPeakMb = Math.max(launched.sampler?.stop() ?? 0, treeHighWaterMb(launched.child.pid));
  await stopProcess(launched.child);
  closeSync(launched.logFd);
  return rssPeakMb;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * One system's runs of a load, as one measurement: requests, errors and CPU summed, req/s and CPU per
 * request over the whole time, mean latency weighted by requests, p50 and p99 the median of the runs'.
 */
function mergeRuns(runs) {
  const sum = (pick) => runs.reduce((total, run) => total + (pick(run) ?? 0), 0);
  const requests = sum((run) => run.requests);
  const elapsedS = sum((run) => run.elapsedS);
  const cpuSeconds = sum((run) => run.sutCpuCores * run.elapsedS);
  const foreign = runs.map((run) => run.foreignCpuOnSutCore);
  return {
    requests,
    rps: requests / elapsedS,
    p50Ms: median(runs.map((run) => run.p50Ms).filter((value) => value !== null)),
    p99Ms: median(runs.map((run) => run.p99Ms).filter((value) => value !== null)),
    meanMs: requests > 0 ? sum((run) => (run.meanMs ?? 0) * run.requests) / requests : null,
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    elapsedS,
    runs: runs.length,
    loadCpuCores: Math.max(...runs.map((run) => run.loadCpuCores)),
    sutCpuCores: cpuSeconds / elapsedS,
    sutCpuUsPerRequest: requests > 0 ? (cpuSeconds * 1e6) / requests : null,
    foreignCpuOnSutCore: foreign.includes(null) ? null : Math.max(...foreign),
  };
}

/**
 * Measures one scenario on every system, interleaved: `timing.rounds` rounds, each giving every system in
 * turn a run of `durationS / rounds` seconds. The host's speed can change within minutes; interleaving
 * puts each system's runs in the same stretches of time, so the ratios compare like with like. Each run
 * waits until the system has finished what the previous one left queued. Returns each system's runs merged.
 */
async function measureInterleaved(plan, launched, { path, bodyFile, connections }, timing) {
  const runs = launched.map(() => []);
  const durationS = timing.durationS / timing.rounds;
  for (let round = 0; round < timing.rounds; round++) {
    for (const [index, { child, base }] of launched.entries()) {
      await waitForQuiet(child.pid);
      const options = { url: `${base}${path}`, bodyFile, connections, durationS };
      runs[index].push(await measureLoad(plan, child, options));
    }
  }
  return runs.map(mergeRuns);
}

/** Both scenarios at 50 connections (after a warm-up of each system) and at 1, systems interleaved. */
async function measureScenarios(plan, launched, bodyFiles, timing) {
  const results = launched.map(() => ({}));
  for (const [scenario, path, bodyFile] of [
    ['simple', SIMPLE_PATH, bodyFiles.simple],
    ['heavy', HEAVY_PATH, bodyFiles.heavy],
  ]) {
    process.stderr.write(`measuring the ${scenario} scenario…\n`);
    if (timing.warmupS > 0) {
      for (const { child, base } of launched) {
        const options = { url: `${base}${path}`, bodyFile, connections: THROUGHPUT_CONNECTIONS };
        await runLoadGenerator(plan, { ...options, durationS: timing.warmupS });
        await waitForQuiet(child.pid);
      }
    }
    const load = { path, bodyFile };
    const c50 = await measureInterleaved(
      plan,
      launched,
      { ...load, connections: THROUGHPUT_CONNECTIONS },
      timing,
    );
    const c1 = await measureInterleaved(plan, launched, { ...load, connections: 1 }, timing);
    for (const index of results.keys()) results[index][scenario] = { c50: c50[index], c1: c1[index] };
  }
  return results;
}

function bareNodeSystem() {
  return {
    label: 'bare Node',
    command: (port) => ({
      args: [process.execPath, join(root, 'bench/bare-node-server.mjs')],
      env: { ...process.env, PORT: String(port) },
    }),
  };
}

function klikkflowSystem(label, dataDir, saveExecutions, cpuProfDir) {
  return {
    label,
    command: (port) => klikkflowCommand({ dataDir, port, saveExecutions, cpuProfDir }),
  };
}

/**
 * Runs the bench: `duration` seconds per measurement (default 10; `quick` makes it 2, skips the warm-ups
 * and shortens the idle pause, for smoke tests). Prints the figures table, the target checks and a JSON line.
 * With `cpuProf` (a directory), each KlikkFlow run writes a CPU profile there (`<run>/*.cpuprofile`).
 */
export async function runServerBench({ duration, quick = false, cpuProf, log = console.log } = {}) {
  const timing = {
    durationS: duration ?? (quick ? 2 : 10),
    rounds: quick ? 1 : 3,
    warmupS: quick ? 0 : 2,
    idleS: quick ? 0.5 : 3,
  };
  const plan = planPinning();
  const work = mkdtempSync(join(tmpdir(), 'klikkflow-server-bench-'));
  const removeWork = removeOnExit(work);
  try {
    const bodyFiles = { simple: join(work, 'simple.json'), heavy: join(work, 'heavy.json') };
    writeFileSync(bodyFiles.simple, JSON.stringify(simpleBody));
    writeFileSync(bodyFiles.heavy, JSON.stringify(heavyBody()));
    const context = (name) => ({ plan, timing, bodyFiles, logFile: join(work, `${name}.log`) });

    const prepared = join(work, 'prepared');
    process.stderr.write('KlikkFlow: preparing a data dir with both workflows active…\n');
    await prepareKlikkflowDataDir(plan, prepared, join(work, 'prepare.log'));
    const systems = [['bare', bareNodeSystem()]];
    for (const [key, label, saveExecutions] of [
      ['klikkflowSaving', 'KlikkFlow (saving executions)', 'all'],
      ['klikkflowNoSaving', 'KlikkFlow (not saving executions)', 'none'],
    ]) {
      // A copy each: one run must not start with the other one's executions in its database.
      const dataDir = join(work, key);
      cpSync(prepared, dataDir, { recursive: true });
      const cpuProfDir = cpuProf === undefined ? undefined : resolve(cpuProf, key);
      systems.push([key, klikkflowSystem(label, dataDir, saveExecutions, cpuProfDir)]);
    }
    // Started one after another, so each cold start has the CPU to itself; then all run side by side,
    // idle but for the one under load.
    const launched = [];
    let measured;
    try {
      for (const [key, system] of systems) launched.push(await launchSystem(system, context(key)));
      measured = await measureScenarios(plan, launched, bodyFiles, timing);
    } catch (error) {
      for (const one of launched) await stopSystem(one);
      throw error;
    }
    const results = {};
    for (const [index, [key]] of systems.entries()) {
      const { coldStart, rssIdleMb } = launched[index];
      const rssPeakMb = await stopSystem(launched[index]);
      results[key] = { coldStart, rssIdleMb, rssPeakMb, ...measured[index] };
    }
    const settings = {
      durationS: timing.durationS,
      rounds: timing.rounds,
      pinned: plan.pinned,
      pinning: plan.note,
    };
    for (const line of formatReport({ results, settings })) log(line);
    return results;
  } finally {
    removeWork();
  }
}
