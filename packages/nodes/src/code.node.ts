import { type CodeMode, defineNode } from '@klikkflow/plugin-sdk';
import { UserError } from '@klikkflow/types';
import { invalidParameter } from './shared/parameter-error.js';

const sampleCode = `// Runs once with all items: $input.all() holds them.
for (const item of $input.all()) {
  item.json.myNewField = 1;
}
return $input.all();
`;

const modes: readonly CodeMode[] = ['runOnceForAllItems', 'runOnceForEachItem'];

/** Code: runs user JavaScript in the sandbox, once for all items or once per item. */
export const codeNode = defineNode({
  type: 'core.code',
  version: 1,
  displayName: 'Code',
  description: 'Runs custom JavaScript on the items',
  group: 'data',
  inputs: [{ kind: 'main' }],
  outputs: [{ kind: 'main' }],
  properties: [
    {
      name: 'mode',
      displayName: 'Mode',
      type: 'options',
      default: 'runOnceForAllItems',
      description: 'Run the code once with all items, or once per item',
      options: [
        { name: 'Run Once for All Items', value: 'runOnceForAllItems', description: 'Use $input.all()' },
        {
          name: 'Run Once for Each Item',
          value: 'runOnceForEachItem',
          description: 'Use $json; return one item',
        },
      ],
    },
    {
      name: 'language',
      displayName: 'Language',
      type: 'options',
      default: 'javaScript',
      description: 'Language of the code',
      options: [
        { name: 'JavaScript', value: 'javaScript' },
        { name: 'Python (not supported)', value: 'python' },
      ],
    },
    {
      name: 'jsCode',
      displayName: 'JavaScript',
      type: 'code',
      default: sampleCode,
      description: 'The body of an async function that returns the output items',
      typeOptions: { editor: 'codeNodeEditor', language: 'javaScript' },
      displayOptions: { show: { language: ['javaScript'] } },
    },
    {
      name: 'pythonCode',
      displayName: 'Python',
      type: 'code',
      default: '',
      description: 'Kept from imported n8n workflows; Python does not run here',
      typeOptions: { editor: 'codeNodeEditor', language: 'python' },
      displayOptions: { show: { language: ['python'] } },
    },
  ],
  async execute(ctx) {
    const language = ctx.getParameter<string>('language', 0);
    if (language !== 'javaScript') {
      throw new UserError('NODE_UNSUPPORTED', `the Code node runs JavaScript only, not ${String(language)}`, {
        details: { language },
      });
    }
    const mode = ctx.getParameter<CodeMode>('mode', 0);
    if (!modes.includes(mode))
      throw invalidParameter(`unknown mode ${JSON.stringify(mode)}`, { parameter: 'mode' });
    const code = ctx.getParameter<unknown>('jsCode', 0);
    if (typeof code !== 'string')
      throw invalidParameter('"JavaScript" must be text', { parameter: 'jsCode' });
    // Like n8n, a node that continues on failure turns a throw into an error item (per item in
    // "each item" mode) rather than failing: the engine then keeps it in place or routes it to the
    // error output.
    const result = await ctx.helpers.runCode(code, mode, { continueOnFail: ctx.continueOnFail });
    for (const line of result.logs) ctx.logger.info(line);
    return [result.items];
  },
});
