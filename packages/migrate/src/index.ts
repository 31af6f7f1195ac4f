export { type CompatibilityReport, createCompatibilityReport } from './compatibility-report.js';
export type { KnownCredential, UnmatchedCredential } from './credential-binding.js';
export { detectWorkflowFormat, isN8nWorkflow, type WorkflowFormat } from './detect-format.js';
export { exportN8nWorkflow } from './export-workflow.js';
export type { ExpressionFeatureCounts } from './expression-features.js';
export { importN8nDocument, type N8nImportOutcome } from './import-document.js';
export { PLACEHOLDER_TYPE, type UnsupportedNode } from './import-node.js';
export { type N8nImportReport, n8nImportReportSchema } from './import-report.schema.js';
export { importN8nWorkflow, type N8nImport, type N8nImportOptions } from './import-workflow.js';
export { type LenientJson, parseLenientJson } from './lenient-json.js';
export { findNodeMapping, supportedN8nTypes } from './mapping/table.js';
export {
  type DecodedCredential,
  decodeN8nCredentials,
  decryptN8nCredentialData,
  isN8nCredentialExport,
} from './n8n-credentials.js';
