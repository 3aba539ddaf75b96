import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  | { kind: 'record' }
  | { kind: 'replay' }
  | { kind: 'tamper'; edit: (answer: any) => void }
  | { kind: 'status'; status: number }
  | { kind: 'hang' };

/**
 * A man in the middle on loopback between the client and the real service: forwards, records,
 * replays or edits real signed answers, or fails in the ways a network does.
 */
export async function startTamperProxy(upstream: string) {
  let mode: ProxyMode = { kind: 'pass' };
  let recorded: string | undefined;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (mode.kind === 'hang') return; // never answers
    if (mode.kind === 'status') {
      res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{"error":{"code":"X","message":"x","requestId":"x"}}');
      return;
    }
    if (mode.kind === 'replay') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(recorded);
      return;
    }
    const upstreamRes = await fetch(`${upstream}${req.url}`, {
      method: req.method!,
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    let text = await upstreamRes.text();
    if (mode.kind === 'record') recorded = text;
    if (mode.kind === 'tamper') {
      const body = JSON.parse(text);
      mode.edit(body.answer);
      text = JSON.stringify(body);
    }
    res.writeHead(upstreamRes.status, { 'content-type': 'application/json' }).end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    setMode(m: ProxyMode) {
      mode = m;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
