import type { RouteBudget } from './route-size.ts';

/**
 * Every page loads its language's strings before it shows: counted at the heavier language,
 * Russian. The join page needs only its own; every other page all of them.
 */
const JOIN_STRINGS = 'src/i18n/first-ru.ts';
const STRINGS = [JOIN_STRINGS, 'src/i18n/rest-ru.ts'];
const VIDEO = /livekit-client/;
const CONSOLE = /ModeratorConsole/;
const ORGANISER = /OrganiserView/;
const SCREENS = /Projector|Stage/;

/**
 * Each route's initial scripts and style sheets, gzip, at most (docs/performance.md, "Route
 * budgets"). Set from the build's own figures with some headroom: a change that spends the
 * headroom fails the build and has to say why the bytes are worth it. On the 400 kbit/s hall
 * link of the first-screen test every 50 kB is a second.
 */
export const ROUTE_BUDGETS: RouteBudget[] = [
  { route: 'join', modules: [JOIN_STRINGS, 'src/views/JoinView.vue'], maxGzipBytes: 85_000, forbidden: [VIDEO, CONSOLE, ORGANISER, SCREENS, /AudienceRoom/] },
  { route: 'agenda', modules: [...STRINGS, 'src/views/AgendaView.vue'], maxGzipBytes: 150_000, forbidden: [VIDEO, CONSOLE, ORGANISER, SCREENS] },
  {
    route: 'audience room',
    modules: [...STRINGS, 'src/views/RoomView.vue', 'src/components/room/AudienceRoom.vue'],
    maxGzipBytes: 180_000,
    forbidden: [VIDEO, CONSOLE, ORGANISER, SCREENS],
  },
  { route: 'moderator console', modules: [...STRINGS, 'src/views/RoomView.vue', 'src/components/moderator/ModeratorConsole.vue'], maxGzipBytes: 200_000, forbidden: [VIDEO, ORGANISER] },
  { route: 'stage', modules: [...STRINGS, 'src/views/StageView.vue'], maxGzipBytes: 162_000, forbidden: [VIDEO, CONSOLE, ORGANISER] },
  { route: 'projector', modules: [...STRINGS, 'src/views/ProjectorView.vue'], maxGzipBytes: 167_000, forbidden: [VIDEO, CONSOLE, ORGANISER] },
  { route: 'hall stage', modules: [...STRINGS, 'src/views/HallStageView.vue'], maxGzipBytes: 167_000, forbidden: [VIDEO, CONSOLE, ORGANISER] },
  { route: 'hall projector', modules: [...STRINGS, 'src/views/HallProjectorView.vue'], maxGzipBytes: 170_000, forbidden: [VIDEO, CONSOLE, ORGANISER] },
  { route: 'organiser', modules: [...STRINGS, 'src/views/OrganiserView.vue'], maxGzipBytes: 155_000, forbidden: [VIDEO, CONSOLE] },
];
