// KlikkFlow's HTTP server against bare Node `http`, side by side in one run, with the peers' methodology
// (../shared/reference/performance.md): each system in its own process pinned to one CPU, the load generator
// (autocannon, in its own process) on the other; 50 connections for throughput, 1 for latency; RSS idle and
// peak; cold start to the first good reply. KlikkFlow runs twice: saving executions and not.
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
 * idle RSS, checks both answers, then measures each scenario at 50 connections (after a warm-up) and at 1.
 */
async function measureSystem(system, { plan, timing, bodyFiles, logFile }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { args, env, cwd = root } = system.command(port);
  const logFd = openSync(logFile, 'a');
  const spawnedAt = performance.now();
  const child = spawnSystem(plan, args, { cwd, env, logFd });
  try {
    const what = system.label;
    await waitUntil(child, async () => (await send(`${base}/healthz`)).status === 200, { what });
    const healthzS = (performance.now() - spawnedAt) / 1000;
    await waitUntil(child, () => checkAnswer(base, SIMPLE_PATH, simpleBody, simpleAnswer).then(() => true), {
      what,
    });
    const firstReplyS = (performance.now() - spawnedAt) / 1000;
    await sleep(timing.idleS * 1000);
    const rssIdleMb = treeRssMb(child.pid);
    await checkBothAnswers(base);

    const sampler = startRssSampler(child.pid);
    // Each run waits for the system to finish what was still queued when the previous one stopped.
    const scenario = async (path, bodyFile) => {
      const options = { url: `${base}${path}`, bodyFile, connections: THROUGHPUT_CONNECTIONS };
      if (timing.warmupS > 0) {
        await runLoadGenerator(plan, { ...options, durationS: timing.warmupS });
        await waitForQuiet(child.pid);
      }
      const c50 = await measureLoad(plan, child, { ...options, durationS: timing.durationS });
      await waitForQuiet(child.pid);
      const c1 = await measureLoad(plan, child, { ...options, connections: 1, durationS: timing.durationS });
      await waitForQuiet(child.pid);
      return { c50, c1 };
    };
    process.stderr.write(`${what}: started in ${firstReplyS.toFixed(2)} s; measuring the simple scenario…\n`);
    const simple = await scenario(SIMPLE_PATH, bodyFiles.simple);
    process.stderr.write(`${what}: measuring the heavy scenario…\n`);
    const heavy = await scenario(HEAVY_PATH, bodyFiles.heavy);
    const rssPeakMb = Math.max(sampler.stop(), treeHighWaterMb(child.pid));
    return { coldStart: { healthzS, firstReplyS }, rssIdleMb, rssPeakMb, simple, heavy };
  } catch (error) {
    throw withLogTail(error, system.label, logFile);
  } finally {
    await stopProcess(child);
    closeSync(logFd);
  }
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

    const results = { bare: await measureSystem(bareNodeSystem(), context('bare')) };
    const prepared = join(work, 'prepared');
    process.stderr.write('KlikkFlow: preparing a data dir with both workflows active…\n');
    await prepareKlikkflowDataDir(plan, prepared, join(work, 'prepare.log'));
    for (const [key, label, saveExecutions] of [
      ['klikkflowSaving', 'KlikkFlow (saving executions)', 'all'],
      ['klikkflowNoSaving', 'KlikkFlow (not saving executions)', 'none'],
    ]) {
      // A fresh copy each: the second run must not start with the first one's executions in its database.
      const dataDir = join(work, key);
      cpSync(prepared, dataDir, { recursive: true });
      const cpuProfDir = cpuProf === undefined ? undefined : resolve(cpuProf, key);
      results[key] = await measureSystem(
        klikkflowSystem(label, dataDir, saveExecutions, cpuProfDir),
        context(key),
      );
    }
    const settings = { durationS: timing.durationS, pinned: plan.pinned, pinning: plan.note };
    for (const line of formatReport({ results, settings })) log(line);
    return results;
  } finally {
    removeWork();
  }
}
