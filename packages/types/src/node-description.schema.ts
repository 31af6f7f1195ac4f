import { z } from 'zod';

/** Kinds of editor fields a node property can be. */
export const propertyTypeSchema = z.enum([
  'string',
  'number',
  'boolean',
  'options',
  'multiOptions',
  'json',
  'code',
  'dateTime',
  'color',
  'collection',
  'fixedCollection',
  'assignments',
  'filter',
  'resourceLocator',
  'notice',
]);
export type PropertyType = z.infer<typeof propertyTypeSchema>;

/** One choice of an `options` or `multiOptions` property. */
export const propertyOptionSchema = z.object({
  name: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  description: z.string().optional(),
});
export type PropertyOption = z.infer<typeof propertyOptionSchema>;

/** Show or hide a property depending on other parameter values. */
export const displayOptionsSchema = z.object({
  show: z.record(z.string(), z.array(z.unknown())).optional(),
  hide: z.record(z.string(), z.array(z.unknown())).optional(),
});
export type DisplayOptions = z.infer<typeof displayOptionsSchema>;

/** A declarative node parameter: the editor renders a form from it and the importer knows its default. */
export interface PropertySpec {
  name: string;
  displayName: string;
  type: PropertyType;
  default: unknown;
  /** One-line hint shown under the field. */
  description?: string;
  placeholder?: string;
  required?: boolean;
  /** Choices for `options`/`multiOptions`. */
  options?: PropertyOption[];
  /** Child properties of `collection`/`fixedCollection` groups. */
  properties?: PropertySpec[];
  /** For fixedCollection: the value holds an array of groups. */
  multipleValues?: boolean;
  displayOptions?: DisplayOptions;
  /** Extra type-specific settings (`rows`, `minValue`, `editor`...). */
  typeOptions?: Record<string, unknown>;
}

/** Schema of {@link PropertySpec}. */
export const propertySpecSchema: z.ZodType<PropertySpec> = z.lazy(() =>
  z.object({
    name: z.string().min(1),
    displayName: z.string().min(1),
    type: propertyTypeSchema,
    default: z.unknown(),
    description: z.string().optional(),
    placeholder: z.string().optional(),
    required: z.boolean().optional(),
    options: z.array(propertyOptionSchema).optional(),
    properties: z.array(propertySpecSchema).optional(),
    multipleValues: z.boolean().optional(),
    displayOptions: displayOptionsSchema.optional(),
    typeOptions: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** An input or output port of a node. */
export const portSpecSchema = z.object({
  kind: z.union([z.literal('main'), z.string().regex(/^ai_[a-zA-Z]+$/)]).default('main'),
  label: z.string().optional(),
  /** For inputs: the node cannot run until this input has data. */
  required: z.boolean().optional(),
});
export type PortSpec = z.infer<typeof portSpecSchema>;

/** Node groups, for the editor's palette. */
export const nodeGroupSchema = z.enum(['trigger', 'logic', 'data', 'app', 'ai', 'utility']);
export type NodeGroup = z.infer<typeof nodeGroupSchema>;

/** The data part of a node definition: everything but its functions. Shared with the editor. */
export const nodeDescriptionSchema = z.object({
  type: z.string().regex(/^[a-z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/),
  version: z.number().int().min(1),
  displayName: z.string().min(1),
  description: z.string().min(1),
  group: nodeGroupSchema,
  inputs: z.array(portSpecSchema),
  outputs: z.array(portSpecSchema),
  credentials: z.array(z.object({ type: z.string(), required: z.boolean() })).optional(),
  properties: z.array(propertySpecSchema),
  /** Number of outputs depends on parameters (Switch): computed by the definition. */
  dynamicOutputs: z.boolean().optional(),
});
export type NodeDescription = z.infer<typeof nodeDescriptionSchema>;
