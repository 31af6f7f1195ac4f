import type { AnyNodeDefinition } from '@klikkflow/plugin-sdk';
import { aggregateNode } from './aggregate.node.js';
import { codeNode } from './code.node.js';
import { compareDatasetsNode } from './compare-datasets.node.js';
import { cryptoNode } from './crypto.node.js';
import { dateTimeNode } from './date-time.node.js';
import { executeWorkflowNode } from './execute-workflow.node.js';
import { executeWorkflowTriggerNode } from './execute-workflow-trigger.node.js';
import { filterNode } from './filter.node.js';
import { ifNode } from './if.node.js';
import { limitNode } from './limit.node.js';
import { manualTriggerNode } from './manual-trigger.node.js';
import { mergeNode } from './merge.node.js';
import { noOpNode } from './no-op.node.js';
import { removeDuplicatesNode } from './remove-duplicates.node.js';
import { renameKeysNode } from './rename-keys.node.js';
import { setNode } from './set.node.js';
import { sortNode } from './sort.node.js';
import { splitInBatchesNode } from './split-in-batches.node.js';
import { splitOutNode } from './split-out.node.js';
import { stopAndErrorNode } from './stop-and-error.node.js';
import { summarizeNode } from './summarize.node.js';
import { switchNode } from './switch.node.js';
import { waitNode } from './wait.node.js';

export {
  type Condition,
  type ConditionOptions,
  type FilterValue,
  matchesConditions,
} from './shared/filter-conditions.js';
export {
  aggregateNode,
  codeNode,
  compareDatasetsNode,
  cryptoNode,
  dateTimeNode,
  executeWorkflowNode,
  executeWorkflowTriggerNode,
  filterNode,
  ifNode,
  limitNode,
  manualTriggerNode,
  mergeNode,
  noOpNode,
  removeDuplicatesNode,
  renameKeysNode,
  setNode,
  sortNode,
  splitInBatchesNode,
  splitOutNode,
  stopAndErrorNode,
  summarizeNode,
  switchNode,
  waitNode,
};

/** Every built-in node definition, for the engine's registry. */
export const builtinNodes: readonly AnyNodeDefinition[] = [
  manualTriggerNode,
  executeWorkflowTriggerNode,
  setNode,
  ifNode,
  filterNode,
  switchNode,
  mergeNode,
  splitOutNode,
  aggregateNode,
  sortNode,
  limitNode,
  removeDuplicatesNode,
  summarizeNode,
  renameKeysNode,
  compareDatasetsNode,
  cryptoNode,
  dateTimeNode,
  codeNode,
  noOpNode,
  stopAndErrorNode,
  splitInBatchesNode,
  executeWorkflowNode,
  waitNode,
];
