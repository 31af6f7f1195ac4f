// The system under test as a separate process: pinned to its own CPU when `taskset` exists (the load
// generator and this script get the other one), stopped by its pid, and watched through /proc for RSS and CPU.
// Also the load generator's process, and the clean-up of processes and temp dirs if a bench ends early.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Clock ticks per second of /proc/<pid>/stat CPU times (USER_HZ; 100 unless getconf says otherwise). */
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** Processes still running and temp dirs still there, cleaned up if this process exits early (Ctrl-C, a test's timeout). */
const liveChildren = new Set();
const liveDirs = new Set();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
});
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  // Exiting (instead of dying of the signal) runs the clean-up above.
  process.once(signal, () => process.exit(code));
}

/** Kills `child` if this process exits while it still runs; returns it. */
function killOnExit(child) {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  return child;
}

/** Removes `dir` if this process exits before the returned function removes it. */
export function removeOnExit(dir) {
  liveDirs.add(dir);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  };
}

/** `0-1,4` → [0, 1, 4]: the CPU list format of taskset and /proc. */
function parseCpuList(text) {
  const cpus = [];
  for (const part of text.trim().split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus.filter(Number.isInteger);
}

/**
 * Decides the pinning like the peers' harness: the system under test alone on one CPU, the load generator on
 * another. Pins this process (all its threads) to the load generator's CPU too, so the sampling it does never
 * lands on the system's CPU. Without taskset or a second CPU everything runs unpinned, and the plan says why.
 * A pinned plan also lists every CPU this process may use (`cpus`), for benches that pin more processes.
 */
export function planPinning() {
  const probe = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { pinned: false, note: 'unpinned: taskset is not available' };
  const cpus = parseCpuList(probe.stdout.split(':').at(-1) ?? '');
  if (cpus.length < 2) return { pinned: false, note: `unpinned: only ${cpus.length} CPU available` };
  const [loadCpu, sutCpu] = cpus;
  spawnSync('taskset', ['-a', '-pc', String(loadCpu), String(process.pid)], { stdio: 'ignore' });
  return {
    pinned: true,
    cpus,
    sutCpu,
    loadCpu,
    note: `system under test on CPU ${sutCpu}, load generator on CPU ${loadCpu}`,
  };
}

/** The command line that runs `args` on `cpu` when the plan pins, else `args` as they are. */
export function pinned(plan, cpu, args) {
  return plan.pinned ? ['taskset', '-c', String(cpu), ...args] : args;
}

/** Starts the system under test on its CPU; output goes to `logFd`. `taskset` execs, so the pid is the system's. */
export function spawnSystem(plan, args, { cwd, env, logFd }) {
  const [command, ...rest] = pinned(plan, plan.sutCpu, args);
  return killOnExit(spawn(command, rest, { cwd, env, stdio: ['ignore', logFd, logFd] }));
}

/**
 * Runs load-runner.mjs (autocannon) on the load generator's CPU; resolves with its JSON summary. `config`:
 * `url`, `connections`, `durationS`, `bodyFile`, and optionally `expectedFile` (JSON every answer must equal).
 * `onStart` is called as the load begins, after the runner's own start-up.
 */
export function runLoadGenerator(plan, config, onStart) {
  const runner = fileURLToPath(new URL('load-runner.mjs', import.meta.url));
  const [command, ...args] = pinned(plan, plan.loadCpu, [process.execPath, runner, JSON.stringify(config)]);
  return new Promise((resolve, reject) => {
    const child = killOnExit(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      const wasStarted = stdout.startsWith('started\n');
      stdout += chunk;
      if (!wasStarted && stdout.startsWith('started\n')) onStart?.();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      else reject(new Error(`the load generator failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

/** Stops a process by its pid: SIGTERM (graceful shutdown), then SIGKILL if it has not exited in time. */
export async function stopProcess(child, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** The last `lines` lines of a log file ('' when there is none). */
export function logTail(logFile, lines = 20) {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n') : '';
}

/** `error` with the last lines of a system's log appended: why it failed is usually there. */
export function withLogTail(error, label, logFile, lines = 20) {
  const tail = logTail(logFile, lines);
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${label}: ${message}${tail ? `\n--- last lines of its output ---\n${tail}` : ''}`, {
    cause: error,
  });
}

/** A port nobody listens on right now, on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * The command (as /proc/<pid>/comm shows it) and the parent pid of a local process, or undefined when there is
 * none: a service in a container or on another host reports pids that mean nothing (or something else) here.
 */
export function processInfo(pid) {
  try {
    return { command: readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), parent: Number(statFields(pid)[1]) };
  } catch {
    return undefined;
  }
}

/** The pid and all its descendants (an engine may fork helpers: count their memory and CPU too). */
function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(statFields(entry)[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we listed /proc.
    }
  }
  const tree = [];
  const stack = [pid];
  while (stack.length > 0) {
    const next = stack.pop();
    tree.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return tree;
}

function statusKb(pid, field) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of the process tree, in MB. */
export function treeRssMb(pid) {
  return processTree(pid).reduce((sum, member) => sum + statusKb(member, 'VmRSS'), 0) / 1024;
}

/** The highest resident memory of the process tree so far (sum of each member's VmHWM), in MB. */
export function treeHighWaterMb(pid) {
  return processTree(pid).reduce((sum, member) => sum + statusKb(member, 'VmHWM'), 0) / 1024;
}

/** CPU seconds (user + system) the process tree has used so far. */
export function treeCpuSeconds(pid) {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      const fields = statFields(member);
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS;
}

/**
 * CPU seconds the machine's `cpu` has been busy so far (all but idle and iowait), from /proc/stat: with the
 * system under test alone on that CPU, busy time it did not use itself is interference (other processes,
 * the kernel's network work). Without `cpu`, the busy seconds of all CPUs together.
 */
export function cpuBusySeconds(cpu) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`cpu${cpu ?? ''} `));
  if (!line) return 0;
  const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
}

/**
 * Waits until the process tree stops using CPU (below `idleCores` over `windowMs`): a system keeps working
 * on the requests still queued when the load generator stops, and that must not count against the next run.
 */
export async function waitForQuiet(pid, { idleCores = 0.05, windowMs = 200, timeoutMs = 180_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const before = treeCpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if ((treeCpuSeconds(pid) - before) * 1000 <= idleCores * windowMs) return;
    if (performance.now() > deadline) throw new Error(`still busy ${timeoutMs} ms after the load stopped`);
  }
}

/** Polls the tree's RSS every `periodMs` until `stop()`, which returns the highest value seen, in MB. */
export function startRssSampler(pid, periodMs = 100) {
  let peak = treeRssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(pid));
  }, periodMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRssMb(pid));
    },
  };
}

/** One HTTP request without keep-alive; resolves with status, headers and the body as text. */
export function send(url, { method = 'GET', headers = {}, body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Calls `probe` every `intervalMs` until it returns true; fails if the process exits or `timeoutMs` passes.
 * Errors from the probe (connection refused while the system starts) count as "not yet".
 */
export async function waitUntil(
  child,
  probe,
  { timeoutMs = 30_000, intervalMs = 5, what = 'the system' } = {},
) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      if (await probe()) return;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
