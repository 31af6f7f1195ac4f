// The ceiling: bare Node `http` doing the two scenarios' work with no engine, like the peers' harness's
// baseline-server.js. Run by server.bench.mjs in its own process: PORT=… node bench/bare-node-server.mjs
import { createServer } from 'node:http';
import { heavyBaseline } from './heavy-scenario.mjs';
import { HEAVY_PATH, SIMPLE_PATH } from './webhook-scenarios.mjs';

function answer(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return answer(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || (req.url !== SIMPLE_PATH && req.url !== HEAVY_PATH))
    return answer(res, 404, {});
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'invalid JSON' });
    }
    if (req.url === HEAVY_PATH)
      return answer(res, 200, heavyBaseline(Array.isArray(body.items) ? body.items : []));
    return answer(res, 200, { ...body, processed: true });
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close());
