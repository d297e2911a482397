import type { Agenda, AgendaRoom } from '../../shared/model/event.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { initialRoomState } from '../domain/initial-state.ts';
import type { Store } from '../store/store.ts';

/** Agendas change rarely and are read on every join, so they are cached; saving goes through here. */
export class EventDirectory {
  private readonly agendas = new Map<string, Agenda>();

  /** @param saved told after an agenda is saved, so other processes sharing the store can drop their copy */
  constructor(
    private readonly store: Store,
    private readonly saved: (eventId: string) => void = () => {},
  ) {}

  async agenda(eventId: string): Promise<Agenda | null> {
    const cached = this.agendas.get(eventId);
    if (cached) return cached;
    const stored = await this.store.getEvent(eventId);
    if (stored) this.agendas.set(eventId, stored.agenda);
    return stored?.agenda ?? null;
  }

  async room(eventId: string, roomId: string): Promise<AgendaRoom | null> {
    return (await this.agenda(eventId))?.rooms.find((room) => room.id === roomId) ?? null;
  }

  async byCode(audienceCode: string): Promise<Agenda | null> {
    return (await this.store.findEventByCode(audienceCode))?.agenda ?? null;
  }

  /** Rooms new to the agenda start empty; rooms already live keep their state. */
  async save(agenda: Agenda, nowMs: number): Promise<void> {
    const initialRooms: RoomState[] = agenda.rooms.map(initialRoomState);
    await this.store.saveEvent(agenda, initialRooms, nowMs);
    this.agendas.set(agenda.id, agenda);
    this.saved(agenda.id);
  }

  /** Drops the cached agenda: another process saved a new one. */
  forget(eventId: string): void {
    this.agendas.delete(eventId);
  }
}
