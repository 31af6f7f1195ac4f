import {
  exportedFilter,
  type FilterCondition,
  importedFilter,
  warnAboutLooseBooleans,
} from './filter-parameter.js';
import {
  type LegacyKind,
  legacyCondition,
  legacyDefaultOperation,
  legacyDefaultValue,
  legacyFilter,
  legacyKinds,
  warnAboutLegacyBooleans,
} from './legacy-conditions.js';
import {
  type ExportMapping,
  type MappingContext,
  type N8nParameters,
  type NativeParameters,
  type NodeMapping,
  unsupportedVariant,
} from './node-mapping.types.js';
import { listEntries, recordAt } from './parameter-shapes.js';
import {
  listEntriesWithDefaults,
  type ParameterObject,
  staticValue,
  withoutUndefined,
} from './parameter-values.js';

const n8nType = 'n8n-nodes-base.switch';
const nativeType = 'core.switch';

/** Switch v1 always has four outputs, numbered 0–3. */
const v1OutputCount = 4;

/** What a Switch v1–v2 rule leaves out: the kind's default operation, value 2 and (v1) output 0. */
const legacyRuleValue2: Record<LegacyKind, unknown> = { boolean: false, dateTime: 0, number: 0, string: '' };

function legacyKind(parameters: N8nParameters): LegacyKind {
  const kind = staticValue(parameters.dataType);
  if (!legacyKinds.includes(kind as LegacyKind)) {
    unsupportedVariant(`Switch data type ${JSON.stringify(parameters.dataType)} is not supported`);
  }
  return kind as LegacyKind;
}

function legacyRules(parameters: N8nParameters, kind: LegacyKind): ParameterObject[] {
  return listEntriesWithDefaults(parameters.rules, {
    operation: legacyDefaultOperation[kind],
    value2: legacyRuleValue2[kind],
    output: 0,
  });
}

/** A legacy rule as a filter condition on the node's value 1 (whose default depends on the data type). */
function legacyRuleCondition(
  parameters: N8nParameters,
  kind: LegacyKind,
  rule: ParameterObject,
): FilterCondition {
  const value1 = parameters.value1 ?? legacyDefaultValue[kind];
  return legacyCondition(kind, value1, rule.operation, rule.value2);
}

/** `fallbackOutput` of Switch v1–v2: -1 (none) or an output index. */
function legacyFallback(value: unknown): unknown {
  return value === -1 || value === '-1' ? 'none' : value;
}

/** A rule that never matches: no conditions joined by OR. Keeps an output in place without routing to it. */
const neverMatches = { conditions: { combinator: 'or', conditions: [] } };

/**
 * Switch v1: rules send to an output number (0–3), several rules may share one, and the first matching
 * rule wins. Native rules each own the output of their position, so output k gets one rule OR-ing the
 * conditions of every n8n rule aimed at k, and outputs without rules get a rule that never matches. This is
 * exact when rules are listed in output order; otherwise an item matching rules of two outputs may go to
 * the lower-numbered one, which is reported.
 */
function switchV1ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.mode === 'expression') {
    return { mode: 'expression', numberOutputs: v1OutputCount, output: parameters.output };
  }
  const kind = legacyKind(parameters);
  const byOutput = Array.from({ length: v1OutputCount }, (): FilterCondition[] => []);
  const outputs: number[] = [];
  for (const rule of legacyRules(parameters, kind)) {
    const output = Number(staticValue(rule.output));
    const conditions = byOutput[output];
    if (!Number.isInteger(output) || conditions === undefined) {
      unsupportedVariant(`Switch v1 rule output ${JSON.stringify(rule.output)} is not an output from 0 to 3`);
    }
    conditions.push(legacyRuleCondition(parameters, kind, rule));
    outputs.push(output);
  }
  if (outputs.some((output, index) => index > 0 && output < (outputs[index - 1] ?? 0))) {
    context.warn(
      'the rules are not in output order: an item matching rules of two outputs goes to the lower-numbered ' +
        'output in KlikkFlow, to the first listed rule in n8n',
    );
  }
  warnAboutLegacyBooleans(byOutput.flat(), context);
  const rules = byOutput.map((conditions) =>
    conditions.length === 0 ? neverMatches : { conditions: legacyFilter(conditions, 'or') },
  );
  return { mode: 'rules', rules, options: { fallbackOutput: legacyFallback(parameters.fallbackOutput) } };
}

