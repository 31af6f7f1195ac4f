import type { AnyNodeDefinition } from '@klikkflow/plugin-sdk';
import { executionModeSchema, nodeGroupSchema, type PropertySpec, portSpecSchema } from '@klikkflow/types';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { type AnyRouteSpec, defineRoute } from '../http/route.js';
import { described, listOf, notFound } from './route-schemas.js';

const TAG = 'Node types';

const nodeTypeSchema = z.object({
  type: z.string(),
  version: z.number().int(),
  displayName: z.string(),
  description: z.string(),
  group: nodeGroupSchema,
  inputs: z.array(portSpecSchema),
  outputs: z.array(portSpecSchema),
  /** Outputs depend on parameters (Switch): the count in `outputs` is the default. */
  dynamicOutputs: z.boolean().optional(),
  credentials: z.array(z.object({ type: z.string(), required: z.boolean() })).optional(),
  // Property specs nest recursively: described, not spelled out, so the OpenAPI document holds no `$ref`
  // into `$defs` that only exist inside a standalone JSON Schema.
  properties: z.array(described<PropertySpec>({ type: 'object', description: 'A parameter (editor field)' })),
  isTrigger: z.boolean(),
  /** Execution modes a trigger starts (any when absent). */
  triggerModes: z.array(executionModeSchema).optional(),
});

type NodeTypeView = z.infer<typeof nodeTypeSchema>;

/** The serialisable part of a definition: what the editor's catalogue shows, none of its functions. */
function describe(definition: AnyNodeDefinition): NodeTypeView {
  return {
    type: definition.type,
    version: definition.version,
    displayName: definition.displayName,
    description: definition.description,
    group: definition.group,
    inputs: definition.inputs,
    outputs: definition.outputs,
    ...(definition.dynamicOutputs !== undefined && { dynamicOutputs: definition.dynamicOutputs }),
    ...(definition.credentials && { credentials: definition.credentials }),
    properties: definition.properties,
    isTrigger: definition.isTrigger === true,
    ...(definition.triggerModes && { triggerModes: [...definition.triggerModes] }),
  };
}

/** Every registered node type and version, by type then version. */
function catalogue(context: AppContext): NodeTypeView[] {
  return context.registry
    .list()
    .map(describe)
    .sort((a, b) => (a.type === b.type ? a.version - b.version : a.type < b.type ? -1 : 1));
}

/** The node catalogue. */
export function nodeTypeRoutes(context: AppContext): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/node-types',
      operationId: 'listNodeTypes',
      summary: 'Every installed node type and version, with its ports and parameters',
      tag: TAG,
      access: 'authenticated',
      response: listOf(nodeTypeSchema),
      handler: async () => ({ data: catalogue(context) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/node-types/:type',
      operationId: 'getNodeType',
      summary: 'The installed versions of one node type, oldest first',
      tag: TAG,
      access: 'authenticated',
      params: z.object({ type: z.string().min(1).max(200) }).strict(),
      response: listOf(nodeTypeSchema),
      handler: async ({ params }) => {
        const versions = catalogue(context).filter((view) => view.type === params.type);
        if (versions.length === 0) throw notFound('NODE_TYPE_NOT_FOUND', 'node type', params.type);
        return { data: versions };
      },
    }),
  ];
}
