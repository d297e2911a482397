import type { AgendaRoom } from '../../../shared/model/event.ts';
import type { AgendaQuota } from '../../../shared/model/quota.ts';

/**
 * The fields of a session the organiser's form edits. The hall is typed by its name and sent as
 * `location`: the server finds the hall of that name, or creates it. `quotas` null: the session
 * has none of its own and uses the event's.
 */
export type RoomFields = Pick<AgendaRoom, 'title' | 'kind' | 'description' | 'startsAt' | 'endsAt' | 'turnMinutes' | 'moderators' | 'speakers' | 'parent'> & {
  location: string;
  quotas: AgendaQuota[] | null;
};

/**
 * The fields the organiser changed since the form opened, and only those: a save after another
 * organiser's (refused as stale, then sent again) must apply this organiser's changes on top of
 * theirs, not put back the values this form happened to show when it opened.
 */
export function changedRoomFields(opened: RoomFields, edited: RoomFields): Partial<RoomFields> {
  const changed: Partial<RoomFields> = {};
  for (const key of Object.keys(edited) as Array<keyof RoomFields>) {
    if (JSON.stringify(edited[key]) !== JSON.stringify(opened[key])) Object.assign(changed, { [key]: edited[key] });
  }
  return changed;
}
