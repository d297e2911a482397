import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { quizzesOf } from '../../../shared/model/quiz.ts';
import { quizQuestionOf } from '../lib/quiz-play.ts';
import { decideAnnouncements, readAnnounced, saveAnnounced, type Announcement, type AnnouncementView } from '../lib/room-announcements.ts';
import type { FollowedRoom } from '../lib/room-follower.ts';
import { useAnnouncer } from './useAnnouncer.ts';

export type PollBanner = Extract<Announcement, { kind: 'opened' | 'revealed' }>;

/** A short buzz where the device has one; browsers without it, or that refuse it before a tap, are simply quiet. */
function vibrate() {
  try {
    if (typeof navigator.vibrate === 'function') navigator.vibrate(200);
  } catch {
    // Nothing to do: the banner and the live region still say it.
  }
}

/**
 * Says a new poll, a reveal and an invitation to speak wherever the person is: the live region,
 * a vibration, and (for polls) a banner that takes them there. The invitation has its own banner.
 */
export function useRoomAnnouncements(room: Ref<FollowedRoom>, invitation: Ref<AnnouncementView['invitation']>) {
  const { t } = useI18n();
  const { announce } = useAnnouncer();
  const banner = ref<PollBanner | null>(null);
  const view = computed<AnnouncementView>(() => ({ polls: room.value.state.polls, invitation: invitation.value }));
  const words = (item: Announcement) => {
    const poll = item.kind !== 'invited' && room.value.state.polls.find((candidate) => candidate.id === item.pollId);
    const quiz = poll ? quizQuestionOf(quizzesOf(room.value.state), poll) : null;
    if (quiz && item.kind !== 'invited') {
      const key = item.kind === 'opened' ? 'quiz-phone.banner.announceOpened' : 'quiz-phone.banner.announceRevealed';
      return t(key, { number: quiz.number, total: quiz.total, question: item.question });
    }
    if (item.kind === 'opened') return t('room.polls.opened', { question: item.question });
    if (item.kind === 'revealed') return t('room.polls.results.shown', { question: item.question });
    return t('room.invitation.announce');
  };

  watch(
    view,
    (now) => {
      const { eventId } = room.value;
      const { roomId } = room.value.state;
      const decided = decideAnnouncements(now, readAnnounced(sessionStorage, eventId, roomId));
      saveAnnounced(sessionStorage, eventId, roomId, decided.announced);
      if (!decided.announce.length) return;
      announce(decided.announce.map(words).join(' '));
      vibrate();
      const latestPoll = decided.announce.filter((item): item is PollBanner => item.kind !== 'invited').at(-1);
      if (latestPoll) banner.value = latestPoll;
    },
    { immediate: true },
  );

  // A banner for a poll that is gone, or an opening's banner once the poll closed, would lead nowhere.
  watch(
    () => room.value.state.polls,
    (polls) => {
      const shown = banner.value;
      const poll = shown && polls.find((candidate) => candidate.id === shown.pollId);
      if (shown && (!poll || (shown.kind === 'opened' && poll.status !== 'open'))) banner.value = null;
    },
  );

  return { banner, dismiss: () => (banner.value = null) };
}