/** Switch v2: one output per rule, labelled by `outputKey`. */
function switchV2ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.mode === 'expression') {
    return { mode: 'expression', numberOutputs: parameters.outputsAmount, output: parameters.output };
  }
  const kind = legacyKind(parameters);
  const entries = legacyRules(parameters, kind);
  const conditions = entries.map((rule) => legacyRuleCondition(parameters, kind, rule));
  warnAboutLegacyBooleans(conditions, context);
  const rules = entries.map((rule, index) =>
    withoutUndefined({
      conditions: legacyFilter(conditions.slice(index, index + 1), 'and'),
      outputKey: rule.outputKey || undefined,
    }),
  );
  return { mode: 'rules', rules, options: { fallbackOutput: legacyFallback(parameters.fallbackOutput) } };
}

/**
 * Switch v3+: each rule's filter runs as stored; an output name counts only when "Rename Output" is on.
 * The fallback, all-matching and case/type options carry over; the fallback output's custom label does not.
 */
function switchV3ToNative(parameters: N8nParameters, context: MappingContext): NativeParameters {
  if (parameters.mode === 'expression') {
    return { mode: 'expression', numberOutputs: parameters.numberOutputs, output: parameters.output };
  }
  const options = recordAt(parameters, 'options');
  const loose = context.typeVersion < 3.1 ? options.looseTypeValidation : parameters.looseTypeValidation;
  const settings = { caseSensitive: options.ignoreCase !== true, looseTypeValidation: loose === true };
  const rules = listEntries(parameters.rules).map((rule) => {
    const conditions = importedFilter(rule.conditions, settings);
    warnAboutLooseBooleans(conditions, context);
    return withoutUndefined({
      conditions,
      outputKey: rule.renameOutput === true ? rule.outputKey : undefined,
    });
  });
  return {
    mode: 'rules',
    rules,
    options: withoutUndefined({
      fallbackOutput: options.fallbackOutput,
      allMatchingOutputs: options.allMatchingOutputs,
    }),
  };
}

/** The rule n8n's editor starts a Switch v3 with; a file without `rules` has it. */
const v3DefaultRules = {
  values: [
    {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
        conditions: [{ leftValue: '', rightValue: '', operator: { type: 'string', operation: 'equals' } }],
        combinator: 'and',
      },
    },
  ],
};

/** Switch: v1 numbered outputs, v2 one output per legacy rule, v3+ filter rules. */
export const switchMappings: NodeMapping[] = [
  {
    n8nType,
    minVersion: 1,
    maxVersion: 1,
    nativeType,
    defaults: { mode: 'rules', output: 0, dataType: 'number', rules: {}, fallbackOutput: -1 },
    toNative: switchV1ToNative,
  },
  {
    n8nType,
    minVersion: 2,
    maxVersion: 2,
    nativeType,
    defaults: {
      mode: 'rules',
      output: '',
      outputsAmount: 4,
      dataType: 'number',
      rules: {},
      fallbackOutput: -1,
    },
    toNative: switchV2ToNative,
  },
  {
    n8nType,
    minVersion: 3,
    maxVersion: 3.4,
    nativeType,
    defaults: {
      mode: 'rules',
      numberOutputs: 4,
      output: '={{}}',
      rules: v3DefaultRules,
      looseTypeValidation: false,
      options: {},
    },
    toNative: switchV3ToNative,
  },
];

/** The n8n Switch version native rules are exported as, and the filter `version` it writes. */
const exportVersion = 3.4;
const exportedFilterVersion = 3;

/**
 * Native Switch as n8n Switch v3.4. Node-level comparison options override each rule's filter natively;
 * n8n derives every rule's filter options from its node options, so they are folded into both.
 */
function switchToN8n(parameters: NativeParameters): N8nParameters {
  if (parameters.mode === 'expression') {
    return { mode: 'expression', numberOutputs: parameters.numberOutputs, output: parameters.output };
  }
  const options = recordAt(parameters, 'options');
  const rules = listEntries(parameters.rules);
  const exported = rules.map((rule) => ({
    rule,
    ...exportedFilter(rule.conditions, options, exportedFilterVersion),
  }));
  const loose = exported.some(({ settings }) => settings.looseTypeValidation);
  const ignoreCase = exported.some(({ settings }) => !settings.caseSensitive);
  return withoutUndefined({
    rules: {
      values: exported.map(({ rule, filter }) =>
        withoutUndefined({
          conditions: filter,
          renameOutput: rule.outputKey ? true : undefined,
          outputKey: rule.outputKey || undefined,
        }),
      ),
    },
    looseTypeValidation: loose ? true : undefined,
    options: withoutUndefined({
      fallbackOutput: options.fallbackOutput,
      allMatchingOutputs: options.allMatchingOutputs,
      ignoreCase: ignoreCase ? true : undefined,
    }),
  });
}

/** core.switch → n8n Switch v3.4. */
export const switchExport: ExportMapping = {
  nativeType,
  n8nType,
  typeVersion: exportVersion,
  toN8n: switchToN8n,
};
