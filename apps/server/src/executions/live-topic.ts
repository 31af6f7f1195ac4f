/** Topics made so far, by workflow id; cleared when it grows past this (workflows come and go). */
const TOPIC_MEMO_LIMIT = 10_000;
const topics = new Map<string, string>();

/**
 * The bus topic of a workflow's live execution events. Each event is published once, on its workflow's
 * topic; a stream of one execution filters it (one publish per event matters when it crosses Redis).
 * The same string object comes back for a workflow: the bus looks topics up in a map for every event of
 * every execution, and a string built afresh each time would have to be hashed each time.
 */
export function liveTopicOf(workflowId: string): string {
  let topic = topics.get(workflowId);
  if (topic === undefined) {
    if (topics.size >= TOPIC_MEMO_LIMIT) topics.clear();
    topic = `workflow:${workflowId}`;
    topics.set(workflowId, topic);
  }
  return topic;
}
