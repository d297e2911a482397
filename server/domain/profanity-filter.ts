import { profanityFilterOf, type RoomSettings } from '../../shared/model/room.ts';
import type { Question } from '../../shared/model/question.ts';
import { isProfane, maskProfanity } from '../moderation/profanity.ts';

/** A text as the room's filter lets it through: masked where profane, and whether it is held. */
export type FilteredText = { text: string; profanity: Question['profanity'] };

/** A question's text (asked or edited) through the room's filter. */
export function filterQuestionText(settings: Pick<RoomSettings, 'profanityFilter'>, text: string): FilteredText {
  const filter = profanityFilterOf(settings);
  if (filter === 'off' || !isProfane(text)) return { text, profanity: undefined };
  return { text: maskProfanity(text), profanity: filter === 'hold' ? 'held' : 'masked' };
}

/**
 * An open-text answer through the filter: masked, in 'hold' as in 'mask' (an answer has no
 * approval queue; the chair can still hide it), so the word never reaches a screen.
 */
export function filterAnswer(settings: Pick<RoomSettings, 'profanityFilter'>, text: string): string {
  return profanityFilterOf(settings) !== 'off' && isProfane(text) ? maskProfanity(text) : text;
}

/** Whether a word-cloud word is kept out: a cloud of masks would show nothing, so a profane word is refused. */
export function refusesWord(settings: Pick<RoomSettings, 'profanityFilter'>, word: string): boolean {
  return profanityFilterOf(settings) !== 'off' && isProfane(word);
}
