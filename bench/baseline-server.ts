/**
 * The floor: a bare Socket.IO server with Plenary's transport settings and none of its code.
 * It does the same transport work as Plenary in each scenario — acknowledges each command
 * with a payload of the same shape, broadcasts results, upvote counts and presence coalesced
 * at Plenary's push interval, answers a join with a snapshot as large as Plenary's — and
 * nothing else: no authentication, validation, authorisation or storage. No Socket.IO
 * application can beat it on this machine.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ToServer } from './messages.ts';
import { reply } from './server-probe.ts';

const port = Number(process.env['PORT'] ?? 0);
const pushIntervalMs = Number(process.env['PLENARY_PUSH_INTERVAL_MS'] ?? 250);
const CHANNEL = 'room';
const ROLES = ['organiser', 'moderator', 'panellist', 'participant', 'audience', 'display'] as const;

type Ack = (response: unknown) => void;

/** Same length and alphabet as Plenary's ids, so every payload has the same size. */
const newId = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;

const state = {
  roomId: 'room',
  snapshot: {} as Record<string, unknown>,
  revision: 0,
  poll: { id: 'p', options: [] as Array<{ id: string; label: string }>, voted: new Set<string>(), counts: {} as Record<string, number> },
  questions: 0,
  upvoted: new Set<string>(),
  upvotes: {} as Record<string, number>,
  present: 0,
};

const http = createServer((req, res) => {
  res.writeHead(req.url === '/readyz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ready"}');
});
const io = new Server(http, { maxHttpBufferSize: 16 * 1024, perMessageDeflate: false, httpCompression: false });

/**
 * A fixed beat, as Plenary pushed before issue 16: the first change waits a whole interval, at most
 * one push per interval, totals (of changed questions only, for upvotes).
 */
const dirty = new Set<'results' | 'votes' | 'presence'>();
const changedQuestions = new Set<string>();
let pushTimer: NodeJS.Timeout | null = null;
function mark(key: 'results' | 'votes' | 'presence'): void {
  dirty.add(key);
  pushTimer ??= setTimeout(flush, pushIntervalMs);
}
function flush(): void {
  pushTimer = null;
  const room = io.to(CHANNEL);
  for (const key of dirty) {
    if (key === 'results') room.emit('poll.results', pollResults());
    else if (key === 'votes') {
      const votes = Object.fromEntries([...changedQuestions].map((id) => [id, state.upvotes[id] ?? 0]));
      room.emit('qa.votes', { roomId: state.roomId, votes, complete: false });
      changedQuestions.clear();
    }
    else room.emit('presence.counts', presenceCounts());
  }
  dirty.clear();
}

function pollResults() {
  const { poll } = state;
  const rows = poll.options.map((option) => ({ key: option.id, label: option.label, value: poll.counts[option.id] ?? 0 }));
  return { pollId: poll.id, kind: 'single', voters: poll.voted.size, rows, mean: null, answers: [], roomId: state.roomId };
}

function presenceCounts() {
  const byRole = Object.fromEntries(ROLES.map((role) => [role, role === 'audience' ? state.present : 0]));
  return { roomId: state.roomId, total: state.present, byRole, byAttendance: { hall: 0, remote: state.present } };
}

function onConnection(socket: Socket): void {
  const personId = newId('u');
  let joined = false;
  socket.on('room.join', (payload: { roomId: string }, ack: Ack) => {
    state.roomId = payload.roomId;
    void socket.join(CHANNEL);
    if (!joined) {
      joined = true;
      state.present += 1;
      mark('presence');
    }
    ack({ ok: true, ...state.snapshot, serverNowMs: Date.now() });
  });
  socket.on('clock.ping', (payload: { clientSentMs: number }, ack: Ack) => {
    const receivedAtMs = Date.now();
    ack({ ok: true, clientSentMs: payload.clientSentMs, serverReceivedMs: receivedAtMs, serverSentMs: Date.now() });
  });
  socket.on('poll.vote', (payload: { pollId: string; ballot: { kind: 'single'; optionId: string } }, ack: Ack) => {
    const { poll } = state;
    if (!poll.voted.has(personId)) {
      poll.voted.add(personId);
      poll.counts[payload.ballot.optionId] = (poll.counts[payload.ballot.optionId] ?? 0) + 1;
      mark('results');
    }
    ack({ ok: true, pollId: payload.pollId, ballot: payload.ballot, replaced: false });
  });
  socket.on('qa.ask', (payload: { text: string }, ack: Ack) => {
    const atMs = Date.now();
    const question = { id: newId('q'), text: payload.text, authorId: personId, authorName: 'Bench voter 0000', addressedTo: null, status: 'approved', askedAtMs: atMs, editedAtMs: null, answeredAtMs: null };
    state.questions += 1;
    state.revision += 1;
    io.to(CHANNEL).emit('room.delta', { roomId: state.roomId, revision: state.revision, atMs, events: [{ type: 'question.saved', question }] });
    ack({ ok: true, revision: state.revision, question });
  });
  socket.on('qa.upvote', (payload: { questionId: string }, ack: Ack) => {
    const key = `${personId}:${payload.questionId}`;
    if (!state.upvoted.has(key)) {
      state.upvoted.add(key);
      state.upvotes[payload.questionId] = (state.upvotes[payload.questionId] ?? 0) + 1;
      changedQuestions.add(payload.questionId);
      mark('votes');
    }
    ack({ ok: true, questionId: payload.questionId, upvoted: true });
  });
  socket.on('disconnect', () => {
    if (!joined) return;
    state.present -= 1;
    mark('presence');
  });
}
io.on('connection', onConnection);

process.on('message', (message: ToServer) => {
  switch (message.type) {
    case 'baseline.snapshot':
      state.snapshot = (message.snapshot ?? {}) as Record<string, unknown>;
      return reply({ type: 'ack', id: message.id });
    case 'baseline.poll':
      state.poll = { id: message.pollId, options: message.options, voted: new Set(), counts: {} };
      return reply({ type: 'ack', id: message.id });
    case 'baseline.tally':
      return reply({ type: 'baseline.tally', id: message.id, voters: state.poll.voted.size, counts: { ...state.poll.counts } });
    case 'baseline.questions':
      return reply({ type: 'baseline.questions', id: message.id, questions: state.questions, votes: { ...state.upvotes } });
    case 'gc':
      return; // answered by the probe
  }
});

http.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => io.close(() => process.exit(0)));
