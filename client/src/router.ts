import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Every screen has a URL of its own, so a projector or a stage display can be bookmarked. Each
 * loads its own code when first visited; `joinStrings` marks the pages that need only the join
 * page's strings (i18n/first-*.ts), so they show before the rest of the strings arrive.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'join', component: () => import('./views/JoinView.vue'), meta: { joinStrings: true } },
  { path: '/join/:invite', name: 'invite', component: () => import('./views/JoinView.vue'), props: true, meta: { joinStrings: true } },
  { path: '/e/:eventId', name: 'agenda', component: () => import('./views/AgendaView.vue'), props: true },
  { path: '/e/:eventId/r/:roomId', name: 'room', component: () => import('./views/RoomView.vue'), props: true },
  { path: '/e/:eventId/r/:roomId/stage', name: 'stage', component: () => import('./views/StageView.vue'), props: true },
  { path: '/e/:eventId/r/:roomId/projector', name: 'projector', component: () => import('./views/ProjectorView.vue'), props: true },
  { path: '/e/:eventId/h/:hallId/stage', name: 'hall-stage', component: () => import('./views/HallStageView.vue'), props: true },
  { path: '/e/:eventId/h/:hallId/projector', name: 'hall-projector', component: () => import('./views/HallProjectorView.vue'), props: true },
  { path: '/organiser', name: 'organiser', component: () => import('./views/OrganiserView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export function createPlenaryRouter() {
  return createRouter({ history: createWebHistory(), routes });
}
