import { expect, it } from 'vitest';
import { createWebhookRepository } from '../src/webhook.repository.js';
import { createWorkflowRepository } from '../src/workflow.repository.js';
import { describeOnBothDialects } from './contract-harness.js';
import { makeWorkflow } from './workflow-fixture.js';

describeOnBothDialects('WebhookRepository', (database) => {
  const webhooks = () => createWebhookRepository(database.connection().db);
  const newWorkflow = async () =>
    (await createWorkflowRepository(database.connection().db).create(makeWorkflow())).id;
  const routesOf = async (workflowId: string) =>
    (await webhooks().list()).filter((r) => r.workflowId === workflowId);

  it('stores upper-case methods and paths without edge slashes, and finds them the same way', async () => {
    const workflowId = await newWorkflow();
    await webhooks().replaceForWorkflow(workflowId, [
      { method: 'post', path: `/${workflowId}/orders/`, nodeId: 'trigger' },
    ]);
    const route = { method: 'POST', path: `${workflowId}/orders`, workflowId, nodeId: 'trigger' };
    expect(await routesOf(workflowId)).toEqual([route]);
    expect(await webhooks().find('Post', `//${workflowId}/orders`)).toEqual(route);
    expect(await webhooks().find('GET', `${workflowId}/orders`)).toBeUndefined();
  });

  it('replaces all routes of the workflow', async () => {
    const workflowId = await newWorkflow();
    await webhooks().replaceForWorkflow(workflowId, [
      { method: 'GET', path: `${workflowId}/a`, nodeId: 'trigger' },
      { method: 'GET', path: `${workflowId}/b`, nodeId: 'trigger' },
    ]);
    await webhooks().replaceForWorkflow(workflowId, [
      { method: 'GET', path: `${workflowId}/b`, nodeId: 'set' },
      { method: 'PUT', path: `${workflowId}/c`, nodeId: 'trigger' },
    ]);
    expect((await routesOf(workflowId)).map((r) => `${r.method} ${r.path} ${r.nodeId}`).sort()).toEqual([
      `GET ${workflowId}/b set`,
      `PUT ${workflowId}/c trigger`,
    ]);
    await webhooks().removeForWorkflow(workflowId);
    expect(await routesOf(workflowId)).toEqual([]);
  });

  it('refuses a path another workflow holds with WEBHOOK_PATH_TAKEN and changes nothing', async () => {
    const holder = await newWorkflow();
    const other = await newWorkflow();
    await webhooks().replaceForWorkflow(holder, [
      { method: 'POST', path: `${holder}/hook`, nodeId: 'trigger' },
    ]);
    await webhooks().replaceForWorkflow(other, [{ method: 'GET', path: `${other}/own`, nodeId: 'trigger' }]);
    await expect(
      webhooks().replaceForWorkflow(other, [
        { method: 'GET', path: `${other}/new`, nodeId: 'trigger' },
        { method: 'post', path: `/${holder}/hook`, nodeId: 'trigger' },
      ]),
    ).rejects.toMatchObject({
      code: 'WEBHOOK_PATH_TAKEN',
      details: { method: 'POST', path: `${holder}/hook`, workflowId: holder },
    });
    expect((await routesOf(other)).map((r) => r.path)).toEqual([`${other}/own`]);
    expect(await routesOf(holder)).toHaveLength(1);
    // The same method on another path, or another method on the path, is free.
    await webhooks().replaceForWorkflow(other, [
      { method: 'GET', path: `${holder}/hook`, nodeId: 'trigger' },
    ]);
  });

  it('refuses the same route twice in one workflow', async () => {
    const workflowId = await newWorkflow();
    await expect(
      webhooks().replaceForWorkflow(workflowId, [
        { method: 'GET', path: `${workflowId}/x`, nodeId: 'trigger' },
        { method: 'get', path: `${workflowId}/x/`, nodeId: 'set' },
      ]),
    ).rejects.toMatchObject({ code: 'WEBHOOK_PATH_TAKEN', details: { workflowId } });
    expect(await routesOf(workflowId)).toEqual([]);
  });

  it('gives a contested path to exactly one of several concurrent workflows', async () => {
    const contenders = await Promise.all([newWorkflow(), newWorkflow(), newWorkflow()]);
    // Several rounds on a warm pool, so the transactions overlap and some lose at the insert, not the check.
    for (let round = 0; round < 10; round++) {
      const path = `contested/${contenders[0]}/${round}`;
      const results = await Promise.allSettled(
        contenders.map((workflowId) =>
          webhooks().replaceForWorkflow(workflowId, [{ method: 'POST', path, nodeId: 'trigger' }]),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const winner = (await webhooks().find('POST', path))?.workflowId;
      for (const result of results.filter((r) => r.status === 'rejected')) {
        expect(result).toMatchObject({
          reason: { code: 'WEBHOOK_PATH_TAKEN', details: { method: 'POST', path, workflowId: winner } },
        });
      }
    }
  });

  it('refuses routes for an unknown workflow and drops routes with their workflow', async () => {
    await expect(
      webhooks().replaceForWorkflow('missing', [{ method: 'GET', path: 'missing', nodeId: 'trigger' }]),
    ).rejects.toMatchObject({ code: 'DB_NOT_FOUND' });
    const workflowId = await newWorkflow();
    await webhooks().replaceForWorkflow(workflowId, [{ method: 'GET', path: workflowId, nodeId: 'trigger' }]);
    await createWorkflowRepository(database.connection().db).delete(workflowId);
    expect(await webhooks().find('GET', workflowId)).toBeUndefined();
  });
});
