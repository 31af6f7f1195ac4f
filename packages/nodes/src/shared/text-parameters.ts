import type { NodeExecutionContext } from '@klikkflow/plugin-sdk';
import { getField } from './field-path.js';
import { invalidParameter } from './parameter-error.js';

/**
 * Longest text (UTF-16 code units, about 10 MB of ASCII) the text-format nodes (HTML, XML, Markdown) parse
 * per item: bounds the memory and time one item can cost.
 */
export const maxTextLength = 10 * 1024 * 1024;

/** Key names that reach into an object's prototype when assigned; never written as fields. */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether assigning `key` on a plain object could change its prototype or shadow its constructor. */
export function isPrototypeKey(key: string): boolean {
  return prototypeKeys.has(key);
}

function where(parameter: string, itemIndex: number): string {
  return `"${parameter}" (item ${itemIndex})`;
}

/**
 * A field name from a string parameter (dot notation allowed): trimmed, not blank, and without a
 * `__proto__`/`constructor`/`prototype` step, which would write into an object's prototype.
 */
export function fieldParameter(ctx: NodeExecutionContext, parameter: string, itemIndex: number): string {
  const value = ctx.getParameter<unknown>(parameter, itemIndex);
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidParameter(`${where(parameter, itemIndex)} must name a field`, { parameter, itemIndex });
  }
  return safeFieldName(value.trim(), parameter, itemIndex);
}

/** `name` itself if no dot-separated step of it is a prototype key, else a `NODE_PARAMETER_INVALID`. */
export function safeFieldName(name: string, parameter: string, itemIndex: number): string {
  if (name.split(/[.[\]]/).some(isPrototypeKey)) {
    throw invalidParameter(
      `${where(parameter, itemIndex)} may not use __proto__, constructor or prototype as a field name`,
      { parameter, itemIndex },
    );
  }
  return name;
}

/** Checks a text's length against {@link maxTextLength}; `what` names it in the error. */
export function checkTextLength(text: string, what: string, details: Record<string, unknown>): string {
  if (text.length > maxTextLength) {
    throw invalidParameter(`${what} is longer than ${maxTextLength} characters`, details);
  }
  return text;
}

/**
 * The text in field `field` of an item (dot notation), which `parameter` named. A missing field or one
 * that is not a string is an error naming the field and the item.
 */
export function textField(
  json: Record<string, unknown>,
  field: string,
  parameter: string,
  itemIndex: number,
): string {
  const value = getField(json, field);
  const details = { parameter, field, itemIndex };
  if (value === undefined) {
    throw invalidParameter(`item ${itemIndex} has no field "${field}" (set in "${parameter}")`, details);
  }
  if (typeof value !== 'string') {
    const type = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw invalidParameter(`field "${field}" of item ${itemIndex} must be text, not ${type}`, details);
  }
  return checkTextLength(value, `field "${field}" of item ${itemIndex}`, details);
}

/** A boolean option (`options.x`), `fallback` when unset; anything else is a `NODE_PARAMETER_INVALID`. */
export function booleanOption(
  ctx: NodeExecutionContext,
  path: string,
  itemIndex: number,
  fallback: boolean,
): boolean {
  const value = ctx.getParameter<unknown>(path, itemIndex);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  throw invalidParameter(`${where(path, itemIndex)} must be true or false, not ${JSON.stringify(value)}`, {
    parameter: path,
    itemIndex,
  });
}

/** A text option (`options.x`), `fallback` when unset or empty; a non-string is a `NODE_PARAMETER_INVALID`. */
export function stringOption(
  ctx: NodeExecutionContext,
  path: string,
  itemIndex: number,
  fallback: string,
): string {
  const value = ctx.getParameter<unknown>(path, itemIndex);
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string') return value;
  throw invalidParameter(`${where(path, itemIndex)} must be text, not ${JSON.stringify(value)}`, {
    parameter: path,
    itemIndex,
  });
}
