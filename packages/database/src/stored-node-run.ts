import type { NodeRun, RunData, RunSource } from '@klikkflow/types';

/**
 * A node run as stored. An input that came from another node's run is that run's output, item for item,
 * so it is left out (stored as `null`) and rebuilt on read by {@link restoreInputs}: a run's data is then
 * stored once, not twice (as the producing node's output and again as each child's input). Inputs without
 * a source (trigger items, an input that never came) are stored as they are. Rows written before this keep
 * their full inputs and read back unchanged.
 */
export function storedRunText(run: NodeRun): string {
  if (!run.source.some((source) => source !== null)) return JSON.stringify(run);
  return JSON.stringify({
    ...run,
    inputs: run.inputs.map((items, index) => (run.source[index] ? null : items)),
  });
}

/** The output a source points at, or `[]` when that run is not there. */
function outputOf(runData: RunData, source: RunSource | null | undefined) {
  if (!source) return [];
  const runs = runData[source.node] ?? [];
  const run =
    runs[source.runIndex]?.runIndex === source.runIndex
      ? runs[source.runIndex]
      : runs.find((candidate) => candidate.runIndex === source.runIndex);
  return run?.outputs?.[source.output] ?? [];
}

/** Rebuilds, in place, the inputs {@link storedRunText} left out, from the runs they came from. */
export function restoreInputs(runData: RunData): RunData {
  for (const runs of Object.values(runData)) {
    for (const run of runs) {
      const inputs = run.inputs as (NodeRun['inputs'][number] | null)[];
      if (!inputs.includes(null)) continue;
      run.inputs = inputs.map((items, index) => items ?? outputOf(runData, run.source[index]));
    }
  }
  return runData;
}
