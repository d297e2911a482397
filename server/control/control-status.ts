import type { AgendaRoom } from '../../shared/model/event.ts';
import type { SpeakerRequest, Turn } from '../../shared/model/floor.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { formatClock, isRunning, remainingMs, timerPhase, type TimerPhase } from '../../shared/model/timer.ts';
import type { ControlStatus } from '../../shared/protocol/control.ts';

/** The stage display's colours for a timer's phases, for a button's background. */
const PHASE_COLOURS: Record<TimerPhase, string> = {
  idle: '#5f6b7a',
  normal: '#1b7a3a',
  warning: '#b37400',
  danger: '#b3261e',
  overtime: '#7a0e0e',
};

function line({ speaker, kind }: Pick<Turn | SpeakerRequest, 'speaker' | 'kind'>): ControlStatus['speaker'] {
  return { name: speaker.name, organisation: speaker.organisation, country: speaker.country, kind };
}

/** What a desk's buttons show: who speaks and for how long, who is next, the open poll. */
export function controlStatus(room: AgendaRoom, state: RoomState, nowMs: number): ControlStatus {
  const { current, queue } = state.floor;
  const timer = state.timers.turn;
  const left = current ? remainingMs(timer, nowMs) : null;
  const phase = current ? timerPhase(timer, nowMs) : 'idle';
  const openPoll = state.polls.find((poll) => poll.status === 'open');
  return {
    roomId: room.id,
    hallId: room.hall,
    title: room.title,
    open: state.open,
    revision: state.revision,
    speaker: current ? line(current) : null,
    remainingSec: left === null ? null : left < 0 ? -Math.floor(-left / 1000) : Math.ceil(left / 1000),
    remainingText: left === null ? null : formatClock(left),
    timer: !current ? 'idle' : isRunning(timer) ? 'running' : 'paused',
    phase,
    colour: PHASE_COLOURS[phase],
    next: queue[0] ? line(queue[0]) : null,
    waiting: queue.length,
    openPoll: openPoll ? { id: openPoll.id, question: openPoll.question } : null,
    messages: state.messages.length,
    projector: state.projector.mode,
  };
}
