import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { type HTMLElement, parse } from 'node-html-parser';
import { choice } from './shared/choice.js';
import { listParameter } from './shared/field-list.js';
import { invalidParameter } from './shared/parameter-error.js';
import { safeFieldName } from './shared/text-parameters.js';

/** What to take from each element an extraction selects. */
export type ReturnValue = 'text' | 'html' | 'attribute' | 'value';

/** One value to extract from an HTML document, checked. */
export interface Extraction {
  key: string;
  cssSelector: string;
  returnValue: ReturnValue;
  /** Attribute name, for `returnValue: 'attribute'`. */
  attribute: string;
  returnArray: boolean;
}

const returnValues: readonly ReturnValue[] = ['text', 'html', 'attribute', 'value'];

/** One entry of `extractionValues`, as stored. */
interface ExtractionEntry {
  key?: unknown;
  cssSelector?: unknown;
  returnValue?: unknown;
  attribute?: unknown;
  returnArray?: unknown;
}

/** The checked `extractionValues` of one item; at least one. */
export function extractionsOf(ctx: NodeExecutionContext, itemIndex: number): Extraction[] {
  const entries = listParameter<ExtractionEntry>(
    ctx.getParameter('extractionValues', itemIndex),
    'extractionValues',
  );
  if (entries.length === 0) {
    throw invalidParameter(`"extractionValues" (item ${itemIndex}) needs at least one value to extract`, {
      parameter: 'extractionValues',
      itemIndex,
    });
  }
  return entries.map((entry, index) => {
    const text = (name: keyof ExtractionEntry): string => {
      const value = entry[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      throw invalidParameter(`extraction value ${index} (item ${itemIndex}) has no ${name}`, {
        parameter: `extractionValues[${index}].${name}`,
        itemIndex,
      });
    };
    const parameter = `extractionValues[${index}]`;
    const returnValue = choice(
      entry.returnValue ?? 'text',
      returnValues,
      `${parameter}.returnValue`,
      itemIndex,
    );
    return {
      key: safeFieldName(text('key'), `${parameter}.key`, itemIndex),
      cssSelector: text('cssSelector'),
      returnValue,
      attribute: returnValue === 'attribute' ? text('attribute') : '',
      returnArray: entry.returnArray === true,
    };
  });
}

/** How extracted strings are tidied. */
export interface CleanOptions {
  trimValues: boolean;
  cleanUpText: boolean;
}

/** Parses an HTML document (lenient, like a browser: never throws on malformed markup). */
export function parseHtml(html: string): HTMLElement {
  return parse(html);
}

/** A form control's value the way a browser reports it: textarea text, the selected option, else `value`. */
function formValue(element: HTMLElement): string | null {
  switch (element.tagName) {
    case 'TEXTAREA':
      return element.text;
    case 'SELECT': {
      const option = element.querySelector('option[selected]') ?? element.querySelector('option');
      if (!option) return null;
      return option.getAttribute('value') ?? option.text;
    }
    default:
      return element.getAttribute('value') ?? null;
  }
}

function elementValue(element: HTMLElement, extraction: Extraction, options: CleanOptions): string | null {
  let value: string | null;
  switch (extraction.returnValue) {
    case 'text':
      value = element.text;
      break;
    case 'html':
      value = element.innerHTML;
      break;
    case 'attribute':
      value = element.getAttribute(extraction.attribute) ?? null;
      break;
    case 'value':
      value = formValue(element);
      break;
  }
  if (value === null) return null;
  const cleanUp = options.cleanUpText && extraction.returnValue === 'text';
  if (cleanUp) value = value.replace(/\s+/g, ' ');
  return options.trimValues || cleanUp ? value.trim() : value;
}

/**
 * The value of one extraction: the first match's (null when nothing matches or the attribute is missing),
 * or every match's with `returnArray`. An invalid selector is a `NODE_PARAMETER_INVALID` naming it.
 */
export function extractValue(
  root: HTMLElement,
  extraction: Extraction,
  options: CleanOptions,
  where: { index: number; itemIndex: number },
): string | null | (string | null)[] {
  let elements: HTMLElement[];
  try {
    elements = root.querySelectorAll(extraction.cssSelector);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidParameter(
      `extraction value ${where.index} (item ${where.itemIndex}) has an invalid CSS selector "${extraction.cssSelector}": ${reason}`,
      { parameter: `extractionValues[${where.index}].cssSelector`, itemIndex: where.itemIndex },
    );
  }
  if (extraction.returnArray) return elements.map((element) => elementValue(element, extraction, options));
  const first = elements[0];
  return first ? elementValue(first, extraction, options) : null;
}
