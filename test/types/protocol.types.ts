/**
 * Compile-time checks of the typed protocol: `npm test` runs `tsc --noEmit`, which fails if a
 * wrong command name or payload below stops being an error. Nothing here runs.
 */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/ack.ts';
import { COMMAND_ROLES } from '../../shared/permissions.ts';

declare const socket: Socket<ServerToClientEvents, ClientToServerEvents>;

socket.emit('floor.request', { kind: 'point_of_order' }, (ack) => {
  if (ack.ok) ack.requestId.toUpperCase();
  else ack.error.code.toUpperCase();
});
socket.emit('timer.adjust', { timerId: 'turn', deltaSec: 60 }, () => undefined);
socket.on('room.delta', (delta) => delta.revision.toFixed());
socket.emit('qa.ask', { text: 'Who audits the auditors?', commandId: 'a1b2c3d4e5f6' }, () => undefined);

// @ts-expect-error an unknown command does not compile
socket.emit('floor.grab', {}, () => undefined);
// @ts-expect-error a request kind outside the closed list
socket.emit('floor.request', { kind: 'shout' }, () => undefined);
// @ts-expect-error seconds are numbers
socket.emit('floor.extraTime', { seconds: '60' }, () => undefined);
// @ts-expect-error a ballot must match its kind's shape
socket.emit('poll.vote', { pollId: 'p1', ballot: { kind: 'single', optionIds: ['o1'] } }, () => undefined);
// @ts-expect-error a command id is a string
socket.emit('qa.ask', { text: 'Who audits the auditors?', commandId: 42 }, () => undefined);
// @ts-expect-error the server never sends this event
socket.on('poll.tick', () => undefined);

// @ts-expect-error every command must be in the role table, and nothing else
COMMAND_ROLES['floor.grab'];
