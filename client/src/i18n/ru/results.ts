import type en from '../en/results.ts';

export default {
  chartLabel: 'Результаты: {question}',
  noVotes: 'Голосов пока нет',
  voters: '{count} проголосовавший | {count} проголосовавших | {count} проголосовавших',
  votes: '{count} голос | {count} голоса | {count} голосов',
  barText: '{label}: {count}, {percent}%',
  percent: '{percent}%',
  multipleNote: 'Каждый мог выбрать до {max} вариантов; проценты — от числа проголосовавших.',
  mean: 'Среднее: {mean}',
  meanOfScale: 'Среднее: {mean} по шкале от {min} до {max}',
  scaleEnds: '{min} — {minLabel}, {max} — {maxLabel}',
  points: '{count} балл | {count} балла | {count} баллов',
  place: '№ {place}',
  rankingNote: 'Баллы: чем выше вариант в рейтинге голосующих, тем больше баллов.',
  wordCount: '{word}: {count}',
  noWords: 'Слов пока нет',
  latestAnswers: 'Последние ответы',
  noAnswers: 'Ответов пока нет',
} satisfies typeof en;
