import { videoModeOf } from '../../shared/model/event.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import { roleInRoom } from '../auth/access.ts';
import type { Runtime } from '../runtime.ts';
import type { Media } from './media.ts';
import { liveKitRoomName } from './room-names.ts';
import type { FloorCallOutcome } from './video-control.ts';
import { VideoOutbox } from './video-outbox.ts';

/** One LiveKit permission change the floor asks for, at the revision that asked for it. */
export type FloorCall = {
  personId: string;
  change: 'grant' | 'revoke';
  revision: number;
  /** Who holds the floor after that revision: where the outbox goes on from once it is applied. */
  holderAfter: string | null;
};

export type FloorPlan = { calls: FloorCall[]; revision: number; holder: string | null };

/**
 * A point of order that interrupts a turn takes the floor from the interrupted speaker (their
 * turn is suspended) and gives it to whoever raised it; resuming gives it back.
 */
function holderAfter(holder: string | null, event: RoomEvent): string | null {
  if (event.type === 'floor.turnStarted' || event.type === 'floor.turnResumed') return event.turn.speaker.personId;
  if (event.type === 'floor.turnEnded' || event.type === 'floor.turnSuspended') return null;
  return holder;
}

const HOLDER_EVENTS: ReadonlySet<RoomEvent['type']> = new Set(['floor.turnStarted', 'floor.turnEnded', 'floor.turnSuspended', 'floor.turnResumed']);

/**
 * The floor decides who is heard: when someone's turn starts they may publish camera and
 * microphone, when it ends (or is given to another) they may not. From the holder before the
 * deltas, each delta that changes the holder revokes the old one and grants the new one.
 *
 * Only each person's last change is kept: a permission call sets the whole permission, so a
 * later one makes an earlier one moot, and a grant still pending never lands after its revoke.
 * The calls come in the order of those last changes, a revoke before the grant of the same delta.
 */
export function floorCallsOf(deltas: readonly RoomDelta[], holderBefore: string | null): FloorPlan {
  const byPerson = new Map<string, FloorCall>();
  let holder = holderBefore;
  let revision = 0;
  for (const delta of deltas) {
    const previous = holder;
    holder = delta.events.reduce(holderAfter, holder);
    revision = delta.revision;
    if (previous === holder) continue;
    const changes: Array<[string | null, FloorCall['change']]> = [[previous, 'revoke'], [holder, 'grant']];
    for (const [personId, change] of changes) {
      if (!personId) continue;
      byPerson.delete(personId);
      byPerson.set(personId, { personId, change, revision, holderAfter: holder });
    }
  }
  return { calls: [...byPerson.values()], revision, holder };
}

/**
 * Floor changes reach LiveKit through the room's outbox in the store (video-outbox.ts), so a
 * process that dies between the commit and the call leaves the call to whichever process works
 * the outbox next. The committing process starts at once; the sweep catches the rest.
 */
export function followFloorForVideo(runtime: Runtime, media: Media): VideoOutbox {
  const outbox = new VideoOutbox(runtime.store, runtime.logger, {
    plan: floorCallsOf,
    apply: (roomId, call, proceed) => applyFloorCall(runtime, media, roomId, call, proceed),
    roomIds: async () => (await runtime.store.listEvents()).flatMap(({ agenda }) => agenda.rooms.map((room) => room.id)),
  });
  runtime.live.onCommitted((delta: RoomDelta) => {
    if (delta.events.some((event) => HOLDER_EVENTS.has(event.type))) outbox.kick(delta.roomId);
  });
  outbox.start();
  return outbox;
}

/**
 * Chair and panellists always publish, and in an 'open' room so do participants: only
 * participants in 'stage' rooms are touched, and the audience anywhere (they publish only
 * during a question turn of theirs).
 */
async function applyFloorCall(runtime: Runtime, media: Media, roomId: string, call: FloorCall, proceed: () => Promise<boolean>): Promise<FloorCallOutcome> {
  const person = await runtime.store.getPerson(call.personId);
  if (!person) return 'applied';
  const room = await runtime.events.room(person.eventId, roomId);
  if (!room) return 'applied';
  const role = roleInRoom(person, room);
  const touched = role === 'audience' || (role === 'participant' && videoModeOf(room) === 'stage');
  if (!touched) return 'applied';
  const name = liveKitRoomName(person.eventId, roomId);
  return call.change === 'grant' ? media.control.grantSpeaker(name, call.personId, proceed) : media.control.revokeSpeaker(name, call.personId, proceed);
}
