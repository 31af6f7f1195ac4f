import { summarizeNode } from '@klikkflow/nodes';
import { jsonOf } from '@klikkflow/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { mapN8nNode, runNative } from '../../test/mapping-harness.js';
import { summarizeExport, summarizeMappings } from './summarize.mapping.js';

const type = 'n8n-nodes-base.summarize';
const importSummarize = (typeVersion: number, parameters: Record<string, unknown>) =>
  mapN8nNode(summarizeMappings, type, typeVersion, parameters);

async function summarized(parameters: Record<string, unknown>, items: unknown[]) {
  return jsonOf((await runNative(summarizeNode, parameters, { items })).outputs[0]);
}

const days = [
  { Aufrufe: 10, date: '2024-05-01', country: 'NO' },
  { Aufrufe: 5, date: '2024-05-02', country: 'SE' },
  { Aufrufe: 7, date: '2024-05-03', country: 'NO' },
];

describe('Summarize v1–1.1 → core.summarize', () => {
  it('sums and counts (the default aggregation) into one item', async () => {
    // From the "Create a Google Analytics data report" template.
    const { parameters } = importSummarize(1, {
      options: {},
      fieldsToSummarize: { values: [{ field: 'Aufrufe', aggregation: 'sum' }, { field: 'date' }] },
    });
    expect(await summarized(parameters, days)).toEqual([{ sum_Aufrufe: 22, count_date: 3 }]);
  });

  it('concatenates with a custom separator', async () => {
    // From the "Notion to Pinecone" template.
    const { parameters } = importSummarize(1, {
      options: { outputFormat: 'separateItems' },
      fieldsToSummarize: { values: [{ field: 'content', separateBy: '\n', aggregation: 'concatenate' }] },
    });
    expect(await summarized(parameters, [{ content: 'a' }, { content: 'b' }])).toEqual([
      { concatenated_content: 'a\nb' },
    ]);
  });

  it('splits by a field: one summary per value; v1 warns that it wrote the values as text', async () => {
    const parameters = {
      fieldsToSummarize: { values: [{ field: 'Aufrufe', aggregation: 'sum' }] },
      fieldsToSplitBy: 'country',
    };
    expect(importSummarize(1, parameters).warnings).toHaveLength(1);
    const current = importSummarize(1.1, parameters);
    expect(current.warnings).toEqual([]);
    expect(await summarized(current.parameters, days)).toEqual([
      { country: 'NO', sum_Aufrufe: 17 },
      { country: 'SE', sum_Aufrufe: 5 },
    ]);
  });

  it('exports as Summarize v1.1 with equivalent parameters', () => {
    const original = {
      fieldsToSummarize: { values: [{ field: 'Aufrufe', aggregation: 'sum' }] },
      options: {},
    };
    const { parameters } = importSummarize(1.1, original);
    const exported = summarizeExport.toN8n?.(parameters) ?? {};
    expect(exported).toEqual({ ...original, fieldsToSplitBy: '' });
    expect(importSummarize(1.1, exported).parameters).toEqual(parameters);
  });
});
