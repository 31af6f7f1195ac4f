/**
 * The bus topic of a workflow's live execution events. Each event is published once, on its workflow's
 * topic; a stream of one execution filters it (one publish per event matters when it crosses Redis).
 */
export const liveTopicOf = (workflowId: string): string => `workflow:${workflowId}`;
