import { describe, expect, it } from 'vitest';
import { analyseParameters, isStaticPath, resolvedTree, valueAt } from './parameter-tree.js';

describe('parameter tree', () => {
  const parameters = {
    url: '={{ $json.url }}',
    options: { pagination: { next: '={{ $response.body.next }}', max: 3 }, timeout: 5 },
    list: [{ value: '={{ 1 }}' }, { value: 'plain' }],
  };

  it('finds expressions at any depth and leaves raw paths as templates', () => {
    expect(analyseParameters(parameters).expressions).toEqual([
      '={{ $json.url }}',
      '={{ $response.body.next }}',
      '={{ 1 }}',
    ]);
    const tree = analyseParameters(parameters, ['options.pagination']);
    expect(tree.expressions).toEqual(['={{ $json.url }}', '={{ 1 }}']);
    const resolved = resolvedTree(tree, 0, (site) => `resolved ${site.path}`);
    expect(resolved).toEqual({
      url: 'resolved url',
      options: { pagination: { next: '={{ $response.body.next }}', max: 3 }, timeout: 5 },
      list: [{ value: 'resolved list[0].value' }, { value: 'plain' }],
    });
    expect(valueAt(tree, 'options.pagination.next', 0, () => 'never')).toBe('={{ $response.body.next }}');
  });

  it('knows which paths hold no expression', () => {
    const tree = analyseParameters(parameters, ['options.pagination']);
    expect(isStaticPath(tree, 'options.timeout')).toBe(true);
    expect(isStaticPath(tree, 'options.pagination')).toBe(true);
    expect(isStaticPath(tree, 'options')).toBe(true);
    expect(isStaticPath(tree, 'list')).toBe(false);
    expect(isStaticPath(tree, 'url')).toBe(false);
    expect(isStaticPath(tree, 'list[1].value')).toBe(true);
  });
});
