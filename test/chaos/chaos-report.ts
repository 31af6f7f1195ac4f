import { appendFileSync } from 'node:fs';

/** True for the nightly size (`KLIKKFLOW_CHAOS_SIZE=full`); the default is the reduced CI size. */
export const FULL_SIZE = process.env.KLIKKFLOW_CHAOS_SIZE === 'full';

/** Picks the figure of the size this run uses. */
export function sized<T>(sizes: { ci: T; full: T }): T {
  return FULL_SIZE ? sizes.full : sizes.ci;
}

/** A uniformly random integer in [min, max]. */
export function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/**
 * Prints one scenario's figures as a single line (`CHAOS <scenario> key=value …`) and, when
 * `KLIKKFLOW_CHAOS_REPORT` names a file, appends them to it as JSON (scripts/chaos.mjs collects them).
 */
export function reportFigures(scenario: string, figures: Record<string, number | string>): void {
  const line = `CHAOS ${scenario} ${Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}`;
  console.log(line);
  const file = process.env.KLIKKFLOW_CHAOS_REPORT;
  if (file)
    appendFileSync(file, `${JSON.stringify({ scenario, size: FULL_SIZE ? 'full' : 'ci', ...figures })}\n`);
}
