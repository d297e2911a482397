import { refuse, type Refusal } from '../../shared/errors.ts';
import type { Agenda } from '../../shared/model/event.ts';
import type { Runtime } from '../runtime.ts';

/**
 * A save may drop a hall only while no screen follows it: its screens would go dark in the
 * middle of the day with nothing telling the organiser why. Counted on every process.
 */
export async function hallRemovalRefusal(runtime: Runtime, before: Pick<Agenda, 'id' | 'halls'> | null, next: Pick<Agenda, 'halls'>): Promise<Refusal | null> {
  if (!before) return null;
  for (const hall of before.halls) {
    if (next.halls.some((kept) => kept.id === hall.id)) continue;
    const screens = await runtime.hallScreens.count(before.id, hall.id);
    if (screens > 0) {
      const counted = screens === 1 ? '1 screen' : `${screens} screens`;
      return refuse('conflict', `halls: hall "${hall.name}" has ${counted} connected; point them at another hall or close them before removing it.`);
    }
  }
  return null;
}
