import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach } from 'vitest';

/** One request as the fake received it, and the HTTP status it answered with. */
export type TwirpCall = { method: string; path: string; rpc: string; authorization: string; body: Record<string, unknown>; status: number };

export type FakeLiveKit = {
  url: string;
  port: number;
  /** Every request, answered or refused, in arrival order. */
  calls: TwirpCall[];
  /** The calls LiveKit carried out (status 200): what the video room's permissions went through. */
  answered(): TwirpCall[];
  /** Answer every request with this status until set back to null (e.g. 503: LiveKit down). */
  failWith: number | null;
  /** The tracks GetParticipant reports; null answers not_found (the person is not in the video room). */
  tracks: Array<{ sid: string; source: string; muted: boolean }> | null;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  restart(): Promise<void>;
};

const startedForTest: FakeLiveKit[] = [];
const startedForFile: FakeLiveKit[] = [];
afterEach(async () => {
  while (startedForTest.length) await startedForTest.pop()?.stop();
});
afterAll(async () => {
  while (startedForFile.length) await startedForFile.pop()?.stop();
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function twirpError(res: ServerResponse, status: number, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, msg: code }));
}

/**
 * A stand-in for LiveKit's RoomService on a local port: it records every Twirp request the real
 * SDK sends (method, path, bearer token, JSON body), refused ones too, with the status it
 * answered, and answers as LiveKit would. Stopped after the test that started it, or with
 * lifetime 'file' after the test file.
 */
export async function startFakeLiveKit(lifetime: 'test' | 'file' = 'test'): Promise<FakeLiveKit> {
  let server: Server | null = null;
  let port = 0;
  const fake: FakeLiveKit = {
    url: '',
    port: 0,
    calls: [],
    answered: () => fake.calls.filter((call) => call.status === 200),
    failWith: null,
    tracks: [],
    async stop() {
      const closing = server;
      server = null;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async restart() {
      await listen();
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = req.url ?? '';
    const rpc = path.split('/').pop() ?? '';
    const call: TwirpCall = { method: req.method ?? '', path, rpc, authorization: req.headers.authorization ?? '', body: JSON.parse(body || '{}') as Record<string, unknown>, status: 200 };
    fake.calls.push(call);
    const refuse = (status: number, code: string) => {
      call.status = status;
      twirpError(res, status, code);
    };
    if (fake.failWith !== null) return refuse(fake.failWith, 'unavailable');
    const { identity, room } = call.body as { identity?: string; room?: string };
    const json = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (rpc === 'GetParticipant') {
      if (fake.tracks === null) return refuse(404, 'not_found');
      return json({ identity, tracks: fake.tracks });
    }
    if (rpc === 'MutePublishedTrack') return json({ track: { sid: (call.body as { trackSid: string }).trackSid, muted: true } });
    if (rpc === 'UpdateParticipant') return json({ identity, sid: `PA_${identity}` });
    if (rpc === 'RemoveParticipant') return json({});
    if (rpc === 'ListRooms') return json({ rooms: [{ name: room }] });
    return refuse(404, 'bad_route');
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((req, res) => void handle(req, res));
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        port = (next.address() as AddressInfo).port;
        fake.port = port;
        fake.url = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  await listen();
  (lifetime === 'file' ? startedForFile : startedForTest).push(fake);
  return fake;
}
