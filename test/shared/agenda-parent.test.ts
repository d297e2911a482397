import { describe, expect, it } from 'vitest';
import { parseAgendaText } from '../../server/demo/load-demo.ts';
import { AgendaSchema, childRoomsOf, type AgendaInput } from '../../shared/model/event.ts';

type RoomInput = AgendaInput['rooms'][number];

const room = (id: string, parent?: string): RoomInput => ({
  id,
  title: `Session ${id}`,
  kind: parent ? 'roundtable' : 'plenary',
  startsAt: '2023-05-18T16:00:00+06:00',
  endsAt: '2023-05-18T17:30:00+06:00',
  ...(parent === undefined ? {} : { parent }),
});

const agendaOf = (...rooms: RoomInput[]): AgendaInput => ({ id: 'mini', title: 'Roundtables', audienceCode: 'MINI1', rooms });

function refusalOf(agenda: AgendaInput): { path: PropertyKey[]; message: string } | null {
  const parsed = AgendaSchema.safeParse(agenda);
  if (parsed.success) return null;
  const [issue] = parsed.error.issues;
  return issue ? { path: issue.path, message: issue.message } : null;
}

describe('a room’s parent in the agenda', () => {
  it('is null unless given, and names the chair’s session for its tables', () => {
    const agenda = AgendaSchema.parse(agendaOf(room('opening'), room('table-1', 'opening'), room('table-2', 'opening')));
    expect(agenda.rooms.map((r) => r.parent)).toEqual([null, 'opening', 'opening']);
    expect(childRoomsOf(agenda, 'opening').map((r) => r.id)).toEqual(['table-1', 'table-2']);
    expect(childRoomsOf(agenda, 'table-1')).toEqual([]);
  });

  it('must be a room of the same agenda', () => {
    expect(refusalOf(agendaOf(room('opening'), room('table-1', 'elsewhere')))).toEqual({
      path: ['rooms', 1, 'parent'],
      message: 'no room "elsewhere" in the agenda',
    });
  });

  it('must not be the room itself', () => {
    expect(refusalOf(agendaOf(room('opening'), room('table-1', 'table-1')))).toEqual({
      path: ['rooms', 1, 'parent'],
      message: 'a room cannot be its own parent',
    });
  });

  it('nests one level only: a chair over tables, not over tables of tables', () => {
    expect(refusalOf(agendaOf(room('opening'), room('table-1', 'opening'), room('corner', 'table-1')))).toEqual({
      path: ['rooms', 2, 'parent'],
      message: '"table-1" has a parent itself; rooms nest one level only',
    });
  });

  it('is refused on import with invalid_input naming the room’s field', () => {
    const refused = parseAgendaText(JSON.stringify(agendaOf(room('opening'), room('table-1', 'table-1'))), 'json');
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('rooms[1].parent') } });
  });
});
