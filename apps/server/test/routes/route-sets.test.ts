import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/http/openapi.js';
import type { AnyRouteSpec } from '../../src/http/route.js';
import { resourceRouteSets } from '../../src/routes/index.js';
import { createRouteHarness, type RouteHarness } from './route-harness.js';

let harness: RouteHarness;
let routes: AnyRouteSpec[];

beforeAll(async () => {
  harness = await createRouteHarness();
  routes = resourceRouteSets.flatMap((set) => set(harness.context, () => ({})));
});

afterAll(async () => {
  await harness.close();
});

interface Operation {
  operationId: string;
  requestBody?: {
    content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
  };
}

describe('the route sets', () => {
  it('are all authenticated routes under /api/v1 with a unique operation id, a summary and a tag', () => {
    for (const route of routes) {
      expect(route.access, route.url).toBe('authenticated');
      expect(route.url.startsWith('/api/v1/'), route.url).toBe(true);
      expect(route.summary.length, route.operationId).toBeGreaterThan(0);
      expect(route.tag.length, route.operationId).toBeGreaterThan(0);
    }
    const ids = routes.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('produce an OpenAPI document whose references all resolve inside it', () => {
    const document = buildOpenApiDocument(routes, 'test') as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path));
    expect(operations).toHaveLength(routes.length);
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of refs) expect(ref).toMatch(/"#\/components\//);
  });

  it('document a workflow body with the workflow file schema, id optional', () => {
    const document = buildOpenApiDocument(routes, 'test') as {
      paths: Record<string, Record<string, Operation>>;
    };
    const schema =
      document.paths['/api/v1/workflows']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(expect.arrayContaining(['id', 'name', 'nodes']));
    expect(schema?.required).toContain('nodes');
    expect(schema?.required).not.toContain('id');
  });
});
