import { z } from 'zod';

/** Everything an n8n import could not carry over exactly; the workflow is imported regardless. */
export const n8nImportReportSchema = z.object({
  /** Nodes imported as placeholders that fail when reached. */
  unsupportedNodes: z.array(
    z.object({ name: z.string(), type: z.string(), typeVersion: z.number(), reason: z.string() }),
  ),
  /** Credential references no stored credential matched (bind them in the editor). */
  unmatchedCredentials: z.array(z.object({ node: z.string(), type: z.string(), name: z.string() })),
  /** Expression features KlikkFlow does not provide, with how often they occur. */
  unsupportedExpressionFeatures: z.record(z.string(), z.number()),
  /** Other things that were dropped or approximated. */
  warnings: z.array(z.string()),
});
export type N8nImportReport = z.infer<typeof n8nImportReportSchema>;
